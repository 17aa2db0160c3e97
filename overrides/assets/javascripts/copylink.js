/* Copy-link controls (progressive enhancement; without JS the "#" permalinks and each myth's
 * page link remain). Headings get a button copying page address + "#id"; myths get "Copy link"
 * and "Copy summary" (verdict line + the myth's own page, never "myths/#id": link previews drop
 * the fragment and would show the generic card). Online the address is the page's own
 * location; in the offline bundle (<meta name="ex-public-root">) it is the public one, never
 * file://. Falls back from navigator.clipboard to execCommand to a selected field.
 * window.exShare shares these helpers with quote.js. Also follows old anchors of sections
 * moved to another page (.ex-moved). See scripts/explainer/myths/links.py and
 * scripts/explainer/anchors/plugin.py. */
(function () {
  "use strict";

  var LINK_ICON = '<svg class="ex-copylink__link" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-2 2a1 1 0 1 1-1.4-1.4l2-2a1 1 0 1 0-1.4-1.4' +
    'l-3.5 3.5a1 1 0 0 1-1.4 0Zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 1 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2' +
    'a1 1 0 1 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0Z"/></svg>' +
    '<svg class="ex-copylink__done" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2Z"/></svg>';
  var HEADINGS = "h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]";
  var CONFIRM_MS = 2500;

  function publicRoot() {
    var meta = document.querySelector('meta[name="ex-public-root"]');
    return meta ? meta.getAttribute("content") : null;
  }

  // The address to share: the public one in the offline bundle (its canonical link names the
  // public page), else this page's own location without query or fragment.
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (publicRoot() && canonical) return canonical.href;
    var href = window.location.href;
    var cut = href.search(/[?#]/);
    return cut < 0 ? href : href.slice(0, cut);
  }

  // A site path ("myths/<id>/") as a full address: from the public root offline, else from
  // the site's root as Material's config names it (relative to this page).
  function siteAddress(path) {
    var root = publicRoot();
    if (!root) {
      var config = document.getElementById("__config");
      var base = ".";
      try { base = JSON.parse(config.textContent).base || "."; } catch (error) { base = "."; }
      root = new URL(base.replace(/\/?$/, "/"), window.location.href).href;
    }
    return new URL(path, root).href;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink, .ex-copylink, .ex-alias").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function statusRegion() {
    var region = document.getElementById("ex-copy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "ex-copy-status";
      region.className = "ex-copy-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      document.body.appendChild(region);
    }
    return region;
  }

  var statusTimer = null;
  function announce(message) {
    var region = statusRegion();
    region.textContent = message;
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () { region.textContent = ""; }, 4000);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    var focused = document.activeElement;
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "ex-copy-scratch";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    area.remove();
    if (focused && typeof focused.focus === "function") focused.focus();
    return copied;
  }

  function copyText(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function showManual(button, text) {
    var holder = button.closest(".ex-claim-link, h1, h2, h3, h4, h5, h6") || button.parentNode;
    var box = holder.nextElementSibling;
    if (!box || !box.classList.contains("ex-copy-manual")) {
      box = document.createElement("p");
      box.className = "ex-copy-manual";
      var label = document.createElement("label");
      label.textContent = "Copy this: ";
      var field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      label.appendChild(field);
      box.appendChild(label);
      holder.parentNode.insertBefore(box, holder.nextSibling);
    }
    var input = box.querySelector("input");
    input.value = text;
    input.focus();
    input.select();
    announce("Copying is blocked here. The text is selected in a field below: press Ctrl+C or Command+C.");
  }

  function confirmCopied(button, message) {
    button.classList.add("ex-copied");
    var label = button.querySelector(".ex-share__label");
    if (label) {
      if (!button.dataset.exLabel) button.dataset.exLabel = label.textContent;
      label.textContent = "Copied";
    }
    announce(message);
    window.clearTimeout(button.exTimer);
    button.exTimer = window.setTimeout(function () {
      button.classList.remove("ex-copied");
      if (label && button.dataset.exLabel) label.textContent = button.dataset.exLabel;
    }, CONFIRM_MS);
  }

  function onClick(event) {
    var button = event.target.closest ? event.target.closest("[data-ex-copy]") : null;
    if (!button) return;
    event.preventDefault();
    var target = button.getAttribute("data-ex-target");
    var url = pageAddress() + (target ? "#" + target : "");
    var box = button.closest(".ex-claim-link[data-ex-page]");
    if (box) url = siteAddress(box.getAttribute("data-ex-page"));  // a myth: its own page
    var text = url;
    // Offline, say so: the link is the public site's, not this copy's.
    var message = (publicRoot() ? "Link to the public site copied: " : "Link copied: ") + url;
    if (button.getAttribute("data-ex-copy") === "summary") {
      text = box.getAttribute("data-ex-summary") + " " + url;
      message = "Summary copied, with the link " + url;
    }
    copyText(text).then(function (copied) {
      if (copied) confirmCopied(button, message); else showManual(button, text);
    });
  }

  function makeButton(kind, target, text, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-ex-copy", kind);
    button.setAttribute("data-ex-target", target);
    if (text) {
      button.className = "ex-share__button";
      var span = document.createElement("span");
      span.className = "ex-share__label";
      span.textContent = text;
      button.appendChild(span);
    } else {
      button.className = "ex-copylink";
      button.innerHTML = LINK_ICON;
      button.title = "Copy link";
    }
    button.setAttribute("aria-label", label);
    return button;
  }

  // The "#" and the button are boxes of their own, so a line may break before them and
  // leave them alone on the heading's last line (seen on a phone). Bind them to the last
  // word: "… score?" + "#" + button in one unbreakable span.
  function keepWithLastWord(heading) {
    var first = heading.querySelector(".headerlink") || heading.querySelector(".ex-copylink");
    var before = first && first.previousSibling;
    if (!before || before.nodeType !== 3) return;
    var cut = before.nodeValue.search(/\S+\s*$/);
    if (cut < 0) return;
    var span = document.createElement("span");
    span.className = "ex-keep";
    span.appendChild(document.createTextNode(before.nodeValue.slice(cut)));
    before.nodeValue = before.nodeValue.slice(0, cut);
    for (var node = first; node; ) {
      var next = node.nextSibling;
      span.appendChild(node);
      node = next;
    }
    heading.appendChild(span);
  }

  function addHeadingButton(article, heading) {
    if (heading.querySelector(".ex-copylink")) return;
    if (article.querySelector('.ex-claim-link[data-ex-myth="' + heading.id + '"]')) return;
    var isTitle = heading.tagName === "H1";
    var text = headingText(heading);
    heading.appendChild(makeButton("link", isTitle ? "" : heading.id, "",
      isTitle ? "Copy link to this page" : "Copy link to section “" + text + "”"));
    keepWithLastWord(heading);
  }

  function addMythButtons(article) {
    article.querySelectorAll(".ex-claim-link[data-ex-myth]").forEach(function (box) {
      if (box.querySelector("[data-ex-copy]")) return;
      var id = box.getAttribute("data-ex-myth");
      var heading = document.getElementById(id);
      var claim = heading ? headingText(heading) : id;
      var group = document.createElement("span");
      group.className = "ex-share__buttons";
      group.appendChild(makeButton("link", id, "Copy link", "Copy link to the claim " + claim));
      group.appendChild(makeButton("summary", id, "Copy summary",
        "Copy summary of the verdict on the claim " + claim + ", with its link"));
      box.insertBefore(group, box.firstChild);
    });
  }

  // When the browser is idle (a timer where requestIdleCallback is missing: Safari).
  function later(work) {
    if (window.requestIdleCallback) window.requestIdleCallback(work, {timeout: 2000});
    else window.setTimeout(work, 50);
  }

  // The title's button and the myths' (always shown) at once; the buttons of the other
  // headings, shown on hover and focus, once the first screen is up: on a long page they
  // were most of this script's start-up work on a phone (bench/startup_bench.py).
  function enhance() {
    var article = document.querySelector(".md-content__inner");
    if (!article || document.getElementById("ex-404-candidates")) return;
    statusRegion();
    var title = article.querySelector("h1[id]");
    if (title) addHeadingButton(article, title);
    addMythButtons(article);
    later(function () {
      if (!article.isConnected) return;  // an instant navigation replaced the page
      article.querySelectorAll(HEADINGS).forEach(function (heading) { addHeadingButton(article, heading); });
    });
  }

  function followMoved() {
    if (!window.location.hash) return;
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    var note = document.getElementById(id);
    if (note && note.classList.contains("ex-moved") && note.getAttribute("data-ex-moved-to")) {
      window.location.replace(new URL(note.getAttribute("data-ex-moved-to"), window.location.href).href);
    }
  }

  window.exShare = {pageAddress: pageAddress, copyText: copyText, announce: announce,
                   offline: function () { return Boolean(publicRoot()); }};

  document.addEventListener("click", onClick);
  window.addEventListener("hashchange", followMoved);
  function start() { followMoved(); enhance(); }
  // This page once its DOM is there; every page an instant navigation brings: on Material's
  // document$, or "ex:material-page" when Material starts after this script (material_on_demand.js).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("ex:material-page", start);
})();
