"use strict";
var filterBars = [];
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
  filterBars.push({ bar: bar, target: target, apply: apply });
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
// A link may choose a filter of the list it jumps to (data-filter-*).
document.querySelectorAll("a[data-filter-target]").forEach(function (a) {
  a.addEventListener("click", function () {
    filterBars.forEach(function (b) {
      if (b.target.id !== a.getAttribute("data-filter-target")) return;
      b.bar.querySelectorAll("select[data-filter]").forEach(function (s) {
        s.value = s.getAttribute("data-filter") === a.getAttribute("data-filter-name") ? a.getAttribute("data-filter-value") : "";
      });
      b.apply();
    });
  });
});
// The place a link leads to is shown: its <details> opened, filters that
// hide it cleared.
function reveal(id) {
  var target = id && document.getElementById(id);
  if (!target) return;
  var details = target.closest("details") || target.querySelector("details");
  if (details) details.open = true;
  filterBars.forEach(function (b) {
    if (b.target.contains(target) && target.closest("[hidden]")) {
      b.bar.querySelectorAll("select[data-filter]").forEach(function (s) { s.value = ""; });
      b.apply();
    }
  });
}
document.addEventListener("click", function (event) {
  var a = event.target.closest && event.target.closest("a[href^='#']");
  if (a) reveal(decodeURIComponent(a.getAttribute("href").slice(1)));
});
reveal(decodeURIComponent(location.hash.slice(1)));
// Printed, every grouped list is shown in full.
var closedForPrint = [];
window.addEventListener("beforeprint", function () {
  closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
  closedForPrint.forEach(function (d) { d.open = true; });
});
window.addEventListener("afterprint", function () {
  closedForPrint.forEach(function (d) { d.open = false; });
});
