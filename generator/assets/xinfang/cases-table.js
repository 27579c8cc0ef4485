/* Filtering and sorting of the case table (包案事项一览). Plain JavaScript, no library, nothing fetched.
   Rows carry data-* attributes written at build time; a select filters on one of them, a header sorts. */
(function () {
  "use strict";

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  function applyFilters(form, table) {
    var selects = form.querySelectorAll("select[data-filter]");
    var shown = 0;
    rowsOf(table).forEach(function (row) {
      var ok = true;
      selects.forEach(function (select) {
        var want = select.value;
        if (!want) return;
        var have = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
        if (have.indexOf(want) < 0) ok = false;
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var out = form.querySelector("[data-count-for]");
    if (out) out.textContent = "显示 " + shown + " 件";
    var params = new URLSearchParams();
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent).trim() : "";
  }

  function sortBy(table, th, direction) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = direction ? direction === "asc" : th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    rowsOf(table)
      .sort(function (a, b) {
        var order = cellValue(a, index).localeCompare(cellValue(b, index), "zh-CN");
        return ascending ? order : -order;
      })
      .forEach(function (row) { body.appendChild(row); });
  }

  function init() {
    document.querySelectorAll("form.xf-filters").forEach(function (form) {
      var table = document.getElementById(form.getAttribute("data-table"));
      if (!table || form.getAttribute("data-ready")) return;
      form.setAttribute("data-ready", "1");
      var params = new URLSearchParams(location.search);
      form.querySelectorAll("select[data-filter]").forEach(function (select) {
        if (params.get(select.name)) select.value = params.get(select.name);
        select.addEventListener("change", function () { applyFilters(form, table); });
      });
      // The sort select does on a phone (where the header row is hidden) what a header click does on a desktop.
      var order = form.querySelector("select[data-sort-by]");
      if (order) {
        order.addEventListener("change", function () {
          var parts = order.value.split(":");
          var th = table.tHead.rows[0].cells[parseInt(parts[0] || "0", 10)];
          if (order.value) sortBy(table, th, parts[1]);
          else sortBy(table, table.tHead.rows[0].cells[0], "desc");
        });
      }
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      applyFilters(form, table);
    });
    document.querySelectorAll("table.xf-sortable th[data-sort]").forEach(function (th) {
      if (th.getAttribute("data-ready")) return;
      th.setAttribute("data-ready", "1");
      th.setAttribute("tabindex", "0");
      var table = th.closest("table");
      th.addEventListener("click", function () { sortBy(table, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, th); }
      });
    });
  }

  // Material's instant navigation swaps pages without a reload: follow its page stream when it exists.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
