/* Material's search runs a query on "keyup" only, so text pasted with the mouse, dropped in,
 * or committed by an input method (IME: Chinese, Japanese, phone keyboards) waited for a key
 * press. Each change of the field is passed on as a keyup; while an IME is still composing,
 * the search waits for the finished text (compositionend) instead of searching the pinyin. */
(function () {
  "use strict";

  var input = document.querySelector(".md-search__input");
  if (!input) return;

  function search() {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  input.addEventListener("input", function (event) {
    if (!event.isComposing) search();
  });
  input.addEventListener("compositionend", search);
})();
