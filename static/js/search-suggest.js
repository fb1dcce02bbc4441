// Suggestions while typing in the header search box: titles and categories, diacritics optional.
(function () {
  "use strict";
  var input = document.getElementById("site-q");
  if (!input || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.id = "site-q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.parentNode.style.position = "relative";
  input.parentNode.appendChild(list);
  var timer = null, last = "", controller = null;
  var endpoint = input.form.getAttribute("action").replace(/\/?$/, "/goi-y");

  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      var url = new URL(input.form.action, window.location.href);
      if (item.kind === "category") { url.searchParams.set("category", item.value); }
      else { url.searchParams.set("q", item.value); }
      a.href = url.toString();
      a.textContent = item.label;
      if (item.kind === "category") { a.className = "kind-category"; }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(function () {
      if (q === last) { return; }
      last = q;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(q), controller ? { signal: controller.signal } : {})
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(function () { /* a suggestion that did not arrive is not an error */ });
    }, 150);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { show([]); } });
  document.addEventListener("click", function (e) { if (e.target !== input) { show([]); } });
})();
