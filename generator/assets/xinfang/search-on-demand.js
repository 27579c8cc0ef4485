/* The search index on demand (issue 18 item 4): mkdocs-material downloads search/search_index.json as soon as
   any page loads, though most visits never search; on a slow phone line that competes with the page itself.
   Loaded in <head> before the theme's bundle, this holds the theme's request for the index (an
   XMLHttpRequest) until the visitor opens the search (the search toggle, the search box focused, a shared
   ?q= link). Nothing else is touched; without XMLHttpRequest nothing changes. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var proto = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!proto) return;
  var open = proto.open;
  var send = proto.send;
  var released = /[?&]q=/.test(location.search);
  var waiting = [];

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  proto.open = function (method, url) {
    this.xfSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    var request = this;
    var args = arguments;
    if (released || !request.xfSearchIndex) return send.apply(request, args);
    waiting.push(function () { send.apply(request, args); });
  };
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.name === "query") release();
  }, true);
})();
