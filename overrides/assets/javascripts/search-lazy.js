/* Search loads on the first sign that a reader wants it, not on every page at start.
 *
 * Material's bundle creates the search worker and requests the search index as soon as it
 * runs (about 65 KB gzip that most readers never use). This file runs just before the
 * bundle (overrides/main.html) and holds back exactly those three loads until a first sign
 * of search: focus or a click on the search field, the search toggle, pointer over the
 * search box, the "/", "s" or "f" key, or a ?q= address. Then everything queued goes
 * out in order, and the query typed meanwhile is answered when the worker is ready.
 *
 *   - the worker: window.Worker answers the search worker's address with a stand-in that
 *     queues messages and starts the real worker (or the file:// iframe-worker shim) later;
 *   - the index online: an XMLHttpRequest for search/search_index.json waits before send();
 *   - the index from file://: the <script src="search/search_index.js"> that Material adds
 *     to <head> is added later.
 */
(function () {
  "use strict";
  var configElement = document.getElementById("__config");
  if (!configElement || !window.Promise || !window.EventTarget) return;
  var config = JSON.parse(configElement.textContent);
  var workerUrl = new URL(config.search, location.href).href;

  var go;
  var ready = new Promise(function (resolve) { go = resolve; });
  var started = false;
  var SIGNS = ["focusin", "pointerdown", "pointerover", "change"];
  function start() {
    if (started) return;
    started = true;
    SIGNS.forEach(function (type) { document.removeEventListener(type, onSearch, true); });
    document.removeEventListener("keydown", onKey, true);
    go();
  }

  function isIndex(url, name) {
    try {
      return new URL(url, location.href).pathname.slice(-name.length - 7) === "search/" + name;
    } catch (error) {
      return false;
    }
  }

  // The worker: a stand-in with the same message interface.
  var RealWorker = window.Worker;
  if (RealWorker) {
    window.Worker = function (url, options) {
      if (new URL(url, location.href).href !== workerUrl) return new RealWorker(url, options);
      var standIn = new EventTarget();
      var real = null;
      standIn.postMessage = function (message) {
        ready.then(function () {
          if (!real) {
            real = new RealWorker(url, options);
            real.addEventListener("message", function (event) {
              standIn.dispatchEvent(new MessageEvent("message", { data: event.data }));
            });
          }
          real.postMessage(message);
        });
      };
      standIn.terminate = function () {
        ready.then(function () { if (real) real.terminate(); });
      };
      return standIn;
    };
  }

  // The index online: the request is opened now and sent later.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.exSearchIndex = isIndex(url, "search_index.json");
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.exSearchIndex || started) return send.apply(request, args);
    ready.then(function () { send.apply(request, args); });
  };

  // The index from file://: Material adds it to <head> as a script.
  var head = document.head;
  var appendChild = head.appendChild;
  head.appendChild = function (node) {
    if (!started && node instanceof HTMLScriptElement && isIndex(node.src, "search_index.js")) {
      ready.then(function () { appendChild.call(head, node); });
      return node;
    }
    return appendChild.call(head, node);
  };

  // First signs of search.
  var params = new URLSearchParams(location.search);
  if (params.get("q")) start();
  function onSearch(event) {
    var target = event.target;
    if (target instanceof Element &&
        target.closest('[data-md-component="search"], label[for="__search"], #__search')) start();
  }
  function onKey(event) {
    var target = event.target;
    var typing = target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && "/sf".indexOf(event.key) >= 0 &&
        event.key.length === 1) start();
  }
  // Listened to until search starts, then removed (pointerover fires on every move).
  if (!started) {
    SIGNS.forEach(function (type) { document.addEventListener(type, onSearch, true); });
    document.addEventListener("keydown", onKey, true);
  }
})();
