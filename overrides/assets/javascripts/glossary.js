/* Tooltips, from one box and a few listeners on the document (nothing per element, so
   a long page costs nothing more at load; Material's content.tooltips mounted one
   component per titled element, a third of its start-up script work):
   - glossary references (a.ex-term) on hover, focus and tap. How and why: see the
     docstring of scripts/explainer/glossary/markdown.py ("In the browser");
   - citations (a.ex-cite__link): their title (the source) on hover and focus; a tap
     follows the link. The title stays for screen readers and readers without
     JavaScript; it is set aside only while the box shows it on mouse hover, so that
     the browser's own tooltip does not show it twice. A citation of a quotation also
     carries the stored passages that hold it (data-ex-passages, JSON written by
     scripts/explainer/sources/markdown.py): the box shows them below the source, original
     then translation, and on touch the first tap opens the box, the second follows the
     link (the sources page lists the same passages, for readers without JavaScript). */
(function () {
  "use strict";

  var TERM = "a.ex-term";
  var CITE = "a.ex-cite__link";
  var TARGET = TERM + ", " + CITE;
  var TIP_ID = "ex-gtip";
  var tip = null;          // the one tooltip element
  var current = null;      // the reference whose tooltip is open
  var pinned = false;      // opened by a tap: stays until a tap elsewhere
  var hovering = false;    // mouse over the reference or the tooltip
  var hideTimer = 0;
  var lastPointer = "";    // pointerType of the last pointerdown
  var openAtDown = false;  // was this reference's tooltip open when the finger went down?

  // "Term · 中文 · pīnyīn — definition" -> parts (see Term.title_text in glossary.py).
  function parse(title) {
    var cut = title.indexOf(" — ");
    var names = (cut < 0 ? "" : title.slice(0, cut)).split(" · ");
    if (names.length !== 3) return { term: "", zh: "", pinyin: "", definition: title };
    return { term: names[0], zh: names[1], pinyin: names[2], definition: title.slice(cut + 3) };
  }

  // The hidden description of a term, created once per term and kept across instant
  // navigations (it lives outside the content that Material swaps).
  function describe(id, parts) {
    var node = document.getElementById("ex-gdef-" + id);
    if (node) return node.id;
    var box = document.getElementById("ex-gdefs");
    if (!box) {
      box = document.createElement("div");
      box.id = "ex-gdefs";
      box.hidden = true;
      document.body.appendChild(box);
    }
    node = el("span", "ex-gdef");
    node.id = "ex-gdef-" + id;
    if (parts.zh) {
      node.appendChild(el("span", "", parts.zh, "zh-Hans"));
      node.appendChild(document.createTextNode(", "));
      node.appendChild(el("span", "", parts.pinyin, "zh-Latn-pinyin"));
      node.appendChild(document.createTextNode(": "));
    }
    node.appendChild(document.createTextNode(parts.definition));
    box.appendChild(node);
    return node.id;
  }

  // A reference is set up on its first hover, focus or tap, not at load: a long page has
  // dozens of them, and a phone paid for each before the reader could scroll (measured in
  // bench/startup_bench.py). Its title moves to data-ex-title (no second, native tooltip on
  // mouse hover) and it gets the hidden description. Until then the title is its
  // description, with the same words.
  function ready(link) {
    if (!link.matches(TERM) || link.hasAttribute("data-ex-ready")) return;
    if (link.hasAttribute("title")) {
      link.setAttribute("data-ex-title", link.getAttribute("title"));
      link.removeAttribute("title");
    }
    var title = link.getAttribute("data-ex-title");
    if (title) link.setAttribute("aria-describedby", describe(link.getAttribute("data-term"), parse(title)));
    link.setAttribute("data-ex-ready", "");
  }

  function targetOf(node) {
    return node && node.closest ? node.closest(TARGET) : null;
  }

  function isCitation(link) {
    return !!link && link.matches(CITE);
  }

  function passagesOf(link) {
    var raw = isCitation(link) && link.getAttribute("data-ex-passages");
    if (!raw) return [];
    try { return JSON.parse(raw); } catch (e) { return []; }
  }

  // A tap opens the box first on glossary references and on citations with passages.
  function tapTarget(node) {
    var link = targetOf(node);
    return link && (!isCitation(link) || link.hasAttribute("data-ex-passages")) ? link : null;
  }

  // A citation's title is set aside while the box shows it (see the top of this file).
  function setTitleAside(link) {
    if (isCitation(link) && link.hasAttribute("title")) {
      link.setAttribute("data-ex-title", link.getAttribute("title"));
      link.removeAttribute("title");
    }
  }

  function putTitleBack(link) {
    if (isCitation(link) && link.hasAttribute("data-ex-title")) {
      link.setAttribute("title", link.getAttribute("data-ex-title"));
      link.removeAttribute("data-ex-title");
    }
  }

  function inTip(node) {
    return !!(tip && node && tip.contains(node));
  }

  function ensureTip() {
    if (tip && tip.isConnected) return tip;
    tip = document.getElementById(TIP_ID);
    if (!tip) {
      tip = document.createElement("div");
      tip.id = TIP_ID;
      tip.className = "ex-gtip md-typeset";
      tip.hidden = true;
      // The definition reaches screen readers through the reference's aria-describedby;
      // this box is the visual copy of it.
      tip.setAttribute("aria-hidden", "true");
      document.body.appendChild(tip);
    }
    return tip;
  }

  function el(tag, className, text, lang) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    if (lang) node.setAttribute("lang", lang);
    return node;
  }

  function fill(link) {
    var box = ensureTip();
    box.textContent = "";
    if (isCitation(link)) {
      box.appendChild(el("p", "ex-gtip__text", link.getAttribute("data-ex-title") || link.title || ""));
      var passages = passagesOf(link);
      for (var i = 0; i < passages.length; i++) {
        var p = passages[i];
        var quote = el("blockquote", "ex-gtip__passage", p.text, p.lang);
        box.appendChild(quote);
        if (p.translation) {
          box.appendChild(el("blockquote", "ex-gtip__translation", p.translation, "en"));
          box.appendChild(el("p", "ex-gtip__by", "Translation: " + (p.by || "our translation") + "."));
        }
      }
      box.setAttribute("data-term", "");
      return;
    }
    var parts = parse(link.getAttribute("data-ex-title") || link.title || "");
    if (parts.zh) {
      var head = el("p", "ex-gtip__head");
      head.appendChild(el("strong", "ex-gtip__term", parts.term));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "ex-gtip__zh", parts.zh, "zh-Hans"));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "ex-gtip__py", parts.pinyin, "zh-Latn-pinyin"));
      box.appendChild(head);
    }
    box.appendChild(el("p", "ex-gtip__text", parts.definition));
    var more = el("a", "ex-gtip__more", "Glossary entry");
    more.href = link.href;
    more.tabIndex = -1;
    box.appendChild(more);
    box.setAttribute("data-term", link.getAttribute("data-term"));
  }

  function place(link) {
    var box = ensureTip();
    var rects = link.getClientRects();
    var rect = rects.length ? rects[0] : link.getBoundingClientRect();
    var margin = 8;
    var width = document.documentElement.clientWidth;
    box.style.maxWidth = Math.min(352, width - 2 * margin) + "px";
    var tipRect = box.getBoundingClientRect();
    var below = rect.bottom + margin + tipRect.height <= window.innerHeight || rect.top < tipRect.height + margin;
    var top = below ? rect.bottom + margin : rect.top - margin - tipRect.height;
    var left = Math.max(margin, Math.min(rect.left, width - tipRect.width - margin));
    box.style.top = Math.round(top + window.scrollY) + "px";
    box.style.left = Math.round(left + window.scrollX) + "px";
    box.classList.toggle("ex-gtip--above", !below);
  }

  // byMouse: only the mouse brings up the browser's own title tooltip; on keyboard focus
  // the title stays, for screen readers to announce.
  function show(link, byMouse) {
    clearTimeout(hideTimer);
    ready(link);
    if (current && current !== link) putTitleBack(current);
    if (byMouse) setTitleAside(link);
    if (current !== link || ensureTip().hidden) fill(link);
    current = link;
    tip.hidden = false;
    place(link);
    tip.classList.add("ex-gtip--open");
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) {
      tip.hidden = true;
      tip.classList.remove("ex-gtip--open");
    }
    if (current) putTitleBack(current);
    current = null;
    pinned = false;
  }

  function hideSoon(delay) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (pinned || hovering) return;
      if (current && document.activeElement === current) return;
      hide();
    }, delay);
  }

  function isOpen(link) {
    return !!(tip && !tip.hidden && current === link);
  }

  // Mouse: hover over a reference, a citation or the tooltip.
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = targetOf(event.target);
    if (link) {
      hovering = true;
      if (pinned && current !== link) pinned = false;
      show(link, true);
    } else if (inTip(event.target)) {
      hovering = true;
      clearTimeout(hideTimer);
    }
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    if (!targetOf(event.target) && !inTip(event.target)) return;
    var to = event.relatedTarget;
    if ((to && (targetOf(to) === current || inTip(to)))) return;
    hovering = false;
    hideSoon(200);
  });

  // Keyboard: focus shows, leaving hides, Escape closes.
  document.addEventListener("focusin", function (event) {
    var link = targetOf(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (!targetOf(event.target)) return;
    if (inTip(event.relatedTarget)) return;
    hideSoon(pinned ? 0 : 10);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !tip || tip.hidden) return;
    var link = current;
    pinned = false;
    hovering = false;
    hide();
    if (link && document.activeElement && inTip(document.activeElement)) link.focus();
  });

  // Touch: on a reference (or a citation with passages), the first tap opens the tooltip,
  // the second follows the link; a tap elsewhere closes it. A tap on any other citation
  // follows it at once.
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "";
    var link = tapTarget(event.target);
    openAtDown = !!link && isOpen(link);
    if (!targetOf(event.target) && !inTip(event.target) && tip && !tip.hidden) {
      pinned = false;
      hovering = false;
      hide();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var link = tapTarget(event.target);
    if (!link) return;
    var type = event.pointerType || (event.detail ? lastPointer : "");
    if ((type === "touch" || type === "pen") && !openAtDown) {
      event.preventDefault();
      event.stopPropagation();  // keeps Material's instant navigation out of it
      show(link);
      pinned = true;
    }
  }, true);

  window.addEventListener("resize", function () { if (current && tip && !tip.hidden) place(current); });
  window.addEventListener("scroll", function () { if (current && tip && !tip.hidden) place(current); }, { passive: true });

  // Nothing to do per page at load. Material's instant navigation (off on this site) swaps
  // the content and emits on document$ ("ex:material-page" when Material starts after this
  // script, material_on_demand.js): a tooltip of the old page goes.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(hide);
  document.addEventListener("ex:material-page", hide);
})();
