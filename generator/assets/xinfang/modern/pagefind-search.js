// Pagefind behind the search page (search.js loads this module only once a visitor searches, and only in
// browsers with ES modules, WebAssembly and Intl.Segmenter: Pagefind 1.6 segments the query as it
// segmented the index). Each search returns a pager: (from, to, done) → done(error, total, hits); a hit's
// excerpt is Pagefind's escaped text with <mark> around the words found (search.js rebuilds it as nodes).
// noWorker: Pagefind searches on the page's thread; its worker script (12 KB gzip) is not published
// (generator/site/search.py UNUSED) and a first query fetches the WebAssembly once.
import * as pagefind from "../../../pagefind/pagefind.js";

const started = pagefind.options({ baseUrl: window.xfSearchRoot || "/", excerptLength: 40, noWorker: true })
  .then(() => pagefind.init());

function search(query) {
  const found = started.then(() => pagefind.search(query));
  return (from, to, done) => {
    found
      .then((result) => Promise.all(result.results.slice(from, to).map((r) => r.data()))
        .then((pages) => done(null, result.results.length, pages.map((page) => ({
          url: page.url, title: page.meta.title || page.url, excerpt: page.excerpt,
        })))))
      .catch((error) => done(error, 0, []));
  };
}

window.xfPagefind = { search };
window.dispatchEvent(new Event("xf-pagefind"));
