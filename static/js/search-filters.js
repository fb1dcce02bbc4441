// The search page's filters apply at once: a new sort order (or any select or checkbox of the
// filter form) reloads the results without pressing "Lọc". Without JavaScript the "Lọc" buttons do
// the same. On a wide screen the filter panel starts open (on a phone the results come first).
(function () {
  "use strict";
  var form = document.getElementById("search-filters");
  if (!form) { return; }
  var panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 800px)").matches) {
    panel.open = true;
  }
  function apply() {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }
  var controls = document.querySelectorAll(
    "select[form='search-filters'], #search-filters select, " +
    "#search-filters input[type=checkbox], #search-filters input[type=radio]");
  Array.prototype.forEach.call(controls, function (control) {
    control.addEventListener("change", apply);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".apply-sort"), function (button) {
    button.style.display = "none";  // the sort applies by itself now
  });
})();
