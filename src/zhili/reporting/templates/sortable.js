/* zhili report: sort a table by a column when its header is clicked (again: the other way).
   Cells may carry data-sort (the raw number); empty cells stay last. No libraries, no network. */
(function () {
  "use strict";
  function key(cell) {
    var v = cell ? cell.getAttribute("data-sort") : "";
    return v === null ? cell.textContent.trim() : v;
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var numeric = rows.every(function (r) {
      var k = key(r.cells[col]);
      return k === "" || !isNaN(Number(k));
    });
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      return dir * (numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-Hans-CN"));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(table, col, th); }); }
    });
  });
}());
