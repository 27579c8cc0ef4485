/* Visible text rendered under 12 px at the current viewport (issue 18 item 6), SVG chart labels after scaling.
   Returns [element, size in px, first characters]; run by tests/test_browser_phone.py. */
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const rects = el.getClientRects();
    if (!rects.length || el.closest("[hidden], .md-sidebar, .md-search, .md-nav, .md-footer-meta, svg")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const size = parseFloat(style.fontSize);
    if (size < 12) out.push([el.tagName + "." + el.className, size, node.textContent.trim().slice(0, 20)]);
  }
  document.querySelectorAll("svg text").forEach(t => {
    const h = t.getBoundingClientRect().height;
    const scale = t.ownerSVGElement.getScreenCTM().a;
    const size = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (size < 12) out.push(["svg text", Math.round(size * 10) / 10, t.textContent.slice(0, 20)]);
  });
  return out;
}
