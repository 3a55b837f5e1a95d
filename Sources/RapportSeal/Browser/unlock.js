// Opens an encrypted Rapport portal (README, "Publishing privately").
// The passphrase becomes a key with PBKDF2-HMAC-SHA256 (WebCrypto), the same
// 64 bytes the build derived: the first 32 decrypt (AES-256-GCM), the last 32
// name the files (HMAC-SHA256 of their path). Only the derived key is kept,
// in sessionStorage, so moving between pages does not ask again and closing
// the browser forgets it. Each page of the portal is then decrypted from
// s/<name>.js and shown inside this one page; its links become #/<path>.
(function () {
  "use strict";
  var config = document.querySelector("meta[name=rapport-portal]");
  var saltHex = config.getAttribute("data-salt");
  var iterations = parseInt(config.getAttribute("data-iterations"), 10);
  var check = config.getAttribute("data-check");
  var storageName = "rapport-key-" + saltHex;
  var origin = "https://portal.invalid/";
  var subtle = window.crypto && window.crypto.subtle;
  var keys = null;
  var waiting = {};
  var assets = {};
  var shown = null;

  var form = document.getElementById("unlock-form");
  var input = document.getElementById("passphrase");
  var status = document.getElementById("unlock-status");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }

  function bytesOfHex(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  }

  function hexOf(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return text;
  }

  var encoder = new TextEncoder();

  // --- Keys ------------------------------------------------------------------
  function importKeys(bits) {
    var bytes = new Uint8Array(bits);
    return Promise.all([
      subtle.importKey("raw", bytes.slice(0, 32), { name: "AES-GCM" }, false, ["decrypt"]),
      subtle.importKey("raw", bytes.slice(32, 64), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
    ]).then(function (pair) { return { decrypt: pair[0], naming: pair[1] }; });
  }

  function mac(key, text) {
    return subtle.sign("HMAC", key, encoder.encode(text)).then(function (code) { return hexOf(code.slice(0, 16)); });
  }

  function derive(passphrase) {
    return subtle.importKey("raw", encoder.encode(passphrase), "PBKDF2", false, ["deriveBits"])
      .then(function (material) {
        return subtle.deriveBits(
          { name: "PBKDF2", salt: bytesOfHex(saltHex), iterations: iterations, hash: "SHA-256" }, material, 512);
      });
  }

  // --- Sealed files ------------------------------------------------------------
  // Each s/<name>.js calls this with its ciphertext.
  window.rapportSealed = function (name, data) {
    var calls = waiting[name];
    delete waiting[name];
    (calls || []).forEach(function (call) { call.resolve(data); });
  };

  function sealed(name) {
    return new Promise(function (resolve, reject) {
      var calls = waiting[name];
      if (calls) { calls.push({ resolve: resolve, reject: reject }); return; }
      waiting[name] = [{ resolve: resolve, reject: reject }];
      var script = document.createElement("script");
      script.src = "s/" + name + ".js";
      script.onload = script.onerror = function () {
        script.remove();
        var left = waiting[name];
        delete waiting[name];
        (left || []).forEach(function (call) { call.reject(new Error("missing")); });
      };
      document.documentElement.appendChild(script);
    });
  }

  // The bytes of the portal's file at `path` (no leading slash), decrypted.
  function open(path) {
    return mac(keys.naming, "name\u0000" + path).then(function (name) {
      return sealed(name).then(function (data) {
        var raw = atob(data), bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        return subtle.decrypt(
          { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: encoder.encode(name), tagLength: 128 },
          keys.decrypt, bytes.slice(12));
      });
    });
  }

  function text(path) {
    if (!assets[path]) assets[path] = open(path).then(function (buffer) { return new TextDecoder().decode(buffer); });
    return assets[path];
  }

  // --- Paths -------------------------------------------------------------------
  // A malformed escape in an address (typed or pasted) is taken as written.
  function decoded(text) {
    try { return decodeURIComponent(text); } catch (error) { return text; }
  }

  // A link of the page at `from` as a path of the portal, or null when it
  // leads elsewhere (another site, mailto:, a fragment of this page).
  function resolve(href, from) {
    if (href === null || href === "" || href.charAt(0) === "#") return null;
    var url;
    try { url = new URL(href, origin + from); } catch (error) { return null; }
    if (url.href.indexOf(origin) !== 0) return null;
    var path = decoded(url.pathname.slice(1));
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return { path: path, query: url.search, fragment: url.hash };
  }

  function isPage(path) { return /\.html$/.test(path); }

  function routeOf(path) { return "#/" + path.replace(/(^|\/)index\.html$/, "$1"); }

  function current() {
    var hash = window.location.hash.replace(/^#\/?/, "");
    var fragment = "", cut = hash.indexOf("#");
    if (cut !== -1) { fragment = hash.slice(cut); hash = hash.slice(0, cut); }
    var query = "", mark = hash.indexOf("?");
    if (mark !== -1) { query = hash.slice(mark); hash = hash.slice(0, mark); }
    var path = decoded(hash);
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return { path: path, query: query, fragment: fragment };
  }

  var types = { csv: "text/csv", json: "application/json", pdf: "application/pdf", xml: "application/atom+xml",
    svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif",
    webp: "image/webp", ics: "text/calendar", txt: "text/plain", html: "text/html" };

  function typeOf(path) {
    var extension = (path.match(/\.([a-z0-9]+)$/i) || [, ""])[1].toLowerCase();
    return types[extension] || "application/octet-stream";
  }

  // A file of the portal handed to the browser as a download (exports,
  // the feed, the PDF packets): decrypted here, never stored in clear.
  function download(path) {
    open(path).then(function (buffer) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([buffer], { type: typeOf(path) }));
      link.download = path.split("/").pop();
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
    }, function () { window.alert("This file is not in the portal: " + path); });
  }

  // --- Showing a page ----------------------------------------------------------
  function show(place) {
    return text(place.path).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var loads = [];
      Array.prototype.forEach.call(page.querySelectorAll("link[href]"), function (link) {
        var target = resolve(link.getAttribute("href"), place.path);
        if (!target) return;
        if (!/\bstylesheet\b/.test(link.getAttribute("rel") || "")) { link.remove(); return; }
        var style = page.createElement("style");
        link.replaceWith(style);
        loads.push(text(target.path).then(function (css) { style.textContent = css; }));
      });
      Array.prototype.forEach.call(page.querySelectorAll("img[src]"), function (image) {
        var target = resolve(image.getAttribute("src"), place.path);
        if (!target) return;
        image.removeAttribute("src");
        loads.push(open(target.path).then(function (buffer) {
          image.src = URL.createObjectURL(new Blob([buffer], { type: typeOf(target.path) }));
        }, function () { }));
      });
      Array.prototype.forEach.call(page.querySelectorAll("a[href]"), function (link) {
        var target = resolve(link.getAttribute("href"), place.path);
        if (!target) return;
        if (isPage(target.path)) {
          link.setAttribute("href", routeOf(target.path) + target.query + target.fragment);
        } else {
          link.setAttribute("href", routeOf(target.path));
          link.setAttribute("data-rapport-file", target.path);
        }
      });
      var scripts = [];
      Array.prototype.forEach.call(page.querySelectorAll("script"), function (script) {
        var target = script.getAttribute("src") !== null ? resolve(script.getAttribute("src"), place.path) : null;
        scripts.push(target ? text(target.path) : Promise.resolve(script.textContent));
        script.remove();
      });
      return Promise.all(loads).then(function () { return Promise.all(scripts); }).then(function (sources) {
        shown = place;
        window.rapportViewer = viewer;
        var root = document.documentElement;
        Array.prototype.forEach.call(page.documentElement.attributes, function (attribute) {
          root.setAttribute(attribute.name, attribute.value);
        });
        root.replaceChild(document.adoptNode(page.head), document.head);
        root.replaceChild(document.adoptNode(page.body), document.body);
        sources.forEach(function (source) {
          var script = document.createElement("script");
          script.textContent = source;
          document.body.appendChild(script);
        });
        var anchor = place.fragment ? document.getElementById(decoded(place.fragment.slice(1))) : null;
        if (anchor) anchor.scrollIntoView(); else window.scrollTo(0, 0);
      });
    });
  }

  // What the theme's script asks of the page it runs in (rapport.js): the
  // query, files of the portal, and a new query kept in the address.
  var viewer = {
    get query() { return shown ? shown.query : ""; },
    fetch: function (href) {
      var target = resolve(href, shown.path);
      if (!target) return window.fetch(href);
      return open(target.path).then(function (buffer) {
        return new Response(buffer, { status: 200, headers: { "Content-Type": typeOf(target.path) } });
      }, function () { return new Response("", { status: 404 }); });
    },
    setQuery: function (query) {
      shown.query = query ? "?q=" + encodeURIComponent(query) : "";
      window.history.replaceState(null, "", routeOf(shown.path) + shown.query);
    }
  };

  function navigate() {
    var place = current();
    if (!isPage(place.path)) {
      // A file's address typed or bookmarked: it downloads, and the page
      // shown before stays (or the home page, when nothing was).
      download(place.path);
      if (shown) window.history.replaceState(null, "", routeOf(shown.path) + shown.query);
      else { window.history.replaceState(null, "", "#/"); navigate(); }
      return;
    }
    if (shown && place.path === shown.path && place.query === shown.query) {
      var anchor = place.fragment ? document.getElementById(decoded(place.fragment.slice(1))) : null;
      if (anchor) anchor.scrollIntoView();
      return;
    }
    show(place).catch(function () {
      if (!shown) { locked("This page is not in the portal, or it could not be opened.", true); return; }
      window.alert("This page is not in the portal: " + place.path);
    });
  }

  // Clicks on links made after the page was shown (search results) and on
  // fragments of this page: the address's fragment holds the route.
  document.addEventListener("click", function (event) {
    if (!keys || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !shown) return;
    var href = link.getAttribute("href");
    if (link.hasAttribute("data-rapport-file")) {
      event.preventDefault();
      download(link.getAttribute("data-rapport-file"));
    } else if (href.charAt(0) === "#" && href.charAt(1) !== "/") {
      event.preventDefault();
      var anchor = document.getElementById(decoded(href.slice(1)));
      if (anchor) { anchor.scrollIntoView(); if (anchor.tabIndex >= -1) anchor.focus({ preventScroll: true }); }
    } else if (href.charAt(0) !== "#") {
      var target = resolve(href, shown.path);
      if (!target) return;
      event.preventDefault();
      if (isPage(target.path)) window.location.hash = routeOf(target.path).slice(1) + target.query + target.fragment;
      else download(target.path);
    }
  });

  // Forms that ask a page of the portal (the header's search).
  document.addEventListener("submit", function (event) {
    if (!keys || !shown || event.defaultPrevented) return;
    var target = resolve(event.target.getAttribute("action") || "", shown.path);
    if (!target || (event.target.getAttribute("method") || "get").toLowerCase() !== "get") return;
    event.preventDefault();
    var query = new URLSearchParams(new FormData(event.target)).toString();
    window.location.hash = routeOf(target.path).slice(1) + (query ? "?" + query : "");
  });

  // --- Unlocking ---------------------------------------------------------------
  function locked(message, isError) {
    form.hidden = false;
    say(message || "", isError);
    input.focus();
  }

  function useBits(bits) {
    return importKeys(bits).then(function (found) {
      return mac(found.naming, "check").then(function (value) {
        if (value !== check) return false;
        keys = found;
        return true;
      });
    });
  }

  if (!subtle || !window.Promise || !window.TextEncoder || !window.DOMParser) {
    locked("This browser cannot open the portal: it needs a current browser (WebCrypto).", true);
    return;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var passphrase = input.value;
    if (passphrase === "") return;
    say("Unlocking…");
    derive(passphrase).then(function (bits) {
      return useBits(bits).then(function (right) {
        if (!right) {
          input.value = "";
          locked("That passphrase does not open this portal. Check it and try again.", true);
          return;
        }
        try { window.sessionStorage.setItem(storageName, hexOf(bits)); } catch (error) { }
        input.value = "";
        window.addEventListener("hashchange", navigate);
        navigate();
      });
    }).catch(function () { locked("The portal could not be unlocked in this browser.", true); });
  });

  var kept = null;
  try { kept = window.sessionStorage.getItem(storageName); } catch (error) { }
  if (kept && /^[0-9a-f]{128}$/.test(kept)) {
    useBits(bytesOfHex(kept).buffer).then(function (right) {
      if (!right) { locked(); return; }
      window.addEventListener("hashchange", navigate);
      navigate();
    }, function () { locked(); });
  } else {
    locked();
  }
})();
