// The door scanner: reads badge QR codes with the camera, asks the server for
// a verdict, and judges alone from a snapshot when the network is down.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  // The page's language and its texts (the catalogue's namespace "door"),
  // handed over by the server in data attributes of <body>.
  var page = document.body.dataset, TEXTS = JSON.parse(page.texts || '{}');
  function text(key) { return TEXTS[key] || key; }
  // format replaces each %d or %s of a text by the next argument, in order.
  function format(key) {
    var args = arguments, i = 1;
    return text(key).replace(/%[ds]/g, function () { return String(args[i++]); });
  }
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem('door.' + k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem('door.' + k, JSON.stringify(v)); } catch (e) { /* full */ } },
    del: function (k) { localStorage.removeItem('door.' + k); }
  };
  // The snapshot (a few megabytes at a large event) and the photos kept for
  // offline use outgrow localStorage, so they live in IndexedDB.
  var bigStore = {
    db: null,
    open: function () {
      if (this.db) return this.db;
      this.db = new Promise(function (resolve, reject) {
        var req = indexedDB.open('door', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('kv'); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
      return this.db;
    },
    run: function (mode, fn) {
      return this.open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction('kv', mode), req = fn(tx.objectStore('kv'));
          tx.oncomplete = function () { resolve(req.result); };
          tx.onerror = function () { reject(tx.error); };
        });
      });
    },
    get: function (k) { return this.run('readonly', function (s) { return s.get(k); }).catch(function () { return null; }); },
    set: function (k, v) { return this.run('readwrite', function (s) { return s.put(v, k); }).catch(function () { /* full */ }); },
    del: function (k) { return this.run('readwrite', function (s) { return s.delete(k); }).catch(function () { /* gone */ }); }
  };
  var BATCH = 1000; // scans per upload
  var state = { token: store.get('token'), cp: store.get('checkpoint'), dir: store.get('direction') || 'in',
    snap: null, queue: store.get('queue') || [], inside: store.get('inside') || {}, aside: store.get('aside') || [],
    batchSize: BATCH, last: '', lastSeen: 0, busy: false, stream: null, shown: 0 };
  // A code is judged once while it stays in view; it is judged again after it
  // has been out of view this long (the holder walked on and came back).
  var REARM_MS = 1000;

  // Every call reports the scans waiting to upload and the page's version,
  // which the console shows beside the device.
  function api(method, path, body) {
    var opts = { method: method, headers: { 'Authorization': 'Bearer ' + state.token,
      'X-Scanner-Pending': String(state.queue.length), 'X-Scanner-Version': page.version } };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var j = null; try { j = JSON.parse(t); } catch (e) { /* not JSON */ }
        return { status: r.status, body: j };
      });
    });
  }
  function show(id) { ['signin', 'pick', 'scan'].forEach(function (s) { $(s).hidden = s !== id; }); }

  // Sign-in and checkpoint choice.
  $('signin-form').addEventListener('submit', function (e) {
    e.preventDefault();
    signedIn($('token').value.trim(), 'page.token_refused');
  });
  // signedIn keeps a token that the server accepts and goes on in the
  // device's language to the choice of checkpoint.
  function signedIn(token, refused) {
    state.token = token;
    return api('GET', '/api/v1/scanner/checkpoints').then(function (r) {
      if (r.status !== 200) { $('signin-error').textContent = text(refused); return; }
      store.set('token', state.token); stopCamera();
      return deviceLanguage().then(function (l) { if (l) showIn(l); else pick(r.body.items); });
    }).catch(function () { $('signin-error').textContent = text('page.unreachable'); });
  }

  // Pairing: the console shows a QR code holding the address of this page
  // with #pair=<code>; the camera reads it here (or a phone's own camera
  // opens the address), or the code is typed. The code is exchanged once
  // for the device's token.
  var PAIR_CODE = /^[0-9A-Z]{20}$/;
  function pairCodeOf(raw) {
    var i = raw.indexOf('#pair='), c = (i >= 0 ? raw.slice(i + 6) : raw);
    try { c = decodeURIComponent(c); } catch (e) { /* keep it as it is */ }
    c = c.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
    return PAIR_CODE.test(c) ? c : null;
  }
  // spent holds the codes this page used or had refused: the camera does
  // not send them again (a code held in view is read many times a second),
  // so the answer stays on screen. A typed code is always sent.
  var spent = {};
  function pairWith(raw, fromCamera) {
    var code = pairCodeOf(raw);
    if (fromCamera && spent[code || raw]) return Promise.resolve();
    if (!code) { spent[raw] = fromCamera; $('signin-error').textContent = text('page.pair_invalid'); return Promise.resolve(); }
    if (state.pairing) return Promise.resolve();
    state.pairing = true; $('signin-error').textContent = text('page.pairing');
    return fetch('/api/v1/devices/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code }) }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (r.status < 500) spent[code] = true;
        if (r.status === 201) {
          // A new phone for this device starts afresh at its checkpoint.
          store.del('checkpoint'); state.cp = null; $('signin-error').textContent = '';
          return signedIn(j.token, 'page.token_refused');
        }
        var why = r.status === 429 ? 'too_many' : r.status === 400 ? 'invalid' : (j.reason || 'unknown');
        $('signin-error').textContent = TEXTS['page.pair_' + why] || text('page.pair_unknown');
      });
    }).catch(function () { $('signin-error').textContent = text('page.unreachable'); })
      .finally(function () { state.pairing = false; });
  }
  // signedOut is a token the server no longer accepts (the device was
  // revoked or paired on another phone): back to pairing, saying so. Scans
  // waiting to upload stay queued.
  function signedOut() {
    stopCamera(); store.del('token'); state.token = null; clearTimeout(state.hide); $('result').hidden = true;
    showSignin(); $('signin-error').textContent = text('page.signed_out');
  }
  $('pair-form').addEventListener('submit', function (e) { e.preventDefault(); pairWith($('pair-code').value); });
  function showSignin() {
    show('signin');
    startCamera($('pair-video'), 'pair-camera-note', 'page.no_camera_pair', function (data) {
      if (!state.pairing) pairWith(data, true);
    });
  }
  // deviceLanguage resolves to the signed-in device's language when the page
  // was not asked for a language (?lang=) and shows another one; else, or
  // when the server cannot say, to null.
  function deviceLanguage() {
    if (page.chosen === 'true') return Promise.resolve(null);
    return api('GET', '/api/v1/sessions/current').then(function (r) {
      var l = r.status === 200 && r.body && r.body.device ? r.body.device.language : '';
      return l && l !== page.lang && page.langs.split(' ').indexOf(l) >= 0 ? l : null;
    }).catch(function () { return null; });
  }
  // showIn reloads the page in the language lang; the device carries on where
  // it was, from what it stored.
  function showIn(lang) { stopCamera(); location.replace('/door?lang=' + encodeURIComponent(lang)); }
  function pick(items) {
    var sel = $('checkpoint'); sel.textContent = '';
    items.forEach(function (c) {
      var o = document.createElement('option'); o.value = JSON.stringify(c); o.textContent = c.name; sel.appendChild(o);
    });
    $('direction').value = state.dir; show('pick');
  }
  $('pick-button').addEventListener('click', function () {
    state.cp = JSON.parse($('checkpoint').value); state.dir = $('direction').value;
    store.set('checkpoint', state.cp); store.set('direction', state.dir);
    if (!state.snap || state.snap.event.id !== state.cp.event_id) { state.snap = null; }
    start();
  });
  $('signout').addEventListener('click', function () { store.del('token'); store.del('checkpoint'); location.reload(); });
  $('change').addEventListener('click', function () {
    stopCamera(); api('GET', '/api/v1/scanner/checkpoints').then(function (r) { if (r.status === 200) pick(r.body.items); });
  });

  // The camera: frames are decoded by the one verified copy of jsQR; each
  // code read is handed to onCode. Without a camera, the note says what to
  // do instead, in view (not in the hidden verdict box).
  function startCamera(video, noteID, noteKey, onCode) {
    stopCamera();
    var note = $(noteID), fail = function () { note.textContent = text(noteKey); note.hidden = false; video.hidden = true; };
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { fail(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
      note.hidden = true; video.hidden = false; state.stream = s; state.video = video; state.onCode = onCode;
      video.srcObject = s; video.play(); requestAnimationFrame(tick);
    }).catch(fail);
  }

  // Scanning.
  function start() {
    show('scan'); $('where').textContent = state.cp.name + ' (' + text('page.direction_' + state.dir) + ')';
    renderQueue();
    Promise.all([bigStore.get('snapshot'), bigStore.get('photos')]).then(function (got) {
      var saved = got[0];
      if (!state.snap && saved && saved.format === SNAPSHOT_FORMAT && saved.event.id === state.cp.event_id) state.snap = saved;
      var photos = got[1];
      if (photos && photos.event_id !== state.cp.event_id) { // another event's: forget them
        Object.keys(photos.kept).forEach(function (k) { bigStore.del('photo:' + k); });
        photos = null;
      }
      state.photos = photos || { event_id: state.cp.event_id, kept: {} };
      return refreshSnapshot();
    });
    startCamera($('video'), 'camera-note', 'page.no_camera', function (data) {
      var now = Date.now(), fresh = data !== state.last || now - state.lastSeen > REARM_MS;
      state.last = data; state.lastSeen = now;
      if (fresh) submit({ code: data });
    });
  }
  function stopCamera() { if (state.stream) { state.stream.getTracks().forEach(function (t) { t.stop(); }); state.stream = null; } }
  function tick() {
    if (!state.stream) return;
    var v = state.video, c = $('canvas');
    if (v.readyState >= 2 && !state.busy) {
      c.width = v.videoWidth; c.height = v.videoHeight;
      var ctx = c.getContext('2d', { willReadFrequently: true }); ctx.drawImage(v, 0, 0);
      var img = ctx.getImageData(0, 0, c.width, c.height);
      var qr = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      if (qr && qr.data) state.onCode(qr.data);
    }
    setTimeout(function () { requestAnimationFrame(tick); }, 150);
  }
  $('manual').addEventListener('submit', function (e) {
    e.preventDefault(); var n = parseInt($('number').value, 10); if (n > 0) submit({ badge_number: n }); $('number').value = '';
  });

  function submit(what) {
    var scan = { checkpoint_id: state.cp.id, direction: state.dir, scan_id: crypto.randomUUID(),
      scanned_at: new Date().toISOString() };
    if (what.code !== undefined) scan.code = what.code; else scan.badge_number = what.badge_number;
    state.busy = true;
    var offline = function () {
      online(false);
      return judgeOffline(what).then(function (res) {
        scan.device_verdict = res.verdict; state.queue.push(scan); store.set('queue', state.queue); renderQueue(); display(res);
      });
    };
    // Only a failed request or a server error means judging alone; an error
    // in this script must not turn into an offline scan.
    api('POST', '/api/v1/scans', scan).then(function (r) {
      if (r.status >= 500) return offline();
      if (r.status === 200) { online(true); display(r.body); upload(); return; }
      if (r.status === 401) { signedOut(); return; }
      display({ verdict: 'unreadable', message: format('page.refused', r.status), holder: null });
    }, offline).catch(function (e) {
      display({ verdict: 'unreadable', message: text('page.scanner_error') + ': ' + e, holder: null });
    }).finally(function () { state.busy = false; state.lastSeen = Date.now(); });
  }

  var colours = { ok: 'green', already_inside: 'amber' };
  function display(res) {
    var box = $('result'), h = res.holder;
    box.className = 'result ' + (colours[res.verdict] || 'red'); box.hidden = false;
    $('verdict').textContent = TEXTS['verdict.' + res.verdict] || text('page.verdict_other'); $('verdict').dataset.verdict = res.verdict;
    $('message').textContent = res.message || '';
    $('holder-name').textContent = h ? ((h.honorific ? h.honorific + ' ' : '') + h.name) : '';
    $('holder-native').textContent = h ? h.native_name : '';
    $('holder-delegation').textContent = h ? h.delegation : '';
    categoryChip(h);
    // Never leave the previous holder's photo next to this holder's name.
    var shown = ++state.shown, img = $('photo');
    if (img.src.indexOf('blob:') === 0) URL.revokeObjectURL(img.src);
    img.removeAttribute('src'); img.hidden = true;
    if (res.photo) { img.src = 'data:image/jpeg;base64,' + res.photo; img.hidden = false; }
    else if (h && h.photo_url) loadPhoto(h.photo_url, shown);
    beep(res.verdict);
    clearTimeout(state.hide); state.hide = setTimeout(function () { box.hidden = true; }, 2500);
  }
  // The category as a chip in its colour, with text that stays readable on
  // it, so that it shows on the green, amber and red screens alike.
  function categoryChip(h) {
    var el = $('holder-category'), c = h && /^#[0-9a-fA-F]{6}$/.test(h.category_colour || '') ? h.category_colour : '';
    el.textContent = h ? h.category : ''; el.hidden = !(h && h.category);
    el.style.backgroundColor = c || '#333';
    var n = c ? parseInt(c.slice(1), 16) : 0x333333;
    var lum = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
    el.style.color = lum > 150 ? '#000' : '#fff';
  }
  function loadPhoto(url, shown) {
    fetch(url, { headers: { 'Authorization': 'Bearer ' + state.token } }).then(function (r) {
      if (!r.ok) throw new Error('photo ' + r.status);
      return r.blob();
    }).then(function (b) {
      if (shown !== state.shown) return; // a later verdict is on screen
      $('photo').src = URL.createObjectURL(b); $('photo').hidden = false;
    }).catch(function () { /* offline: no photo */ });
  }
  // A tap dismisses the verdict and lets the same badge be judged again.
  $('result').addEventListener('click', function () {
    clearTimeout(state.hide); $('result').hidden = true; state.last = '';
  });
  var audio = null;
  function beep(verdict) {
    try {
      audio = audio || new AudioContext();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = verdict === 'ok' ? 880 : verdict === 'already_inside' ? 600 : 220;
      o.connect(g); g.connect(audio.destination); g.gain.value = 0.2;
      o.start(); o.stop(audio.currentTime + (verdict === 'ok' ? 0.15 : 0.6));
    } catch (e) { /* no audio */ }
  }
  function online(on) { $('net').textContent = on ? text('page.online') : text('page.offline'); $('net').className = on ? '' : 'offline'; }
  function renderQueue() { $('queue').textContent = String(state.queue.length); renderAside(); }
  // renderAside lists the scans the server refused, newest first, for the
  // door staff to show the Secretariat; the code itself is not shown (it may
  // hold anything), only its length.
  function renderAside() {
    var list = $('aside-items'), n = state.aside.length;
    $('aside').textContent = String(n); $('aside-count').hidden = n === 0; $('aside-list').hidden = n === 0;
    list.textContent = '';
    state.aside.slice().reverse().forEach(function (a) {
      var li = document.createElement('li'), what = document.createElement('span'), why = document.createElement('span');
      var at = new Date(a.scan.scanned_at);
      what.textContent = (isNaN(at) ? '' : at.toLocaleString(page.lang) + ' · ') + (a.scan.badge_number !== undefined ?
        format('page.aside_badge', a.scan.badge_number) : format('page.aside_code', String(a.scan.code || '').length));
      why.className = 'reason'; why.textContent = text('page.aside_reason') + ': ';
      var detail = document.createElement('span'); detail.lang = 'en'; detail.dir = 'ltr'; detail.textContent = a.reason;
      why.appendChild(detail); li.appendChild(what); li.appendChild(why); list.appendChild(li);
    });
  }
  // setAside keeps a scan the server refused out of the queue, with why.
  function setAside(scan, reason) {
    state.aside.push({ scan: scan, reason: reason || '' }); store.set('aside', state.aside);
  }
  function problemText(body) {
    if (!body) return '';
    return [body.detail].concat((body.errors || []).map(function (e) { return e.field + ' ' + e.detail; }))
      .filter(Boolean).join('; ');
  }
  window.addEventListener('online', upload);

  // Offline: the snapshot, the queue and judging alone.
  // The snapshot is kept as the server sends it in its compact form: a row
  // per badge version (see the API reference) pointing into the lists of
  // delegations and categories, which grow as pages add to them; top holds
  // each badge number's highest version. SNAPSHOT_FORMAT tells a snapshot of
  // this form from one an earlier page kept, which is fetched again whole.
  var SNAPSHOT_FORMAT = 2;
  // refreshSnapshot asks for what changed since the last call, page after
  // page while the server says more follow, and keeps it for offline use.
  function refreshSnapshot() {
    var since = state.snap && state.snap.cursor ? '&since=' + encodeURIComponent(state.snap.cursor) : '';
    return api('GET', '/api/v1/scanner/snapshot?format=compact&event_id=' + state.cp.event_id + since).then(function (r) {
      if (r.status === 400 && since) { state.snap.cursor = ''; return refreshSnapshot(); } // a cursor the server no longer takes
      if (r.status !== 200) return;
      var s = r.body;
      if (!state.snap || s.full) {
        state.snap = { format: SNAPSHOT_FORMAT, byKey: {}, top: {}, delegations: [], categories: [] };
        state.changed = true;
      }
      var snap = state.snap;
      snap.cursor = s.cursor; snap.keys = s.keys; snap.zones = s.zones; snap.event = s.event; snap.checkpoints = s.checkpoints;
      var dIndex = lookup(snap.delegations, function (d) { return d; }), cIndex = lookup(snap.categories, function (c) { return c.id; });
      var dMap = s.delegations.map(function (d) { return place(snap.delegations, dIndex, d, d); });
      var cMap = s.categories.map(function (c) { return place(snap.categories, cIndex, c.id, c); });
      s.rows.forEach(function (r) {
        if (r.length === 9) { r[6] = r[6] >= 0 ? dMap[r[6]] : -1; r[7] = r[7] >= 0 ? cMap[r[7]] : -1; }
        snap.byKey[r[0] + ':' + r[1]] = r;
        if (!(snap.top[r[0]] >= r[1])) snap.top[r[0]] = r[1];
        state.changed = true;
      });
      if (s.more) return refreshSnapshot();
      // Kept again only when a badge changed: a large event's snapshot is
      // megabytes, and most refreshes bring nothing.
      var saved = state.changed ? bigStore.set('snapshot', snap) : Promise.resolve();
      state.changed = false;
      return saved.then(showSnapshot).then(fetchPhotos);
    }).catch(function () { online(false); });
  }
  // lookup indexes a list by key; place finds key in it, adding value when
  // it is new, and returns its place.
  function lookup(list, key) { var m = {}; list.forEach(function (x, i) { m[key(x)] = i; }); return m; }
  function place(list, index, key, value) {
    if (index[key] === undefined) { index[key] = list.length; list.push(value); }
    else list[index[key]] = value; // a category renamed or recoloured
    return index[key];
  }
  // badgeOf expands a snapshot row into the badge and holder the screen shows.
  function badgeOf(s, r) {
    var b = { number: r[0], version: r[1], status: r[2], holder: null, photo: false };
    if (r.length === 9) {
      var c = r[7] >= 0 ? s.categories[r[7]] : null;
      b.holder = { honorific: r[3], name: r[4], native_name: r[5], delegation: r[6] >= 0 ? s.delegations[r[6]] : '',
        category: c ? c.name : '', category_colour: c ? c.colour : '', category_id: c ? c.id : null };
      b.photo = r[8] === 1;
    }
    return b;
  }
  // showSnapshot tells the door staff that the device can judge alone.
  function showSnapshot() {
    var el = $('snapshot'), n = Object.keys(state.snap.top).length;
    el.textContent = format('page.snapshot', n, new Date().toLocaleTimeString(page.lang));
    el.dataset.cursor = state.snap.cursor;
  }
  // Photos come apart from the snapshot: the device keeps those of the
  // holders whose badges open its zone, at most PHOTO_CACHE of them (about
  // 4 KB each), fetched PHOTO_PAGE at a time, and forgets the others.
  // state.photos.kept says which it keeps, by number:version ('none' when
  // the server has none for that version), for the event state.photos names.
  var PHOTO_CACHE = 5000, PHOTO_PAGE = 200;
  function fetchPhotos() {
    var s = state.snap, want = {}, wanted = 0, missing = [];
    if (!s || !state.photos || state.photos.event_id !== s.event.id || state.fetchingPhotos) return;
    var kept = state.photos.kept;
    Object.keys(s.top).forEach(function (n) {
      if (wanted >= PHOTO_CACHE) return;
      var r = s.byKey[n + ':' + s.top[n]], c = r && r.length === 9 && r[8] === 1 && r[7] >= 0 ? s.categories[r[7]] : null;
      if (!c || r[2] !== 'active' || (s.zones[c.id] || []).indexOf(state.cp.zone_id) < 0) return;
      var key = n + ':' + r[1]; want[key] = true; wanted++;
      if (!kept[key]) missing.push(Number(n));
    });
    var forget = Object.keys(kept).filter(function (k) { return !want[k]; });
    forget.forEach(function (k) { delete kept[k]; bigStore.del('photo:' + k); });
    if (!missing.length) {
      if (forget.length) bigStore.set('photos', state.photos);
      $('snapshot').dataset.photos = String(wanted); // all kept: what tests wait for
      return;
    }
    state.fetchingPhotos = true;
    var chunk = missing.slice(0, PHOTO_PAGE);
    api('GET', '/api/v1/scanner/thumbs?event_id=' + s.event.id + '&numbers=' + chunk.join(',')).then(function (r) {
      if (r.status !== 200 || state.snap !== s) return false;
      var saves = r.body.items.map(function (t) {
        var key = t.number + ':' + t.version; kept[key] = true;
        return bigStore.set('photo:' + key, t.photo);
      });
      // A badge the server has no photo for is not asked again before the
      // next snapshot says it changed.
      chunk.forEach(function (n) { var k = n + ':' + s.top[n]; if (!kept[k]) kept[k] = 'none'; });
      return Promise.all(saves).then(function () { return bigStore.set('photos', state.photos); }).then(function () { return true; });
    }, function () { return false; }).then(function (more) {
      state.fetchingPhotos = false;
      if (more) fetchPhotos();
    });
  }
  // upload sends the queue in batches. A scan the server answers with an
  // error is set aside; a batch it refuses as a whole (a 4xx) is split until
  // the scan it refuses is alone, and that one is set aside: no scan ever
  // holds the queue. A failed request, a 429 or a server error is retried.
  function upload() {
    if (state.uploading || !state.queue.length || !state.token) return;
    state.uploading = true;
    var batch = state.queue.slice(0, state.batchSize), sent = {}, again = false;
    batch.forEach(function (s) { sent[s.scan_id] = s; });
    var done = function () {
      // Scans judged while this batch was on its way stay queued.
      state.queue = state.queue.filter(function (s) { return !sent[s.scan_id]; });
      store.set('queue', state.queue); renderQueue(); again = state.queue.length > 0;
    };
    api('POST', '/api/v1/scans/batch', { scans: batch }).then(function (r) {
      if (r.status === 200) {
        online(true);
        ((r.body && r.body.results) || []).forEach(function (res) {
          if (res.error && sent[res.scan_id]) setAside(sent[res.scan_id], res.error);
        });
        state.batchSize = BATCH; done(); return;
      }
      if (r.status === 401) { signedOut(); return; }
      if (r.status < 400 || r.status >= 500 || r.status === 429) return;
      online(true);
      if (batch.length > 1) { state.batchSize = Math.ceil(batch.length / 2); again = true; return; }
      setAside(batch[0], 'HTTP ' + r.status + (r.body ? ': ' + problemText(r.body) : '')); done();
    }, function () { online(false); }).finally(function () { state.uploading = false; if (again) upload(); });
  }
  setInterval(upload, 5000);
  setInterval(function () { if (state.cp) refreshSnapshot(); }, 60000);

  var B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  function base45(s) {
    var out = [];
    for (var i = 0; i < s.length; i += 3) {
      var n = 0, end = Math.min(i + 3, s.length);
      if (end - i === 1) return null; // a lone last character is no byte
      for (var j = end - 1; j >= i; j--) { var v = B45.indexOf(s[j]); if (v < 0) return null; n = n * 45 + v; }
      if (end - i === 3) { if (n > 0xffff) return null; out.push(n >> 8, n & 0xff); } else { if (n > 0xff) return null; out.push(n); }
    }
    return new Uint8Array(out);
  }
  // For verdicts judged here, the server's own door texts (keyed by verdict).
  function offlineMessage(v) { return text(v) + ' ' + text('page.judged_offline'); }
  function refusal(v) { return { verdict: v, message: offlineMessage(v), holder: null }; }
  function judgeOffline(what) {
    var s = state.snap;
    if (!s) return Promise.resolve(refusal('unknown'));
    if (what.badge_number !== undefined) return withPhoto(judgeBadge(what.badge_number, 0));
    var code = what.code;
    if (code.length !== 120 || code.indexOf('AC1:') !== 0) return Promise.resolve(refusal('unreadable'));
    var raw = base45(code.slice(4));
    if (!raw || raw.length !== 77 || raw[0] !== 1) return Promise.resolve(refusal('unreadable'));
    var dv = new DataView(raw.buffer);
    var ev = dv.getUint32(1), keyID = dv.getUint16(5), number = dv.getUint32(7), version = dv.getUint16(11);
    if (ev !== s.event.number) return Promise.resolve(refusal('unknown'));
    var key = s.keys.filter(function (k) { return k.key_id === keyID; })[0];
    if (!key) return Promise.resolve(refusal('forged'));
    var pub = Uint8Array.from(atob(key.public_key.replace(/-/g, '+').replace(/_/g, '/')), function (c) { return c.charCodeAt(0); });
    var ctxBytes = new TextEncoder().encode('accreditation/badge-credential/v1\u0000');
    var msg = new Uint8Array(ctxBytes.length + 13); msg.set(ctxBytes); msg.set(raw.slice(0, 13), ctxBytes.length);
    return crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']).then(function (k) {
      return crypto.subtle.verify({ name: 'Ed25519' }, k, raw.slice(13), msg);
    }).then(function (ok) { return ok ? withPhoto(judgeBadge(number, version)) : refusal('forged'); },
      function () { return refusal('forged'); });
  }
  // withPhoto adds the holder's photo, when the device keeps it.
  function withPhoto(res) {
    var b = res.badge, key = b ? b.number + ':' + b.version : '';
    if (!res.holder || !state.photos || state.photos.kept[key] !== true) return Promise.resolve(res);
    return bigStore.get('photo:' + key).then(function (p) { if (p) res.photo = p; return res; });
  }
  // admitted: at a checkpoint guarding a session, only the badges
  // registered for it (the snapshot lists their numbers).
  function admitted(s, number) {
    var c = (s.checkpoints || []).filter(function (x) { return x.id === state.cp.id; })[0];
    return !c || !c.session_id || (c.admitted || []).indexOf(number) >= 0;
  }
  function judgeBadge(number, version) {
    var s = state.snap, max = s.top[number] || 0;
    var r = s.byKey[number + ':' + (version === 0 ? max : version)];
    if (!r) return refusal('unknown');
    var b = badgeOf(s, r);
    var res = { verdict: 'ok', message: '', holder: b.holder,
      badge: { number: b.number, version: b.version, status: b.status } };
    if (b.status === 'revoked' || b.status === 'suspended') res.verdict = 'revoked';
    else if (b.status === 'superseded' || b.version < max) res.verdict = 'superseded';
    else if (!b.holder || (s.zones[b.holder.category_id] || []).indexOf(state.cp.zone_id) < 0) res.verdict = 'not_valid_here';
    else if (!admitted(s, b.number)) res.verdict = 'not_valid_here';
    else {
      var day = new Intl.DateTimeFormat('en-CA', { timeZone: s.event.timezone }).format(new Date());
      if (day < s.event.starts_on || day > s.event.ends_on) res.verdict = 'not_valid_now';
      else if (state.dir === 'in') {
        var k = number + ':' + state.cp.zone_id;
        if (state.inside[k]) res.verdict = 'already_inside';
        state.inside[k] = true; store.set('inside', state.inside);
      } else { delete state.inside[number + ':' + state.cp.zone_id]; store.set('inside', state.inside); }
    }
    res.message = offlineMessage(res.verdict);
    return res;
  }

  // Start where the device left off, in the device's language.
  function resume() {
    if (!state.cp) {
      api('GET', '/api/v1/scanner/checkpoints').then(function (r) {
        if (r.status === 200) pick(r.body.items); else if (r.status === 401) signedOut(); else showSignin();
      });
    }
    else { start(); }
  }
  // An address with #pair=<code> pairs at once (a phone's camera app opened
  // the console's QR code); the code leaves the address bar and history.
  var hash = location.hash;
  if (hash.indexOf('#pair=') === 0) {
    history.replaceState(null, '', location.pathname + location.search);
    showSignin(); pairWith(hash);
  } else if (!state.token) { showSignin(); }
  else { deviceLanguage().then(function (l) { if (l) showIn(l); else resume(); }); }
})();
