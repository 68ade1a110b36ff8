// The live attendance screen: every few seconds, while the page is visible,
// it asks the server for the figures (read from the database, so a scan
// taken on any server shows) and puts each one in the element marked with
// its key. Without this script the page shows the same figures on reload.
(function () {
  "use strict";
  var root = document.getElementById("attendance");
  if (!root || !window.fetch) {
    return;
  }
  var src = root.getAttribute("data-src");
  var plot = Number(root.getAttribute("data-plot")) || 200;
  var every = 3000;
  var live = root.querySelector("[data-live-state]");
  var stale = root.querySelector("[data-live-stale]");
  var at = root.querySelector("[data-live-at]");
  var cells = {};
  root.querySelectorAll("[data-live]").forEach(function (el) {
    cells[el.getAttribute("data-live")] = el;
  });
  var bars = {};
  root.querySelectorAll("[data-bar]").forEach(function (el) {
    bars[el.getAttribute("data-bar")] = el;
  });

  function show(state) {
    if (live) { live.hidden = state !== "live"; }
    if (stale) { stale.hidden = state !== "stale"; }
  }

  function bar(key, value, top) {
    var el = bars[key];
    if (!el) { return; }
    var h = top > 0 && value > 0 ? value * plot / top : 0;
    el.setAttribute("height", h.toFixed(1));
    el.setAttribute("y", (plot - h).toFixed(1));
  }

  function apply(data) {
    var values = data.values || {};
    Object.keys(values).forEach(function (key) {
      var el = cells[key];
      var text = String(values[key]);
      if (el && el.textContent !== text) {
        el.textContent = text;
      }
    });
    (data.bars || []).forEach(function (b, i) {
      bar(i + ":in", b["in"], data.max);
      bar(i + ":out", b.out, data.max);
    });
    if (at && data.at) { at.textContent = data.at; }
    root.setAttribute("data-updated", data.at || "");
  }

  function poll() {
    if (document.hidden) {
      setTimeout(poll, every);
      return;
    }
    fetch(src, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (res) {
        var type = res.headers.get("Content-Type") || "";
        if (!res.ok || type.indexOf("application/json") !== 0) {
          throw new Error("status " + res.status);
        }
        return res.json();
      })
      .then(function (data) { apply(data); show("live"); })
      .catch(function () { show("stale"); })
      .then(function () { setTimeout(poll, every); });
  }

  show("live");
  setTimeout(poll, every);
})();
