/* Highlighting of search terms on the page a search result opens (replaces Material's
 * search.highlight, which marks a term wherever it occurs as letters, so "?h=a" marked every
 * letter "a"). A result link gets "?h=" with the query's words, without English stop-words;
 * the page marks each whole word that begins with one of them (search matches word
 * beginnings), and a run of Chinese characters wherever it occurs (Chinese has no spaces). */
(function () {
  "use strict";

  // lunr.js's English stop-word list: the search ignores these words, so they are not marked.
  var STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as at be " +
    "because been but by can cannot could dear did do does either else ever every for from get got had has " +
    "have he her hers him his how however i if in into is it its just least let like likely may me might " +
    "most must my neither no nor not of off often on only or other our own rather said say says she should " +
    "since so some than that the their them then there these they this tis to too twas us wants was we " +
    "were what when where which while who whom why will with would yet you your").split(" "));
  var HAN = /\p{Script=Han}/u;
  var SKIP = "script, style, svg, mark, textarea, .md-search, .headerlink, .ex-copylink";

  // The words worth marking: split like the search splits, lower-cased, without search
  // operators (+ - * ~ ^ field:), stop-words and single Latin letters.
  function terms(text) {
    return Array.from(new Set((text || "").toLowerCase()
      .split(/[\s\u200b\u3000\-、。，．？！；,.;:!?"'()]+/u)
      .map(function (word) { return word.replace(/^[+\-]+|[*~^\d]*$/g, "").replace(/^\w+:/, ""); })
      .filter(function (word) {
        return word && !STOP_WORDS.has(word) && (word.length > 1 || HAN.test(word));
      })));
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Groups: the character before a Latin word (not a letter: the word starts there) and the
  // whole word; or an empty lead and a Chinese term. No lookbehind: older Safari lacks it.
  function matcher(words) {
    var latin = words.filter(function (w) { return !HAN.test(w); }).map(escapeRegExp);
    var han = words.filter(function (w) { return HAN.test(w); }).map(escapeRegExp);
    var parts = [];
    if (latin.length) parts.push("(^|[^\\p{L}\\p{N}_])((?:" + latin.join("|") + ")[\\p{L}\\p{N}_]*)");
    if (han.length) parts.push("()(" + han.join("|") + ")");
    return new RegExp(parts.join("|"), "giu");
  }

  function highlight(root, pattern) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && !parent.closest(SKIP) && parent.offsetHeight
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    nodes.forEach(function (text) {
      var value = text.nodeValue, last = 0, fragment = null, match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(value)) !== null) {
        var word = match[2] !== undefined ? match[2] : match[4];
        if (!word) { pattern.lastIndex++; continue; }
        var start = match.index + (match[1] !== undefined ? match[1] : match[3]).length;
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(value.slice(last, start)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = word;
        fragment.appendChild(mark);
        last = start + word.length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(value.slice(last)));
        text.parentNode.replaceChild(fragment, text);
      }
    });
  }

  // Result links: the query's words in "h" (results are re-rendered as the query changes).
  var input = document.querySelector(".md-search__input");
  var list = document.querySelector(".md-search-result__list");
  if (input && list) {
    new MutationObserver(function () {
      var words = terms(input.value).join(" ");
      list.querySelectorAll("a.md-search-result__link").forEach(function (link) {
        var url = new URL(link.href);
        if (words) url.searchParams.set("h", words); else url.searchParams.delete("h");
        if (url.href !== link.href) link.href = url.href;
      });
    }).observe(list, { childList: true, subtree: true });
  }

  // This page, opened from a result.
  var words = terms(new URLSearchParams(window.location.search).get("h"));
  var content = document.querySelector("[data-md-component=content]");
  if (words.length && content) highlight(content, matcher(words));
})();
