/* Quote to a forum: selecting text in an article shows two buttons that copy it as a quote
 * with its source: BBCode ([quote=…] plus [url=…], for phpBB, XenForo, vBulletin) or Markdown
 * ("> " lines plus a link, for Reddit, Discourse, GitHub). The link is the page's address
 * (public, also offline: copylink.js's exShare) with the section and a text fragment
 * (#id:~:text=…) that scrolls to and highlights the passage where browsers support it; others
 * still land on the section. The control sits right after the selected block, so Tab reaches
 * it from there; Escape closes it. Without JavaScript nothing changes. */
(function () {
  "use strict";

  var ARTICLE = "article.md-content__inner";
  var SKIP = ".ex-cite, .headerlink, .ex-copylink, .ex-share__buttons, .ex-quote";  // not part of a quote
  var BLOCK = /^(P|LI|DT|DD|H[1-6]|BLOCKQUOTE|FIGCAPTION|TR|PRE|DIV|SECTION|TABLE|UL|OL|DL|FIGURE)$/;
  // Letters of alphabetic scripts (Latin, Greek, Cyrillic), digits and in-word marks; Chinese
  // has no spaces between words, so a selection in it is taken as it is.
  var WORD = /[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF_'\u2019-]/;
  var FRAGMENT_WORDS = 4;     // words in textStart and in textEnd of a long selection
  var CONFIRM_MS = 2500;

  var control = null;
  var quote = null;           // what the buttons copy: {paragraphs, fragment, section}
  var pointerInControl = false;

  function article() { return document.querySelector(ARTICLE); }

  // Grow the range to whole words: a quote does not start in the middle of one, and text
  // fragments only match whole words.
  function wholeWords(range) {
    var grown = range.cloneRange();
    var start = grown.startContainer, end = grown.endContainer;
    if (start.nodeType === 3) {
      var s = grown.startOffset;
      while (s > 0 && WORD.test(start.nodeValue.charAt(s - 1))) s -= 1;
      grown.setStart(start, s);
    }
    if (end.nodeType === 3) {
      var e = grown.endOffset;
      while (e < end.nodeValue.length && WORD.test(end.nodeValue.charAt(e))) e += 1;
      grown.setEnd(end, e);
    }
    return grown;
  }

  function tidy(text) { return text.replace(/\s+/g, " ").trim(); }

  // The selected text as paragraphs, without citation marks or the page's own controls.
  function paragraphsOf(range) {
    var fragment = range.cloneContents();
    fragment.querySelectorAll(SKIP).forEach(function (el) { el.remove(); });
    var paragraphs = [];
    var line = "";
    function flush() {
      var text = tidy(line);
      if (text) paragraphs.push(text);
      line = "";
    }
    (function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          line += child.nodeValue;
        } else if (child.nodeType === 1) {
          if (child.tagName === "BR") { flush(); return; }
          if (child.tagName === "TD" || child.tagName === "TH") line += " ";  // cells of a row
          var block = BLOCK.test(child.tagName);
          if (block) flush();
          walk(child);
          if (block) flush();
        }
      });
    })(fragment);
    flush();
    return paragraphs;
  }

  // WICG text fragments: percent-encoding, with "-", "&" and "," (the directive's own syntax)
  // encoded too.
  function encodeTerm(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  // textStart alone for a short passage in one block; textStart,textEnd otherwise (a match
  // of textStart alone never crosses a block's edge, and a long one makes a long address).
  // The terms are the text as the page shows it (citation marks included), so they match.
  function textFragment(range) {
    var shown = range.toString().split(/\n+/).map(tidy).filter(Boolean);
    if (!shown.length) return "";
    var words = shown.join(" ").split(" ");
    if (shown.length === 1 && words.length <= 2 * FRAGMENT_WORDS) return "text=" + encodeTerm(shown[0]);
    var first = shown[0].split(" ").slice(0, FRAGMENT_WORDS).join(" ");
    var last = shown[shown.length - 1].split(" ").slice(-FRAGMENT_WORDS).join(" ");
    return "text=" + encodeTerm(first) + "," + encodeTerm(last);
  }

  // The id of the section the passage is in: the last heading with an id before its start.
  function sectionOf(range, root) {
    var section = "";
    root.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]").forEach(function (heading) {
      if (heading.compareDocumentPosition(range.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING) {
        section = heading.id;
      }
    });
    return section;
  }

  function pageTitle() {
    var meta = document.querySelector('meta[property="og:title"]');
    var h1 = document.querySelector(ARTICLE + " h1");
    return tidy(meta ? meta.getAttribute("content") : (h1 ? h1.textContent.replace(/#$/, "") : document.title));
  }

  function siteName() {
    var meta = document.querySelector('meta[property="og:site_name"]');
    if (meta) return meta.getAttribute("content");
    var title = document.querySelector(".md-header__topic .md-ellipsis");
    return title ? tidy(title.textContent) : "";
  }

  function link(found) {
    return window.exShare.pageAddress() + "#" + found.section + ":~:" + found.fragment;
  }

  function source() {
    var title = pageTitle(), site = siteName();
    return site && title.indexOf(site) < 0 ? title + " — " + site : title;
  }

  // [quote="…"] takes no quotation mark or closing bracket inside its name.
  function bbcode(found) {
    var name = source().replace(/"/g, "'").replace(/\]/g, ")");
    return "[quote=\"" + name + "\"]" + found.paragraphs.join("\n\n") + "[/quote]\n" +
      "[url=" + link(found) + "]" + name + "[/url]";
  }

  function escapeMarkdown(text) {
    return text.replace(/([\\`*_[\]<>|~])/g, "\\$1").replace(/^([#+-]|\d+\.)(\s)/, "\\$1$2");
  }

  function markdown(found) {
    var lines = found.paragraphs.map(function (p) { return "> " + escapeMarkdown(p); }).join("\n>\n");
    return lines + "\n\n— [" + escapeMarkdown(source()) + "](" + link(found).replace(/\)/g, "%29") + ")";
  }

  var FORMATS = {
    bbcode: {make: bbcode, label: "BBCode", name: "Copy the selection as a BBCode quote, for forums such as phpBB or XenForo"},
    markdown: {make: markdown, label: "Markdown", name: "Copy the selection as a Markdown quote, for Reddit, Discourse or GitHub"},
  };

  function build() {
    var box = document.createElement("div");
    box.className = "ex-quote";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Quote the selected text with its source");
    box.hidden = true;
    var label = document.createElement("span");
    label.className = "ex-quote__label";
    label.textContent = "Quote as";
    label.setAttribute("aria-hidden", "true");
    box.appendChild(label);
    Object.keys(FORMATS).forEach(function (key) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ex-quote__button";
      button.setAttribute("data-quote-format", key);
      button.setAttribute("aria-label", FORMATS[key].name);
      button.textContent = FORMATS[key].label;
      box.appendChild(button);
    });
    // Keep the selection when a button is pressed (a press elsewhere would clear it).
    box.addEventListener("pointerdown", function (event) { pointerInControl = true; event.preventDefault(); });
    box.addEventListener("click", onCopy);
    return box;
  }

  function hide() {
    if (!control || control.hidden) return;
    if (control.contains(document.activeElement)) document.activeElement.blur();
    control.hidden = true;
    quote = null;
  }

  // Right after the article's top-level block that holds the end of the selection, so Tab
  // from the passage reaches it; placed under the selection's last line.
  function show(range, root) {
    if (!control) control = build();
    var block = range.endContainer;
    while (block.parentNode && block.parentNode !== root) block = block.parentNode;
    if (block.parentNode !== root) return hide();
    if (control.previousElementSibling !== block) root.insertBefore(control, block.nextSibling);
    control.hidden = false;
    var rects = range.getClientRects();
    var last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var parent = (control.offsetParent || document.body).getBoundingClientRect();
    var left = Math.min(Math.max(last.left - parent.left, 0), Math.max(parent.width - control.offsetWidth, 0));
    control.style.left = left + "px";
    control.style.top = (last.bottom - parent.top + 8) + "px";
  }

  function onSelection() {
    if (pointerInControl) return;
    var root = article();
    var selection = window.getSelection();
    if (!root || !selection || selection.isCollapsed || !selection.rangeCount) return hide();
    var range = selection.getRangeAt(0);
    var inside = root.contains(range.startContainer) && root.contains(range.endContainer);
    if (!inside || (control && control.contains(range.commonAncestorContainer))) return hide();
    var words = wholeWords(range);
    var paragraphs = paragraphsOf(words);
    if (!paragraphs.length) return hide();
    quote = {paragraphs: paragraphs, fragment: textFragment(words), section: sectionOf(words, root)};
    show(range, root);
  }

  function onCopy(event) {
    var button = event.target.closest("[data-quote-format]");
    if (!button || !quote) return;
    var format = FORMATS[button.getAttribute("data-quote-format")];
    var text = format.make(quote);
    window.exShare.copyText(text).then(function (copied) {
      if (!copied) {
        window.exShare.announce("Copying is blocked here: select the text and copy it with Ctrl+C or Command+C.");
        return;
      }
      window.exShare.announce(format.label + " quote copied, with a link to this passage" +
        (window.exShare.offline() ? " on the public site." : "."));
      button.classList.add("ex-copied");
      button.textContent = "Copied";
      window.clearTimeout(button.exTimer);
      button.exTimer = window.setTimeout(function () {
        button.classList.remove("ex-copied");
        button.textContent = format.label;
      }, CONFIRM_MS);
    });
  }

  var started = false;
  function start() {
    if (started || !window.exShare || !article() || document.getElementById("ex-404-candidates")) return;
    started = true;
    document.addEventListener("selectionchange", onSelection);  // mouse, keyboard and touch alike
    window.addEventListener("resize", onSelection);              // lines rewrap: place it again
    ["pointerup", "pointercancel"].forEach(function (type) {
      window.addEventListener(type, function () { pointerInControl = false; }, true);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && control && !control.hidden) hide();
    });
  }

  // This page once its DOM is there; every page an instant navigation brings: on Material's
  // document$, or "ex:material-page" when Material starts after this script (material_on_demand.js).
  // The listeners go on once, on the first page with an article.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("ex:material-page", start);
})();
