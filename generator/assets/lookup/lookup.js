/* 办理进度查询 — xinfang lookup page.
 *
 * Hashes the query code in the browser exactly as generator/lookup.py does:
 *   key = hex(PBKDF2-HMAC-SHA256(normalize(code), salt as UTF-8, iterations, 256 bits))
 * then fetches only shards/<first two hex digits>.json and looks the key up. The code never leaves the
 * browser; a wrong code and a missing shard both read "未找到", which says nothing about other cases.
 * Every value is shown with textContent (never innerHTML). No third-party code, no network but the shard.
 */
(function () {
  "use strict";

  var scriptUrl = document.currentScript ? document.currentScript.src : window.location.href;
  var CODE_LENGTH = 12;
  var ALPHABET = /^[2-9A-HJ-NP-Z]+$/;

  /* NFKC (full-width → ASCII), upper case, letters and digits only: the same as lookup.normalize. */
  function normalize(text) {
    return String(text).normalize("NFKC").toUpperCase().replace(/[^0-9A-Z]/g, "");
  }

  function toHex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function derive(password, salt, iterations) {
    var encoder = new TextEncoder();
    return window.crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"])
      .then(function (key) {
        return window.crypto.subtle.deriveBits(
          { name: "PBKDF2", hash: "SHA-256", salt: encoder.encode(salt), iterations: iterations }, key, 256);
      })
      .then(toHex);
  }

  function fetchShard(base, prefix) {
    var url = new URL(base + prefix + ".json", scriptUrl);
    return fetch(url.href, { cache: "no-cache", credentials: "omit" }).then(function (response) {
      return response.ok ? response.json() : {};
    });
  }

  function row(list, term, value) {
    var dt = document.createElement("dt");
    var dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function say(out, text, kind) {
    out.replaceChildren();
    var p = document.createElement("p");
    p.className = "xf-lookup-" + kind;
    p.textContent = text;
    out.appendChild(p);
  }

  function showEntry(out, entry, labels) {
    out.replaceChildren();
    var list = document.createElement("dl");
    list.className = "xf-lookup-entry";
    row(list, "收到日期", entry.received);
    row(list, "受理日期", entry.accepted || "尚未受理");
    row(list, "办理状态", labels[entry.status] || entry.status);
    row(list, "办结期限", entry.deadline || "受理后计算");
    row(list, "是否超期", entry.overdue ? "已超期" : "未超期");
    out.appendChild(list);
  }

  function lookup(form, out) {
    var code = normalize(form.elements.code.value);
    if (code.length !== CODE_LENGTH || !ALPHABET.test(code)) {
      say(out, "查询码应为 12 位字母和数字（不含 0、1、I、O），例如 7KQ4-MZ9P-X2HD。", "invalid");
      return Promise.resolve();
    }
    if (!window.crypto || !window.crypto.subtle) {
      say(out, "当前浏览器不支持查询所需的加密功能，请使用较新的浏览器并通过 https 访问本站。", "error");
      return Promise.resolve();
    }
    var labels = JSON.parse(form.dataset.labels || "{}");
    var iterations = parseInt(form.dataset.iterations, 10);
    say(out, "正在查询……", "busy");
    return derive(code, form.dataset.salt, iterations).then(function (key) {
      return fetchShard(form.dataset.shards || "shards/", key.slice(0, 2)).then(function (shard) {
        var entry = Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : null;
        if (entry) {
          showEntry(out, entry, labels);
        } else {
          say(out, "未找到：请核对查询码后重试。", "missing");
        }
      });
    }).catch(function () {
      say(out, "查询暂时无法完成，请稍后重试。", "error");
    });
  }

  function init() {
    var form = document.getElementById("xf-lookup");
    var out = document.getElementById("xf-result");
    if (!form || !out || form.dataset.ready) {
      return;
    }
    form.dataset.ready = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      lookup(form, out).then(function () {
        if (button) { button.disabled = false; }
      });
    });
  }

  /* For the tests: the same functions the page uses. */
  window.xinfangLookup = { normalize: normalize, derive: derive };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* mkdocs-material instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
