/* Material's bundle (about 35 KB gzip, a third of a page's bytes) starts on the reader's
 * first interaction, not at load. Nothing on the first screen needs it: the page is written
 * to be read without JavaScript, the menu and the search panel open with CSS, and the
 * palette and search are started before it by site.js (palette_start.js, search-lazy.js).
 * What it adds (table of contents that follows the reader, back-to-top button, keyboard
 * shortcuts, the search box's results) is wanted once the reader scrolls, touches, clicks,
 * moves the mouse or presses a key: any of these loads it, and a key that Material answers
 * ("/", "s", "n", ...) is passed on to it once it runs. A ?q= address loads it at once.
 *
 * overrides/main.html puts this script last on the page with the bundle's address in
 * data-bundle. Material starts on DOMContentLoaded, which has fired long before: while the
 * bundle runs, a listener it adds for that event is called once the bundle has run, as
 * the browser would have called it.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.getAttribute("data-bundle");
  if (!url) return;
  // With JavaScript on, the page is laid out as Material lays it out once it runs (search
  // box shown): no shift when it starts. Readers without JavaScript keep "no-js".
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  var SIGNS = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "scroll", "focusin"];
  var started = false;

  function editable(target) {
    return target instanceof Element && !!target.closest("input, textarea, select, [contenteditable]");
  }

  function start(event) {
    if (started) return;
    started = true;
    SIGNS.forEach(function (type) { window.removeEventListener(type, start, true); });
    var replay = null;
    if (event && event.type === "keydown" && event.key && event.key.length === 1 &&
        !event.ctrlKey && !event.metaKey && !event.altKey && !editable(event.target)) {
      replay = { target: event.target, key: event.key, code: event.code, shiftKey: event.shiftKey };
    }

    var add = document.addEventListener;
    document.addEventListener = function (type, listener) {
      if (type !== "DOMContentLoaded" || document.readyState === "loading") return add.apply(this, arguments);
      Promise.resolve().then(function () {
        var loaded = new Event("DOMContentLoaded");
        if (typeof listener === "function") listener.call(document, loaded);
        else if (listener && listener.handleEvent) listener.handleEvent(loaded);
      });
    };
    var bundle = document.createElement("script");
    bundle.src = url;
    bundle.onload = bundle.onerror = function () {
      delete document.addEventListener;
      // The page's scripts ran before Material: each later page it puts in place (instant
      // navigation) is announced to them as "ex:material-page". Its first emission, replayed
      // on subscribing, is this page, which they have set up already.
      var first = true;
      if (window.document$) window.document$.subscribe(function () {
        if (first) first = false;
        else document.dispatchEvent(new Event("ex:material-page"));
      });
      if (!replay) return;
      // After Material's listeners have run their start (the microtask above).
      setTimeout(function () {
        var target = replay.target.isConnected ? replay.target : document.body;
        target.dispatchEvent(new KeyboardEvent("keydown", {
          key: replay.key, code: replay.code, shiftKey: replay.shiftKey, bubbles: true, cancelable: true
        }));
      });
    };
    document.body.appendChild(bundle);
  }

  if (new URLSearchParams(location.search).get("q")) {
    start(null);
    return;
  }
  SIGNS.forEach(function (type) { window.addEventListener(type, start, { capture: true, passive: true }); });
})();
