// The review queue without JavaScript works as is (tick boxes, press a button); this only adds
// "select the whole page" and a live count of what is selected.
(function () {
  var form = document.getElementById("review-queue");
  if (!form) return;
  var boxes = form.querySelectorAll("input[name=listing_ids]");
  var all = form.querySelector("[data-select-all]");
  var count = form.querySelector("[data-selected-count]");
  function update() {
    var n = 0;
    boxes.forEach(function (box) { if (box.checked) n += 1; });
    count.textContent = n ? count.dataset.template.replace("{n}", n) : "";
    all.checked = n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  }
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
