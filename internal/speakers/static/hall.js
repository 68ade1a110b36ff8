// The chair's screen and the hall's public view: the countdown of the
// current speaker's time, and a reload whenever the list's version changes
// (polled from the server, so every server's screens follow the database).
(function () {
  'use strict';
  var hall = document.getElementById('hall');
  if (!hall) { return; }
  var session = hall.dataset.session, version = hall.dataset.version;
  var seconds = parseInt(hall.dataset.seconds, 10) || 0;
  var started = hall.dataset.started ? Date.parse(hall.dataset.started) : NaN;
  var skew = Date.parse(hall.dataset.now) - Date.now();
  var timer = document.getElementById('timer');
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var left = seconds;
    if (!isNaN(started)) { left = seconds - Math.floor((Date.now() + skew - started) / 1000); }
    var neg = left < 0, a = Math.abs(left);
    timer.textContent = (neg ? '-' : '') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
    timer.classList.toggle('over', neg);
  }
  function poll() {
    fetch('/api/v1/public/sessions/' + session + '/speakers/version', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { if (v && String(v.version) !== version) { location.reload(); } })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1500); });
  }
  tick();
  setInterval(tick, 250);
  setTimeout(poll, 1500);
}());
