// The import run page: follows the run's progress (its JSON state) and reloads the page, with
// the report, once the run has finished.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var status = document.getElementById("import-status");
  var rows = document.getElementById("import-rows");
  var labels = JSON.parse(box.dataset.labels || "{}");

  function poll() {
    fetch(box.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 5000); return; }
        if (state.finished) { window.location.reload(); return; }
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        if (status && labels[state.status]) { status.textContent = labels[state.status]; }
        if (rows && state.rows_read) { rows.textContent = state.rows_read.toLocaleString("vi-VN"); }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
