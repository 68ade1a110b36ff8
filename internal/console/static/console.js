// The console works without this script; it adds what clearly helps:
// selecting every row of a list at once, and live progress bars.
(function () {
  'use strict';
  // <input type="checkbox" data-select-all="ids"> ticks every checkbox
  // named "ids" of its form.
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    all.hidden = false;
    var label = all.closest('label'); if (label) label.hidden = false;
    var form = all.form;
    var boxes = function () { return form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]'); };
    all.addEventListener('change', function () { boxes().forEach(function (b) { b.checked = all.checked; }); count(); });
    var out = form.querySelector('[data-selected-count]');
    function count() {
      if (!out) return;
      var n = 0; boxes().forEach(function (b) { if (b.checked) n++; });
      out.textContent = out.dataset.template.replace('%d', n);
    }
    form.addEventListener('change', count);
    count();
  });
  // <progress data-progress-url="…json"> polls the URL (a JSON object with
  // done, total, state) every second and reloads the page when the state
  // leaves "queued" and "running".
  document.querySelectorAll('progress[data-progress-url]').forEach(function (bar) {
    var label = document.getElementById(bar.dataset.progressLabel || '');
    function poll() {
      fetch(bar.dataset.progressUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (p) {
          bar.max = Math.max(p.total, 1); bar.value = p.done;
          if (label) label.textContent = p.done + ' / ' + p.total;
          if (p.state === 'queued' || p.state === 'running') setTimeout(poll, 1000);
          else location.reload();
        }, function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
  });
}());
