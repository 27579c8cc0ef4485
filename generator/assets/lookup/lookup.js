/* 办理进度查询 — xinfang lookup page.
 *
 * Does in the browser exactly what generator/lookup.py does:
 *   master  = PBKDF2-HMAC-SHA256(normalize(code), salt, iterations, 256 bits)
 *   locator = HMAC-SHA256(master, VERSION + " locator" + 0x01)   (HKDF-Expand, one block)
 *   key     = HMAC-SHA256(master, VERSION + " key" + 0x01)       (AES-256-GCM key)
 *   shard   = uint32(locator[0..4]) mod shards; first slot = uint32(locator[4..8]) mod slots
 * then downloads only that shard and tries its slots from the first one onwards until one authenticates
 * (additional data: VERSION + "|" + build date). The code never leaves the browser; a wrong code reads
 * "未找到", which says nothing about other cases. 超期 is computed here from the build date (截至).
 *
 * Written for old phones (Android 7 WebViews, the X5/WeChat browser): ES5 only, XMLHttpRequest instead of
 * fetch, no TextEncoder, no replaceChildren; String.prototype.normalize when present, else full-width
 * characters are mapped by hand. Every value is shown with textContent (never innerHTML).
 */
(function () {
  "use strict";

  var CODE_LENGTH = 12;
  var ALPHABET = /^[2-9A-HJ-NP-Z]+$/;
  var EXAMPLE = "7KQ4-MZ9P-X2HD";

  /* NFKC (full-width → ASCII), upper case, letters and digits only: the same as querycode.normalize. */
  function normalize(text) {
    var s = String(text);
    if (typeof s.normalize === "function") {
      s = s.normalize("NFKC");
    } else {
      s = s.replace(/[\uFF01-\uFF5E]/g, function (ch) {
        return String.fromCharCode(ch.charCodeAt(0) - 0xFEE0);
      });
    }
    return s.toUpperCase().replace(/[^0-9A-Z]/g, "");
  }

  /* The texts hashed here are ASCII (code, hex salt, labels, ISO date): one byte a character. */
  function ascii(text) {
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      out[i] = text.charCodeAt(i) & 0x7f;
    }
    return out;
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function uint32(bytes, at) {
    return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
  }

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += ("0" + bytes[i].toString(16)).slice(-2);
    }
    return out;
  }

  function subtle() {
    return window.crypto && window.crypto.subtle ? window.crypto.subtle : null;
  }

  function derive(password, salt, iterations) {
    var s = subtle();
    return s.importKey("raw", ascii(password), { name: "PBKDF2" }, false, ["deriveBits"]).then(function (key) {
      return s.deriveBits({ name: "PBKDF2", hash: { name: "SHA-256" }, salt: ascii(salt), iterations: iterations }, key, 256);
    });
  }

  function expand(master, info) {
    var s = subtle();
    return s.importKey("raw", master, { name: "HMAC", hash: { name: "SHA-256" } }, false, ["sign"]).then(function (key) {
      return s.sign({ name: "HMAC" }, key, concat(ascii(info), new Uint8Array([1])));
    }).then(function (bits) {
      return new Uint8Array(bits);
    });
  }

  function opener(code, cfg) {
    return derive(code, cfg.salt, cfg.iterations).then(function (master) {
      return Promise.all([expand(master, cfg.version + " locator"), expand(master, cfg.version + " key")]);
    }).then(function (parts) {
      return subtle().importKey("raw", parts[1], { name: "AES-GCM" }, false, ["decrypt"]).then(function (key) {
        return { shard: uint32(parts[0], 0) % cfg.shards, slot: uint32(parts[0], 4) % cfg.slots, key: key };
      });
    });
  }

  function download(url) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", url, true);
      xhr.responseType = "arraybuffer";
      xhr.onload = function () {
        if (xhr.status === 200 && xhr.response) {
          resolve(new Uint8Array(xhr.response));
        } else {
          reject(new Error("HTTP " + xhr.status));
        }
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send();
    });
  }

  function shardName(shard) {
    return ("000" + shard).slice(-4) + ".bin";
  }

  /* Try the slots of the shard from the first one onwards; the first that authenticates is ours. */
  function openEntry(blob, found, cfg) {
    var extra = ascii(cfg.version + "|" + cfg.asof);
    var size = cfg.slotBytes;
    function attempt(step) {
      if (step >= cfg.slots) {
        return Promise.resolve(null);
      }
      var at = ((found.slot + step) % cfg.slots) * size;
      var nonce = blob.subarray(at, at + cfg.nonceBytes);
      var sealed = blob.subarray(at + cfg.nonceBytes, at + size);
      return subtle().decrypt({ name: "AES-GCM", iv: nonce, additionalData: extra, tagLength: 128 }, found.key, sealed)
        .then(function (plain) {
          var bytes = new Uint8Array(plain);
          var text = "";
          for (var i = 0; i < bytes.length; i++) {
            text += String.fromCharCode(bytes[i]);
          }
          return JSON.parse(text);
        }, function () {
          return attempt(step + 1);
        });
    }
    return attempt(0);
  }

  function find(code, cfg, base) {
    return opener(code, cfg).then(function (found) {
      return download(base + shardName(found.shard)).then(function (blob) {
        if (blob.length !== cfg.slots * cfg.slotBytes) {
          throw new Error("shard size");
        }
        return openEntry(blob, found, cfg);
      });
    });
  }

  /* YYYY-MM-DD → YYYY年M月D日, like every other page of the site. */
  function cnDate(iso) {
    var p = String(iso).split("-");
    return parseInt(p[0], 10) + "年" + parseInt(p[1], 10) + "月" + parseInt(p[2], 10) + "日";
  }

  /* 超期: a deadline, not concluded, and the build date after the deadline day (rules.is_overdue). */
  function isOverdue(entry, asof) {
    return Boolean(entry.d) && !entry.e && asof > entry.d;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
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
    clear(out);
    var p = document.createElement("p");
    p.className = "xf-lookup-" + kind;
    p.textContent = text;
    out.appendChild(p);
    return p;
  }

  function showEntry(out, entry, cfg) {
    clear(out);
    var list = document.createElement("dl");
    list.className = "xf-lookup-entry";
    row(list, "收到日期", cnDate(entry.r));
    if (entry.n) {
      row(list, "不予受理", cnDate(entry.n) + "书面告知");
      row(list, "不予受理类别", cfg.categories[entry.c] || entry.c);
    } else {
      row(list, "受理日期", entry.a ? cnDate(entry.a) : "尚未受理");
    }
    row(list, "办理状态", cfg.labels[entry.s] || entry.s);
    if (entry.d) {
      row(list, "办结期限", cnDate(entry.d));
    } else if (!entry.n) {
      row(list, "办结期限", "受理后计算");
    }
    if (entry.e) {
      row(list, "办结日期", cnDate(entry.e));
    }
    if (entry.d) {
      row(list, "是否超期", isOverdue(entry, cfg.asof) ? "已超期" : "未超期");
    }
    row(list, "截至", cnDate(cfg.asof));
    out.appendChild(list);
  }

  /* Web Crypto exists only in a secure context: on plain http, say so and give the https address. */
  function needsHttps(out) {
    var secure = window.location.protocol === "https:";
    var p = say(out, secure ? "当前浏览器版本过旧，不支持查询所需的加密功能，请升级浏览器或换用其他浏览器。"
      : "查询需要浏览器的加密功能，只能通过 https 安全连接使用。请改用以下地址打开本页：", "error");
    if (!secure) {
      var link = document.createElement("a");
      link.href = "https://" + window.location.host + window.location.pathname;
      link.textContent = link.href;
      p.appendChild(link);
    }
  }

  function config(form) {
    var d = form.getAttribute.bind(form);
    return {
      salt: d("data-salt"), iterations: parseInt(d("data-iterations"), 10), shards: parseInt(d("data-shards"), 10),
      slots: parseInt(d("data-slots"), 10), slotBytes: parseInt(d("data-slot-bytes"), 10),
      nonceBytes: parseInt(d("data-nonce-bytes"), 10), version: d("data-version"), asof: d("data-asof"),
      labels: JSON.parse(d("data-labels") || "{}"), categories: JSON.parse(d("data-categories") || "{}"),
      base: d("data-base") || "shards/"
    };
  }

  function lookup(form, out) {
    var code = normalize(form.elements.code.value);
    if (code.length !== CODE_LENGTH || !ALPHABET.test(code)) {
      say(out, "查询码应为 12 位字母和数字（不含 0、1、I、O），例如 " + EXAMPLE + "。", "invalid");
      return Promise.resolve();
    }
    if (!subtle()) {
      needsHttps(out);
      return Promise.resolve();
    }
    var cfg = config(form);
    say(out, "正在查询……", "busy");
    return find(code, cfg, cfg.base).then(function (entry) {
      if (entry) {
        showEntry(out, entry, cfg);
      } else {
        say(out, "未找到：请核对查询码后重试。", "missing");
      }
    }).then(null, function () {
      say(out, "查询暂时无法完成，请稍后重试。", "error");
    });
  }

  function init() {
    var form = document.getElementById("xf-lookup");
    var out = document.getElementById("xf-result");
    if (!form || !out || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "1");
    if (!subtle()) {
      needsHttps(out);
    }
    /* Clearing the field (or typing another code) clears the answer: never one code's answer beside another. */
    form.elements.code.addEventListener("input", function () {
      if (subtle()) {
        clear(out);
      }
    });
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
  window.xinfangLookup = {
    normalize: normalize,
    derive: function (code, salt, iterations) { return derive(code, salt, iterations).then(toHex); }
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* mkdocs-material instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
