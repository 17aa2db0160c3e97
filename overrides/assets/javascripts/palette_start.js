/* Material's palette, as it starts, marks <body> "data-md-color-switching" (its style sheet
 * turns every transition off under that mark while the colours change), reads a computed
 * style and takes the mark off again: two restyles of every element of the page at load,
 * even when the palette it sets is the one already shown (its script in <head> applies the
 * reader's choice before the first paint). On a phone that was a third of Material's start-up
 * work on a long page (bench/startup_bench.py). This file runs just before Material's bundle
 * (overrides/main.html), which starts the palette as it runs: until the page's DOM is
 * complete, the mark is held back and set only if a colour really changes (a first visit in
 * dark mode); a reader's own switch later is left alone. */
(function () {
  "use strict";

  var body = document.body;
  if (!body || document.readyState !== "loading") return;
  var MARK = "data-md-color-switching";
  var COLOURS = /^data-md-color-(scheme|primary|accent)$/;  // what the style sheets select on
  var set = Element.prototype.setAttribute;
  var held = false;
  body.setAttribute = function (name, value) {
    if (name === MARK) {
      held = true;
      return;
    }
    if (held && COLOURS.test(name) && this.getAttribute(name) !== String(value)) {
      held = false;
      set.call(this, MARK, "");
    }
    set.call(this, name, value);
  };
  document.addEventListener("DOMContentLoaded", function () { delete body.setAttribute; });
})();
