/* Accessibility of the theme's own markup, which our templates cannot reach (issue 18 item 9):
   - wide tables and code blocks that scroll sideways can be reached and scrolled with the keyboard
     (tabindex="0", named as a region), the theme's wrappers included.
   Plain ES5, nothing fetched; runs again on every page when the theme swaps pages. */
(function () {
  "use strict";

  function scrollable(element) {
    return element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
  }

  function reachScrollers() {
    var wide = document.querySelectorAll(".md-typeset__scrollwrap, .xf-table-wrap, .md-typeset pre > code");
    Array.prototype.forEach.call(wide, function (element) {
      if (element.hasAttribute("tabindex") || !scrollable(element)) return;
      element.setAttribute("tabindex", "0");
      if (!element.getAttribute("role")) element.setAttribute("role", "region");
      if (!element.getAttribute("aria-label")) {
        element.setAttribute("aria-label", element.tagName === "CODE" ? "代码（可滚动）" : "表格（可左右滚动）");
      }
    });
  }

  function init() {
    reachScrollers();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
