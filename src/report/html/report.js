"use strict";
document.querySelectorAll("[data-filters-for]").forEach(function (bar) {
  var target = document.getElementById(bar.getAttribute("data-filters-for"));
  if (!target) return;
  var items = target.querySelectorAll("[data-filterable]");
  var selects = bar.querySelectorAll("select[data-filter]");
  var count = bar.querySelector(".count");
  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var keep = Array.prototype.every.call(selects, function (s) {
        var want = s.value;
        var have = (item.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
        return !want || have.indexOf(want) >= 0;
      });
      item.hidden = !keep;
      if (keep) shown += 1;
    });
    if (count) count.textContent = shown + " of " + items.length + " shown";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  bar.hidden = false;
  apply();
});
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th[data-sort] button").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.closest("th");
      var numeric = th.getAttribute("data-sort") === "number";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var body = table.tBodies[0];
      var col = th.cellIndex;
      function key(row) {
        var cell = row.cells[col];
        var v = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
        return numeric ? (parseFloat(v) || 0) : v;
      }
      Array.prototype.slice.call(body.rows)
        .map(function (row, i) { return [key(row), i, row]; })
        .sort(function (a, b) { return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * dir; })
        .forEach(function (entry) { body.appendChild(entry[2]); });
    });
  });
});
