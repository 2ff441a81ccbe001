/* A tree of indicators in a table (a framework's dimensions → sub-dimensions → indicators): each
   row says its depth (data-depth) and the rows follow the tree's order, each followed by its
   parts. Here each row with parts gets a button that folds them away and opens them again;
   without this script every row shows, indented. */
(function () {
  "use strict";
  var labels = JSON.parse(document.getElementById("tree-labels").textContent);

  function depth(row) { return +(row.dataset.depth || 0); }

  function show(row, open) {
    var button = row.querySelector(".tree-toggle");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.setAttribute("aria-label", (open ? labels.close : labels.open) + " " + button.dataset.name);
    var at = depth(row), folded = null;
    for (var r = row.nextElementSibling; r && depth(r) > at; r = r.nextElementSibling) {
      var d = depth(r);
      if (!open || (folded !== null && d > folded)) { r.hidden = true; continue; }
      folded = null;
      r.hidden = false;
      var inner = r.querySelector(".tree-toggle");
      if (inner && inner.getAttribute("aria-expanded") === "false") folded = d;
    }
  }

  document.querySelectorAll("table.tree").forEach(function (table) {
    var rows = table.querySelectorAll("tr[data-has-parts]");
    rows.forEach(function (row) {
      var label = row.querySelector(".tree-label");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tree-toggle";
      button.dataset.name = label.textContent.trim();
      button.addEventListener("click", function () {
        show(row, button.getAttribute("aria-expanded") !== "true");
      });
      label.insertBefore(button, label.firstChild);
      show(row, true);
    });
    if (!rows.length) return;
    table.classList.add("has-toggles");
    var bar = document.createElement("p");
    bar.className = "tree-all";
    [[labels.open_all, true], [labels.close_all, false]].forEach(function (item) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button-link";
      b.textContent = item[0];
      b.addEventListener("click", function () {
        rows.forEach(function (row) { show(row, item[1]); });
      });
      bar.appendChild(b);
    });
    table.closest(".table-wrap").before(bar);
  });
})();
