/* Polyfills loaded in <head> before the theme's bundle (mkdocs-material's `extra.polyfills`).
   The theme fetches a ResizeObserver polyfill from unpkg.com on browsers without ResizeObserver
   (iOS < 13.1, Android WebViews before Chrome 64, older X5/WeChat cores); in mainland China that request
   hangs and the page never finishes loading. Here the same polyfill (resize-observer-polyfill 1.5.1, MIT,
   vendor/resize-observer.js) is written in from this site, and only where it is missing: a current browser
   downloads this file and nothing more. document.write keeps it synchronous, so the polyfill is in place
   before the theme's bundle (at the end of <body>) asks for it. The build writes this script into each page
   (generator/site/critical.py, data-base: where the polyfill is), so the first paint waits for no request. */
(function () {
  "use strict";
  if (typeof window.ResizeObserver !== "undefined") return;
  var self = document.currentScript;
  var base = self && self.src ? self.src.replace(/[^/]*$/, "") : (self && self.getAttribute("data-base")) || "";
  if (!base) return;
  document.write('<script src="' + base + 'vendor/resize-observer.js"><\/script>');
})();
