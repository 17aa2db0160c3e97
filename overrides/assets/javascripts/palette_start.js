/* The colour palette, before Material's bundle runs (material_on_demand.js starts it on the
 * reader's first interaction). What Material's palette does when it starts is done here at
 * load: the palette is the reader's stored choice, or on a first visit the one whose media
 * query matches (dark mode); the toggle for the other palette is shown; a switch made
 * before the bundle runs is applied and stored where Material reads it (__md_set), so the
 * bundle starts with the reader's choice.
 *
 * Material marks <body> "data-md-color-switching" (its style sheet turns every transition
 * off under that mark) while it sets the colours, even when they are the ones already
 * shown: two restyles of every element of the page, a third of its start-up work on a
 * phone (bench/startup_bench.py). Here the mark is set only when a colour really changes,
 * at load, on a switch, and when the bundle starts.
 */
(function () {
  "use strict";

  var body = document.body;
  var form = document.querySelector('form[data-md-component="palette"]');
  if (!body || !form || !window.__md_get) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  if (!inputs.length) return;

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
  body.removeAttribute = function (name) {
    if (name === MARK) held = false;
    Element.prototype.removeAttribute.call(this, name);
  };

  function colours(input) {
    var media = input.getAttribute("data-md-color-media");
    if (media === "(prefers-color-scheme)") {  // "automatic": the system's scheme decides
      input = form.querySelector(matchMedia("(prefers-color-scheme: light)").matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    }
    return {
      media: media,
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent")
    };
  }

  // As Material's palette does, under the (held) mark: colours, toggles, stored choice.
  function apply(index, store) {
    var palette = { index: index, color: colours(inputs[index]) };
    body.setAttribute(MARK, "");
    Object.keys(palette.color).forEach(function (key) {
      body.setAttribute("data-md-color-" + key, palette.color[key]);
    });
    inputs.forEach(function (input, i) {
      var toggle = input.nextElementSibling;
      if (toggle instanceof HTMLElement) toggle.hidden = i !== index;
    });
    inputs[index].checked = true;
    if (store) window.__md_set("__palette", palette);
    if (body.hasAttribute(MARK)) {
      window.getComputedStyle(body).backgroundColor;  // restyle now, transitions off
      Promise.resolve().then(function () { body.removeAttribute(MARK); });
    } else {
      held = false;
    }
  }

  var stored = window.__md_get("__palette");
  var index = stored ? stored.index : inputs.findIndex(function (input) {
    return matchMedia(input.getAttribute("data-md-color-media")).matches;
  });
  apply(Math.max(0, Math.min(index, inputs.length - 1)), false);

  // A switch before the bundle runs; once it runs (window.component$), it answers.
  inputs.forEach(function (input, i) {
    input.addEventListener("change", function () {
      if (!window.component$ && input.checked) apply(i, true);
    });
  });
})();
