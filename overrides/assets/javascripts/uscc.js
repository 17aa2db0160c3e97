/*
 * Social credit code checker (GB 32100-2015), a progressive enhancement.
 *
 * On a page with #uscc-input and #uscc-result it checks the code as you type and
 * shows its parts, what they mean and what is wrong. The rules mirror
 * scripts/explainer/uscc.py exactly; the tables and every message come from
 * window.USCC_DATA (assets/javascripts/uscc-data.js, written at build time), so
 * Python and the browser give the same verdict in the same words.
 *
 * No network: nothing is fetched or sent. User input only ever reaches the page
 * as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var DIGITS = "0123456789";
  var SEGMENT_LABELS = {
    authority: "Position 1 · registration authority",
    category: "Position 2 · organization category",
    division: "Positions 3–8 · administrative division",
    orgcode: "Positions 9–17 · organization code (GB 11714)",
    check: "Position 18 · check character"
  };

  // ------------------------------------------------------------ the rules

  // Spaces and hyphens go (data.drop), full-width ASCII becomes ASCII, a-z upper case.
  function normalize(raw, data) {
    var drop = (data || window.USCC_DATA).drop;
    var out = "";
    Array.from(String(raw)).forEach(function (ch) {
      var cp = ch.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) {
        ch = String.fromCodePoint(cp - 0xfee0);
      }
      if (drop.indexOf(ch) !== -1) {
        return;
      }
      out += ch >= "a" && ch <= "z" ? ch.toUpperCase() : ch;
    });
    return out;
  }

  function showChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0x21 && cp <= 0x7e) {
      return "“" + ch + "”";
    }
    var name = "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      return name;
    }
    return "“" + ch + "” (" + name + ")";
  }

  function message(data, kind, values) {
    return data.messages[kind].replace(/\{(\w+)\}/g, function (_, key) {
      return String(values[key]);
    });
  }

  function checkCharacter(first17, data) {
    var total = 0;
    Array.from(first17).forEach(function (ch, i) {
      total += data.alphabet.indexOf(ch) * data.weights[i];
    });
    return data.alphabet.charAt((31 - (total % 31)) % 31);
  }

  function orgCodeCheck(eight, data) {
    var total = 0;
    Array.from(eight).forEach(function (ch, i) {
      total += data.org_alphabet.indexOf(ch) * data.org_weights[i];
    });
    var value = 11 - (total % 11);
    return value === 10 ? "X" : value === 11 ? "0" : String(value);
  }

  function charError(pos, ch, data) {
    if (data.excluded.indexOf(ch) !== -1) {
      return message(data, "char_excluded", { pos: pos, char: showChar(ch) });
    }
    if (ch.length !== 1 || data.alphabet.indexOf(ch) === -1) {
      return message(data, "char_other", { pos: pos, char: showChar(ch) });
    }
    if (pos >= 3 && pos <= 8 && DIGITS.indexOf(ch) === -1) {
      return message(data, "char_digit", { pos: pos, char: showChar(ch) });
    }
    return null;
  }

  function decodeAuthority(chars, tables) {
    var entry = own(tables.authorities, chars[0]);
    var part = { chars: chars[0], known: Boolean(entry) };
    if (entry) {
      part.zh = entry.zh;
      part.en = entry.en;
      part.in_2015_table = entry.in_2015_table;
    }
    return part;
  }

  function decodeCategory(chars, tables) {
    var authority = own(tables.authorities, chars[0]);
    var entry = authority ? own(authority.categories, chars[1]) : null;
    var part = { chars: chars[1], known: Boolean(entry) };
    if (entry) {
      part.zh = entry.zh;
      part.en = entry.en;
      part.in_2015_table = entry.in_2015_table;
    }
    return part;
  }

  function decodeDivision(chars, tables) {
    var seg = chars.slice(2, 8);
    var text = seg.join("");
    var part = { chars: text };
    var national = tables.national;
    var province = own(tables.provinces, seg.slice(0, 2).join(""));
    if (national && text === national.code) {
      part.level = "national";
      part.zh = national.zh;
      part.en = national.en;
    } else if (province) {
      part.level = "province";
      part.province = seg.slice(0, 2).join("");
      part.zh = province.zh;
      part.en = province.en;
    }
    if (seg.length === 6 && seg.every(function (ch) { return DIGITS.indexOf(ch) !== -1; })) {
      part.known = "level" in part;
    }
    return part;
  }

  function decode(chars, data, complete) {
    var tables = data.tables;
    var parts = {};
    if (chars.length >= 1) { parts.authority = decodeAuthority(chars, tables); }
    if (chars.length >= 2) { parts.category = decodeCategory(chars, tables); }
    if (chars.length >= 3) { parts.division = decodeDivision(chars, tables); }
    if (chars.length >= 9) { parts.orgcode = { chars: chars.slice(8, 17).join("") }; }
    if (chars.length >= 18) { parts.check = { chars: chars[17] }; }
    if (complete) {
      parts.orgcode.expected = orgCodeCheck(chars.slice(8, 16).join(""), data);
      parts.check.expected = checkCharacter(chars.slice(0, 17).join(""), data);
    }
    return parts;
  }

  function tableErrors(chars, parts, bad, data) {
    var errors = [];
    var authority = parts.authority;
    var category = parts.category;
    var division = parts.division;
    if (authority && !bad[1] && !authority.known) {
      errors.push(message(data, "authority", { char: showChar(chars[0]) }));
    }
    if (category && authority.known && !bad[2] && !category.known) {
      errors.push(message(data, "category", { char: showChar(chars[1]), authority: showChar(chars[0]) }));
    }
    if (division && division.known === false) {
      errors.push(message(data, "division", {
        division: "“" + division.chars + "”",
        prefix: "“" + division.chars.slice(0, 2) + "”"
      }));
    }
    return errors;
  }

  function checkErrors(parts, data) {
    var errors = [];
    var org = parts.orgcode;
    var last = Array.from(org.chars)[8];
    if (last !== org.expected) {
      errors.push(message(data, "orgcode", { expected: showChar(org.expected), char: showChar(last) }));
    }
    if (parts.check.chars !== parts.check.expected) {
      errors.push(message(data, "check", {
        expected: showChar(parts.check.expected), char: showChar(parts.check.chars)
      }));
    }
    return errors;
  }

  function validate(raw, data) {
    data = data || window.USCC_DATA;
    var code = normalize(raw, data);
    var chars = Array.from(code);
    var errors = [];
    var bad = {};
    if (chars.length !== data.length) {
      errors.push(message(data, "length", { count: chars.length }));
    }
    chars.forEach(function (ch, i) {
      var problem = charError(i + 1, ch, data);
      if (problem) {
        bad[i + 1] = true;
        errors.push(problem);
      }
    });
    var complete = chars.length === data.length && Object.keys(bad).length === 0;
    var parts = decode(chars, data, complete);
    errors = errors.concat(tableErrors(chars, parts, bad, data));
    if (complete) {
      errors = errors.concat(checkErrors(parts, data));
    }
    return { code: code, valid: errors.length === 0, errors: errors, parts: parts, bad: bad };
  }

  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;
  }

  // ------------------------------------------------------------ the page

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Positions (1-based) to underline as wrong, beyond the bad characters.
  function wrongPositions(result) {
    var wrong = Object.assign({}, result.bad);
    var p = result.parts;
    if (p.authority && !p.authority.known) { wrong[1] = true; }
    if (p.category && p.authority.known && !p.category.known) { wrong[2] = true; }
    if (p.division && p.division.known === false) { wrong[3] = wrong[4] = true; }
    if (p.orgcode && p.orgcode.expected && Array.from(p.orgcode.chars)[8] !== p.orgcode.expected) { wrong[17] = true; }
    if (p.check && p.check.expected && p.check.chars !== p.check.expected) { wrong[18] = true; }
    return wrong;
  }

  function renderCode(result, data) {
    var box = el("div", "uscc-code");
    var chars = Array.from(result.code);
    var wrong = wrongPositions(result);
    var segments = data.segments.concat([["extra", data.length, Infinity]]);
    segments.forEach(function (seg) {
      var slice = chars.slice(seg[1], seg[2]);
      if (!slice.length) { return; }
      var span = el("span", "uscc-seg uscc-seg-" + seg[0]);
      slice.forEach(function (ch, i) {
        var pos = seg[1] + i + 1;
        span.appendChild(el("span", wrong[pos] ? "uscc-char uscc-char-bad" : "uscc-char", ch));
      });
      box.appendChild(span);
    });
    return box;
  }

  function describeTable(part, what) {
    if (!part.known) {
      return part.chars + " — not a known " + what + ".";
    }
    var text = part.chars + " — " + part.zh + ": " + part.en + ".";
    if (!part.in_2015_table) {
      text += " Also in use; not in the 2015 table as first published.";
    }
    return text;
  }

  function describeDivision(part) {
    var text = part.chars;
    if (part.level === "national") {
      return text + " — " + part.zh + ": " + part.en + ".";
    }
    if (part.level === "province") {
      text += " — in " + part.zh + " " + part.en + " (province-level unit " + part.province + ").";
    } else if (part.known === false) {
      text += " — " + part.chars.slice(0, 2) + " names no province-level unit.";
    }
    return text;
  }

  function describeCheck(chars, expected, what) {
    if (!expected) {
      return chars;
    }
    return chars + " — " + what + (chars.slice(-1) === expected ? " is correct." : " should be " + expected + ".");
  }

  function describe(name, part) {
    switch (name) {
      case "authority": return describeTable(part, "registration authority");
      case "category": return describeTable(part, "category for this authority");
      case "division": return describeDivision(part);
      case "orgcode": return describeCheck(part.chars, part.expected, "its own check character");
      default: return describeCheck(part.chars, part.expected, "the check character");
    }
  }

  function partRows(result, data) {
    var rows = [];
    data.segments.forEach(function (seg) {
      var part = result.parts[seg[0]];
      if (!part) { return; }
      var row = el("div", "uscc-part uscc-part-" + seg[0]);
      var term = el("dt");
      var swatch = el("span", "uscc-swatch uscc-seg-" + seg[0]);
      swatch.setAttribute("aria-hidden", "true");
      term.appendChild(swatch);
      term.appendChild(document.createTextNode(SEGMENT_LABELS[seg[0]]));
      row.appendChild(term);
      row.appendChild(el("dd", null, describe(seg[0], part)));
      rows.push(row);
    });
    return rows;
  }

  function summary(result, data) {
    if (result.valid) {
      return data.valid_sentence;
    }
    var count = Array.from(result.code).length;
    if (result.errors.length === 1 && count < data.length) {
      return "Not complete yet: " + count + " of " + data.length + " characters.";
    }
    var n = result.errors.length;
    return "Not a valid code: " + n + (n === 1 ? " problem." : " problems.");
  }

  // Keep a child whose text and class are unchanged, so screen readers hear only news.
  function sync(container, nodes) {
    var old = Array.prototype.slice.call(container.children);
    nodes.forEach(function (node, i) {
      var prev = old[i];
      if (prev && prev.textContent === node.textContent && prev.className === node.className) {
        return;
      }
      if (prev) {
        container.replaceChild(node, prev);
      } else {
        container.appendChild(node);
      }
    });
    old.slice(nodes.length).forEach(function (node) {
      container.removeChild(node);
    });
  }

  function update(input, view) {
    var data = window.USCC_DATA;
    var result = validate(input.value, data);
    var text = summary(result, data);
    if (view.summary.textContent !== text) {
      view.summary.textContent = text;
    }
    view.summary.className = result.valid ? "uscc-summary uscc-summary-valid" : "uscc-summary";
    sync(view.code, [renderCode(result, data)]);
    sync(view.errors, result.errors.map(function (error) {
      return el("li", "uscc-error", error);
    }));
    sync(view.parts, partRows(result, data));
    view.output.setAttribute("data-valid", result.valid ? "true" : "false");
    var settled = result.valid || result.errors.length > 1 || Array.from(result.code).length >= data.length;
    input.setAttribute("aria-invalid", result.valid || !settled ? "false" : "true");
  }

  function buildView(output) {
    while (output.firstChild) {
      output.removeChild(output.firstChild);
    }
    var view = {
      output: output,
      summary: el("p", "uscc-summary"),
      code: el("div", "uscc-code-box"),
      errors: el("ul", "uscc-errors"),
      parts: el("dl", "uscc-parts")
    };
    view.code.setAttribute("aria-hidden", "true");
    [view.summary, view.code, view.errors, view.parts].forEach(function (node) {
      output.appendChild(node);
    });
    return view;
  }

  function init() {
    var input = document.getElementById("uscc-input");
    var output = document.getElementById("uscc-result");
    if (!input || !output || !window.USCC_DATA || input.getAttribute("data-uscc-bound")) {
      return;
    }
    input.setAttribute("data-uscc-bound", "true");
    var view = buildView(output);
    input.addEventListener("input", function () {
      update(input, view);
    });
    if (input.value) {
      update(input, view);
    }
  }

  window.USCC = { normalize: normalize, validate: validate, checkCharacter: checkCharacter,
    orgCodeCheck: orgCodeCheck, init: init };

  // This page once its DOM is there (also from file://); every page an instant navigation
  // brings: on Material's document$, or "ex:material-page" when Material starts after this
  // script (material_on_demand.js). init() runs once per input.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("ex:material-page", function () { init(); });
})();
