/* "Page not found": suggest the page the reader probably wanted, from the address they typed.
 *
 * The 404 page lists every page and claim without JavaScript; this only adds one line on top,
 * comparing the last words of the missing address with each page's address and title.
 */
(function () {
  "use strict";

  function words(text) {
    return (text || "").toLowerCase().replace(/\.html?$/, "").split(/[^a-z0-9]+/).filter(function (w) {
      return w && w !== "index" && w !== "www";
    });
  }

  /* Similarity of two word lists: shared words, and near-misses (typos) by edit distance. */
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var previous = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var kept = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = kept;
      }
    }
    return row[b.length];
  }

  function score(wanted, candidate) {
    var have = words(candidate.url).concat(words(candidate.id)).concat(words(candidate.title));
    if (!wanted.length || !have.length) return 0;
    var total = 0;
    wanted.forEach(function (word) {
      var best = 0;
      have.forEach(function (other) {
        var longest = Math.max(word.length, other.length);
        var near = 1 - distance(word, other) / longest;
        if (word.length > 3 && (other.indexOf(word) === 0 || word.indexOf(other) === 0)) near = Math.max(near, 0.8);
        best = Math.max(best, near);
      });
      total += best >= 0.6 ? best : 0;
    });
    return total / wanted.length;
  }

  function suggest() {
    var data = document.getElementById("ex-404-candidates");
    var line = document.getElementById("ex-404-suggestion");
    if (!data || !line) return;
    var candidates;
    try { candidates = JSON.parse(data.textContent); } catch (error) { return; }
    var wanted = words(decodeURIComponent(window.location.pathname).split("/").filter(Boolean).slice(-2).join(" "));
    var best = null;
    var bestScore = 0;
    candidates.forEach(function (candidate) {
      var value = score(wanted, candidate);
      if (value > bestScore) { best = candidate; bestScore = value; }
    });
    if (!best || bestScore < 0.5) return;
    line.textContent = "Were you looking for ";
    var link = document.createElement("a");
    link.href = best.url + (window.location.hash || "");
    link.textContent = best.title;
    line.appendChild(link);
    line.appendChild(document.createTextNode("?"));
    line.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", suggest);
  else suggest();
})();
