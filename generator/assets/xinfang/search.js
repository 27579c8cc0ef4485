/* The search page (search/, issue 18 item 1): what the visitor searched for, as a plain list of links.
   - Browsers with ES modules, WebAssembly and Intl.Segmenter ask Pagefind (modern/pagefind-search.js, a
     module loaded only once there is a query): full text, Chinese segmented like the index, a few chunks
     of the index fetched per query.
   - Elsewhere (Android 7-era WebViews, iOS 10, older X5/WeChat cores) the numbers and titles of the published
     cases (search/titles.json) are searched by substring, and the page says that only titles were searched.
   - With JavaScript off the form still submits and the page points to the case list.
   Nothing is downloaded for search before the visitor searches. Pagefind's results come 5 first (each is a
   fragment to fetch, ~0.7 KB: what a phone's first screen shows), then up to 10 and 10 more at a time when
   the visitor scrolls to the end of the list or taps 显示更多结果; the status line says how many are shown.
   Plain ES5, nothing from outside the site. */
(function () {
  "use strict";
  var PER_PAGE = 10;
  var FIRST = 5; // Pagefind's first results (issue 18: the first search of a visit ~100 KB at 10,000 pages)
  var form = document.getElementById("xf-search");
  if (!form) return;
  var box = document.getElementById("xf-search-q");
  var status = document.getElementById("xf-search-status");
  var list = document.getElementById("xf-search-results");
  var self = document.currentScript;
  var assets = self && self.src ? self.src.replace(/[^/]*$/, "") : "";
  var root = assets.replace(/assets\/xinfang\/$/, "");
  var engine = null;
  var waiting = [];
  var shown = 0;

  function trim(text) {
    return String(text || "").replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  }

  function queryOf(search) {
    var match = /[?&]q=([^&#]*)/.exec(search);
    if (!match) return "";
    try {
      return trim(decodeURIComponent(match[1].replace(/\+/g, " ")));
    } catch (error) {
      return "";
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  function decoded(html) {
    var area = document.createElement("textarea");
    area.innerHTML = html; // a textarea's content is text: no element is ever created from it
    return area.value.replace(/\u200b/g, "");
  }

  function excerpt(html) {
    // Pagefind's excerpt is escaped text with <mark> around each segment found (网 + 约 + 车): rebuilt node by
    // node, adjacent marks as one.
    var p = document.createElement("p");
    String(html).replace(/<\/mark><mark>/g, "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var node = document.createTextNode(decoded(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          node = mark;
        }
        p.appendChild(node);
      }
      return marked;
    }, false);
    return p;
  }

  function item(hit) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = hit.url;
    link.textContent = decoded(hit.title);
    li.appendChild(link);
    if (hit.excerpt) li.appendChild(excerpt(hit.excerpt));
    return li;
  }

  function moreButton(query, total, next) {
    var li = document.createElement("li");
    li.className = "xf-search__more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "显示更多结果";
    function more() {
      window.removeEventListener("scroll", near);
      if (!li.parentNode) return;
      list.removeChild(li);
      next(shown, (Math.floor(shown / PER_PAGE) + 1) * PER_PAGE); // 5 → 10, then 10 at a time
    }
    function near() {
      // the visitor scrolled the end of the list into view: what a tap on the button would load
      if (li.parentNode && li.getBoundingClientRect().top < window.innerHeight) more();
    }
    button.addEventListener("click", more);
    window.addEventListener("scroll", near);
    li.appendChild(button);
    return li;
  }

  function show(query, total, hits, note, next) {
    if (shown === 0) clear(list);
    hits.forEach(function (hit) { list.appendChild(item(hit)); });
    shown += hits.length;
    if (!total) {
      say("没有找到与“" + query + "”有关的内容。" + (note || ""));
      return;
    }
    say("找到 " + total + " 条与“" + query + "”有关的结果" + (shown < total ? "，显示前 " + shown + " 条" : "") + "。" +
        (note || ""));
    if (shown < total && next) list.appendChild(moreButton(query, total, next));
  }

  // -- Pagefind, where the browser can run it ------------------------------------------------------------------
  function modern() {
    // feature tests, not calls: the old phones take the other branch (eslint-plugin-compat checks calls)
    var script = document.createElement("script");
    var intl = window.Intl;
    return typeof window.WebAssembly === "object" && "noModule" in script &&
      typeof intl === "object" && typeof intl.Segmenter === "function";
  }

  function pagefind(query) {
    shown = 0;
    var run = window.xfPagefind.search(query);
    function page(from, to) {
      run(from, to, function (error, total, hits) {
        if (error) return titles(query);
        show(query, total, hits, "", page);
      });
    }
    page(0, FIRST);
  }

  function loadPagefind() {
    window.xfSearchRoot = root.replace(/^[a-z]+:\/\/[^/]+/i, "");
    window.addEventListener("xf-pagefind", function () { ready(pagefind); });
    var script = document.createElement("script");
    script.type = "module";
    script.src = assets + "modern/pagefind-search.js";
    script.addEventListener("error", function () { ready(titles); });
    document.head.appendChild(script);
  }

  // -- titles only, everywhere else -----------------------------------------------------------------------------
  var cases = null;

  function titles(query) {
    if (cases) return titleHits(query);
    var request = new XMLHttpRequest();
    request.open("GET", root + "search/titles.json");
    request.onload = function () {
      try {
        cases = JSON.parse(request.responseText).cases;
      } catch (error) {
        cases = null;
      }
      if (!cases) return say("暂时无法搜索，请稍后再试，或在全部包案事项中查找。");
      titleHits(query);
    };
    request.onerror = function () { say("暂时无法搜索，请稍后再试，或在全部包案事项中查找。"); };
    request.send();
  }

  function titleHits(query) {
    var words = query.toUpperCase().split(/[\s\u3000]+/);
    var hits = cases.filter(function (entry) {
      var text = (entry[0] + " " + entry[1]).toUpperCase();
      return words.every(function (word) { return text.indexOf(word) >= 0; });
    }).map(function (entry) {
      return { url: root + "cases/" + entry[0] + "/", title: entry[0] + " " + entry[1], excerpt: "" };
    });
    shown = 0;
    function page(from, to) {
      show(query, hits.length, hits.slice(from, to), "（此浏览器不支持全文搜索，只查找了事项编号和标题。）", page);
    }
    page(0, PER_PAGE);
  }

  // -- the form -------------------------------------------------------------------------------------------------
  function ready(found) {
    engine = found;
    waiting.splice(0).forEach(function (query) { engine(query); });
  }

  function search(query) {
    if (!query) return;
    say("正在搜索……");
    if (engine) return engine(query);
    if (waiting.push(query) > 1) return;
    if (modern()) loadPagefind();
    else ready(titles);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = trim(box.value);
    if (window.history && history.replaceState) history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    search(query);
  });
  box.value = queryOf(location.search);
  search(box.value);
})();
