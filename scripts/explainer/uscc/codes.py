"""Unified Social Credit Code (统一社会信用代码): validate and decode one code.

The code identifies a legal entity or other organization in China. It is defined
by the national standard GB 32100-2015 (issued 17 September 2015, in force from
1 October 2015). It is an identifier, like a company number; it holds no score.

Its 18 characters are digits and capital letters except I, O, S, V and Z
(31 symbols, valued 0-30):

====== ===================================================================
1      registration authority (登记管理部门代码), e.g. 9 = industry and commerce
2      organization category (机构类别代码), from that authority's own list
3-8    administrative division code of the registering authority (GB/T 2260);
       digits 3-4 name the province-level unit
9-17   organization code (GB 11714): eight characters and its own check
       character (weights 3, 7, 9, 10, 5, 8, 4, 2; 11 - sum mod 11, 10 = X,
       11 = 0; letters count A = 10 ... Z = 35)
18     check character over the first 17 (GB/T 17710 style, mod 31): weights
       3**(i-1) mod 31; 31 - sum mod 31, with 31 written 0
====== ===================================================================

The tables for positions 1, 2 and 3-4 are in ``data/uscc.yml``; each entry cites
its sources. Positions 1-2: the table of GB 32100-2015 as first published (quoted
standard text, source ``gb32100-text``) plus codes "also in use" today but not in
that table (``go-gb``, ``uscc-utils``). Positions 3-4: the Ministry of Civil
Affairs' 2019 division list (``go-gb2260-mca``). Check characters: python-stdnum
``stdnum.cn.uscc`` and other implementations, recomputed on published examples.

The browser checker (``overrides/assets/javascripts/uscc.js``) must give the same
verdict and the same messages: it reads :data:`MESSAGES` and the tables from the
file :func:`export_js` writes, and :func:`vectors` are run through both.

>>> validate('91350100M000100Y43').valid
True
>>> validate('9135 0100-m000 100y43').code
'91350100M000100Y43'
>>> validate('91350100M000100Y44').errors
['Position 18: the check character should be “3”, not “4”.']
>>> check_character('91110000600037341')
'L'
>>> org_code_check('60003734')
'1'
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from explainer.core.datafile import Record, check_fields, load_yaml
from explainer.core.errors import ContentError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
EXCLUDED = "IOSVZ"
DIGITS = "0123456789"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
LENGTH = 18

# (name, first index, end index) of each part, 0-based, end exclusive.
SEGMENTS = (("authority", 0, 1), ("category", 1, 2), ("division", 2, 8),
            ("orgcode", 8, 17), ("check", 17, 18))

# Every message the checker can give. The JavaScript checker formats the same
# templates, so Python and the browser say exactly the same thing.
MESSAGES = {
    "length": "Length: a code has 18 characters, this one has {count}.",
    "char_excluded": "Position {pos}: {char} is not allowed: codes never use the letters I, O, S, V and Z.",
    "char_other": "Position {pos}: {char} is not allowed: codes use only digits and capital letters.",
    "char_digit": "Position {pos}: {char} is not allowed: positions 3–8 are digits only.",
    "authority": "Position 1: {char} is not a known registration authority.",
    "category": "Position 2: {char} is not a known organization category for authority {authority}.",
    "division": "Positions 3–8: {division} is not a division code: {prefix} names no province-level unit.",
    "orgcode": "Positions 9–17: the organization code fails its GB 11714 check: "
               "position 17 should be {expected}, not {char}.",
    "check": "Position 18: the check character should be {expected}, not {char}.",
}
# Shown for a valid code (the page adds it under the decoded parts).
VALID_SENTENCE = ("Valid code. It identifies one organization, like a company number; "
                  "it is not a score and holds no rating.")

# Removed before checking: spaces and hyphens, including the full-width ones of
# Chinese input methods. Full-width letters and digits become ASCII first.
_DROP = frozenset(" \t\n\r\f\v\u00a0\u2007\u202f\u3000-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63")

DATA_FILE = Path(__file__).resolve().parents[3] / "data" / "uscc.yml"


@dataclass
class Result:
    """The verdict on one code: *code* is the normalized input."""

    code: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    parts: dict = field(default_factory=dict)


# ---------------------------------------------------------------- characters

def normalize(code: str) -> str:
    """Drop spaces and hyphens, map full-width ASCII to ASCII, upper-case a-z.

    >>> normalize(' 9135-0100 m000100y43 ')
    '91350100M000100Y43'
    """
    out = []
    for ch in code:
        if 0xFF01 <= ord(ch) <= 0xFF5E:
            ch = chr(ord(ch) - 0xFEE0)
        if ch in _DROP:
            continue
        out.append(ch.upper() if "a" <= ch <= "z" else ch)
    return "".join(out)


def show_char(ch: str) -> str:
    """Quote a character for a message; name it by code point unless plain ASCII.

    >>> show_char('O'), show_char('中'), show_char('\\x00')
    ('“O”', '“中” (U+4E2D)', 'U+0000')
    """
    point = ord(ch)
    if 0x21 <= point <= 0x7E:
        return f"“{ch}”"
    name = f"U+{point:04X}"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return name
    return f"“{ch}” ({name})"


def message(kind: str, **values) -> str:
    """Fill the template *kind* of :data:`MESSAGES`."""
    return MESSAGES[kind].format(**values)


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters.

    >>> check_character('91350100M000100Y4')
    '3'
    """
    if len(first17) != 17 or any(ch not in ALPHABET for ch in first17):
        raise ValueError(f"need 17 characters of {ALPHABET}, got {first17!r}")
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(eight: str) -> str:
    """The GB 11714 check character of an 8-character organization code body.

    >>> org_code_check('M000100Y')
    '4'
    """
    if len(eight) != 8 or any(ch not in ORG_ALPHABET for ch in eight):
        raise ValueError(f"need 8 characters of {ORG_ALPHABET}, got {eight!r}")
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(eight, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _char_error(pos: int, ch: str) -> str | None:
    if ch in EXCLUDED:
        return message("char_excluded", pos=pos, char=show_char(ch))
    if ch not in ALPHABET:
        return message("char_other", pos=pos, char=show_char(ch))
    if 3 <= pos <= 8 and ch not in DIGITS:
        return message("char_digit", pos=pos, char=show_char(ch))
    return None


# ---------------------------------------------------------------- the tables

def _entry(record: Record, key_len: int, what: str) -> dict:
    code = record["code"]
    if not isinstance(code, str) or len(code) != key_len:
        raise record.error(f"{what} code must be a quoted string of {key_len} character(s), got {code!r}",
                           'write it in quotes, e.g. code: "9"', key="code")
    sources = record["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s for s in sources):
        raise record.error(f"{what} {code}: 'sources' must be a list of source ids",
                           "write e.g. sources: [gb32100-text]", key="sources")
    return {"zh": str(record["zh"]), "en": str(record["en"]), "sources": list(sources)}


def _coded_entry(record: Record, what: str, in_2015_allowed: bool = True) -> tuple[str, dict]:
    entry = _entry(record, 1, what)
    code = record["code"]
    if code not in ALPHABET:
        raise record.error(f"{what} code {code!r} is not in the code alphabet {ALPHABET}",
                           "use a digit or a capital letter other than I, O, S, V, Z", key="code")
    flag = record["in_2015_table"]
    if not isinstance(flag, bool):
        raise record.error(f"{what} {code}: 'in_2015_table' must be true or false",
                           "write in_2015_table: true (2015 table) or false (also in use)", key="in_2015_table")
    if flag and "gb32100-text" not in entry["sources"]:
        raise record.error(f"{what} {code} is marked as in the 2015 table but does not cite gb32100-text",
                           "add gb32100-text to its sources, or set in_2015_table: false", key="sources")
    if flag and not in_2015_allowed:
        raise record.error(f"{what} {code} is marked as in the 2015 table but its authority is not",
                           "set in_2015_table: false", key="in_2015_table")
    entry["in_2015_table"] = flag
    return code, entry


def _unique(record, code: str, seen: dict, what: str) -> None:
    if code in seen:
        raise record.error(f"duplicate {what} code {code!r}", "keep one of the two entries", key="code")
    seen[code] = True


def _authorities(items, path: str) -> dict:
    if not isinstance(items, list) or not items:
        raise ContentError(path, 1, "'authorities' must be a list of registration authorities",
                           "start each entry with '- code: \"9\"'")
    table: dict = {}
    for record in items:
        check_fields(record, ["code", "zh", "en", "in_2015_table", "sources", "categories"],
                     what="authority")
        code, entry = _coded_entry(record, "authority")
        _unique(record, code, table, "authority")
        entry["categories"] = _categories(record, code, entry["in_2015_table"])
        table[code] = entry
    return table


def _categories(authority: Record, code: str, in_2015: bool) -> dict:
    items = authority["categories"]
    if not isinstance(items, list) or not items:
        raise authority.error(f"authority {code}: 'categories' must be a non-empty list",
                              "list its position-2 categories", key="categories")
    table: dict = {}
    for record in items:
        check_fields(record, ["code", "zh", "en", "in_2015_table", "sources"], what="category")
        cat, entry = _coded_entry(record, f"category {code}", in_2015_allowed=in_2015)
        _unique(record, cat, table, f"category {code}")
        table[cat] = entry
    return table


def _provinces(items, path: str) -> dict:
    if not isinstance(items, list) or not items:
        raise ContentError(path, 1, "'provinces' must be a list of province-level prefixes",
                           "start each entry with '- code: \"11\"'")
    table: dict = {}
    for record in items:
        check_fields(record, ["code", "zh", "en", "sources"], what="province")
        entry = _entry(record, 2, "province")
        code = record["code"]
        if not code.isascii() or not code.isdigit():
            raise record.error(f"province code {code!r} must be two digits", 'e.g. code: "11"', key="code")
        _unique(record, code, table, "province")
        table[code] = entry
    return table


def _national(record) -> dict:
    check_fields(record, ["code", "zh", "en", "sources"], what="national division")
    entry = _entry(record, 6, "national division")
    code = record["code"]
    if not code.isascii() or not code.isdigit():
        raise record.error(f"national division code {code!r} must be six digits", 'e.g. code: "100000"',
                           key="code")
    entry["code"] = code
    return entry


def check_tables(data, path: str) -> dict:
    """Validate the parsed ``data/uscc.yml``; return plain dicts keyed by code."""
    if not isinstance(data, Record):
        raise ContentError(path, 1, "expected a mapping with 'authorities' and 'provinces'",
                           "see the comment at the top of data/uscc.yml")
    check_fields(data, ["authorities", "provinces"], ["national"], what="uscc tables file")
    tables = {"authorities": _authorities(data["authorities"], path),
              "provinces": _provinces(data["provinces"], path)}
    if data.get("national") is not None:
        tables["national"] = _national(data["national"])
    return tables


def _check_source_ids(node, known) -> None:
    """Every id under a 'sources' key must be in the registry *known*."""
    if isinstance(node, list):
        for item in node:
            _check_source_ids(item, known)
    elif isinstance(node, Record):
        for source_id in node.get("sources") or []:
            if source_id not in known:
                raise node.error(f"unknown source id {source_id!r}",
                                 "use an id from data/sources.yml or add the source there", key="sources")
        for key, value in node.items():
            if key != "sources":
                _check_source_ids(value, known)


def load_tables(path: str | Path = DATA_FILE, root: str | Path | None = None,
                known_sources=None) -> dict:
    """Load and validate the tables; raise :class:`ContentError` (file:line) on bad data.

    With *known_sources* (ids of the sources registry), every cited id must be in it.
    """
    data = load_yaml(path, root)
    shown = getattr(data, "path", str(path))
    tables = check_tables(data, shown)
    if known_sources is not None:
        _check_source_ids(data, set(known_sources))
    return tables


@functools.lru_cache(maxsize=1)
def default_tables() -> dict:
    return load_tables(DATA_FILE, DATA_FILE.parents[1])


# ---------------------------------------------------------------- validation

def _segment(code: str, name: str) -> str:
    start, end = next((s, e) for n, s, e in SEGMENTS if n == name)
    return code[start:end]


def _decode_authority(code: str, tables: dict) -> dict:
    ch = code[:1]
    entry = tables["authorities"].get(ch)
    part = {"chars": ch, "known": entry is not None}
    if entry:
        part.update(zh=entry["zh"], en=entry["en"], in_2015_table=entry["in_2015_table"])
    return part


def _decode_category(code: str, tables: dict) -> dict:
    authority = tables["authorities"].get(code[:1])
    entry = authority["categories"].get(code[1]) if authority else None
    part = {"chars": code[1], "known": entry is not None}
    if entry:
        part.update(zh=entry["zh"], en=entry["en"], in_2015_table=entry["in_2015_table"])
    return part


def _decode_division(code: str, tables: dict) -> dict:
    chars = _segment(code, "division")
    part: dict = {"chars": chars}
    national = tables.get("national")
    province = tables["provinces"].get(chars[:2])
    if national and chars == national["code"]:
        part.update(level="national", zh=national["zh"], en=national["en"])
    elif province:
        part.update(level="province", province=chars[:2], zh=province["zh"], en=province["en"])
    if len(chars) == 6 and all(ch in DIGITS for ch in chars):
        part["known"] = "level" in part
    return part


def _decode(code: str, tables: dict, complete: bool) -> dict:
    parts: dict = {}
    if len(code) >= 1:
        parts["authority"] = _decode_authority(code, tables)
    if len(code) >= 2:
        parts["category"] = _decode_category(code, tables)
    if len(code) >= 3:
        parts["division"] = _decode_division(code, tables)
    if len(code) >= 9:
        parts["orgcode"] = {"chars": _segment(code, "orgcode")}
    if len(code) >= 18:
        parts["check"] = {"chars": code[17:18]}
    if complete:
        parts["orgcode"]["expected"] = org_code_check(code[8:16])
        parts["check"]["expected"] = check_character(code[:17])
    return parts


def _table_errors(code: str, parts: dict, bad_positions: set) -> list[str]:
    errors = []
    authority = parts.get("authority")
    if authority and 1 not in bad_positions and not authority["known"]:
        errors.append(message("authority", char=show_char(code[0])))
    category = parts.get("category")
    if category and authority and authority["known"] and 2 not in bad_positions and not category["known"]:
        errors.append(message("category", char=show_char(code[1]), authority=show_char(code[0])))
    division = parts.get("division")
    if division and division.get("known") is False:
        errors.append(message("division", division=f"“{division['chars']}”",
                              prefix=f"“{division['chars'][:2]}”"))
    return errors


def _check_errors(parts: dict) -> list[str]:
    errors = []
    org = parts["orgcode"]
    if org["chars"][8] != org["expected"]:
        errors.append(message("orgcode", expected=show_char(org["expected"]), char=show_char(org["chars"][8])))
    check = parts["check"]
    if check["chars"] != check["expected"]:
        errors.append(message("check", expected=show_char(check["expected"]), char=show_char(check["chars"])))
    return errors


def validate(code: str, tables: dict | None = None) -> Result:
    """Check *code*; errors come in a fixed order: length, characters, tables, checks.

    The two check characters are only computed for 18 allowed characters.
    """
    tables = tables if tables is not None else default_tables()
    code = normalize(code)
    errors = []
    if len(code) != LENGTH:
        errors.append(message("length", count=len(code)))
    bad_positions = set()
    for pos, ch in enumerate(code, start=1):
        problem = _char_error(pos, ch)
        if problem:
            bad_positions.add(pos)
            errors.append(problem)
    complete = len(code) == LENGTH and not bad_positions
    parts = _decode(code, tables, complete)
    errors += _table_errors(code, parts, bad_positions)
    if complete:
        errors += _check_errors(parts)
    return Result(code=code, valid=not errors, errors=errors, parts=parts)


def to_json(result: Result) -> str:
    """One line of JSON (sorted keys, UTF-8 text) for *result*."""
    return json.dumps(asdict(result), ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- test vectors

def make_code(prefix8: str, body8: str) -> str:
    """A well-formed code from positions 1-8 and an organization-code body (illustration only)."""
    first17 = prefix8 + body8 + org_code_check(body8)
    return first17 + check_character(first17)


def _swap(code: str, i: int) -> str:
    return code[:i] + code[i + 1] + code[i] + code[i + 2:]


def _replace(code: str, i: int, ch: str) -> str:
    return code[:i] + ch + code[i + 1:]


def _with_checks(first16: str, org_check: str) -> str:
    """Keep *org_check* as position 17 (right or wrong) and give a correct position 18."""
    first17 = first16 + org_check
    return first17 + check_character(first17)


# (id, input, note). Codes marked "illustrative" are made up for the checker and
# identify no real organization; two are published examples (facts 2.8).
def _vector_inputs() -> list[tuple[str, str, str]]:
    wiki, stdnum = "91350100M000100Y43", "91110000600037341L"
    ill = "illustrative code, made up"
    # Organization-code bodies spell "EXAMP1E" so that no real organization is meant.
    made = [
        ("valid-11", make_code("11110000", "EXAMP1E1"), f"{ill}: staffing authority, government organ, Beijing"),
        ("valid-12", make_code("12310000", "EXAMP1E2"), f"{ill}: public institution, Shanghai"),
        ("valid-13", make_code("13100000", "EXAMP1E3"), f"{ill}: mass organization, national level"),
        ("valid-19", make_code("19440300", "EXAMP1E4"), f"{ill}: staffing authority, other, Guangdong"),
        ("valid-51", make_code("51100000", "EXAMP1E5"), f"{ill}: civil affairs, social organization, national"),
        ("valid-52", make_code("52330106", "EXAMP1E6"), f"{ill}: private non-enterprise unit, Zhejiang"),
        ("valid-53", make_code("53540000", "EXAMP1E7"), f"{ill}: foundation, Tibet"),
        ("valid-92", make_code("92650102", "EXAMP1E8"), f"{ill}: individual business, Xinjiang"),
        ("valid-93", make_code("93810000", "EXAMP1E9"), f"{ill}: farmers' cooperative, Hong Kong prefix"),
        ("valid-Y1", make_code("Y1820000", "EXAMP1EA"), f"{ill}: other authority (Y), Macao prefix"),
        ("valid-31", make_code("31500000", "EXAMP1EB"), f"{ill}: also in use: justice administration, Chongqing"),
        ("valid-A1", make_code("A1110000", "EXAMP1EC"), f"{ill}: also in use: military (A), Beijing"),
        ("valid-N2", make_code("N2370781", "EXAMP1ED"), f"{ill}: also in use: agriculture (N), Shandong"),
    ]
    base = made[0][1]
    return [
        ("published-wikipedia", wiki, "published example (Wikipedia)"),
        ("published-stdnum", stdnum, "published example (python-stdnum)"),
        ("normalize-spaces-hyphens-lower", "9135 0100-m000 100y43", "the Wikipedia example, typed loosely"),
        ("normalize-full-width", "９１１１００００６０００３７３４１Ｌ",
         "python-stdnum's example in full-width characters"),
        ("normalize-wide-spaces-dashes", "\u30009135\u00a00100–M000\u2011100Y43\t", "ideographic space, dashes, tab"),
        *made,
        ("valid-check-0", _first_with_check("0"), f"{ill}: check character 0 (31 mod 31)"),
        ("valid-check-Y", _first_with_check("Y"), f"{ill}: check character Y (30)"),
        ("valid-org-X", _first_with_org_check("X"), f"{ill}: organization-code check X (10)"),
        ("length-empty", "", "nothing typed"),
        ("length-short", wiki[:17], "the Wikipedia example without its last character"),
        ("length-long", wiki + "0", "one character too many"),
        ("char-excluded", _replace(base, 10, "O"), "the letter O, which codes never use"),
        ("char-excluded-lower", _replace(base, 10, "i"), "lower-case i becomes I, which codes never use"),
        ("char-letter-in-division", _replace(wiki, 3, "A"), "a letter among the division digits"),
        ("char-punctuation", _replace(wiki, 12, "*"), "punctuation"),
        ("char-chinese", "代码" + wiki[2:], "Chinese characters"),
        ("char-markup", "<img src=x onerror=alert(1)>", "markup is text, never HTML"),
        ("authority-unknown", _with_checks("B1110000EXAMP1E1", org_code_check("EXAMP1E1")),
         "B is not a registration authority"),
        ("category-unknown", _with_checks("94350100M000100Y", "4"), "industry and commerce has no category 4"),
        ("category-unknown-Y", _with_checks("Y2820000EXAMP1EA", org_code_check("EXAMP1EA")),
         "authority Y has only category 1"),
        ("division-unknown", _with_checks("91990000M000100Y", "4"), "99 is not a province-level prefix"),
        ("orgcode-check", _with_checks("91350100M000100Y", "5"), "organization-code check wrong, position 18 right"),
        ("check-wrong", _replace(wiki, 17, "4"), "check character wrong"),
        ("check-transposed", _swap(wiki, 8), "two neighbouring characters swapped"),
        ("stdnum-checksum-example", stdnum[:17] + "N", "python-stdnum's checksum failure example"),
        ("several-errors", _with_checks("B4990000M000100Y", "5"), "unknown authority and division, bad org check"),
    ]


def _first_with_check(target: str) -> str:
    for n in range(10_000):
        code = make_code("91440300", f"EXAM{n:04d}")
        if code[-1] == target:
            return code
    raise AssertionError(target)  # pragma: no cover


def _first_with_org_check(target: str) -> str:
    for n in range(10_000):
        body = f"EXAM{n:04d}"
        if org_code_check(body) == target:
            return make_code("91320500", body)
    raise AssertionError(target)  # pragma: no cover


def vectors(tables: dict | None = None) -> list[dict]:
    """Shared test vectors: input, expected verdict and messages; same order every time."""
    out = []
    for vector_id, raw, note in _vector_inputs():
        result = validate(raw, tables)
        out.append({"id": vector_id, "input": raw, "note": note, "code": result.code,
                    "valid": result.valid, "first_error": result.errors[0] if result.errors else None,
                    "errors": result.errors, "parts": result.parts})
    return out


# ---------------------------------------------------------------- export

def _dump(data) -> str:
    # <, > and & as \u escapes: the same data, and no markup even if the file is read as HTML.
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def browser_data(tables: dict) -> dict:
    """Everything the browser checker needs, as one JSON-ready mapping."""
    return {"alphabet": ALPHABET, "excluded": EXCLUDED, "drop": "".join(sorted(_DROP)), "weights": list(WEIGHTS),
            "org_alphabet": ORG_ALPHABET, "org_weights": list(ORG_WEIGHTS), "length": LENGTH,
            "segments": [list(s) for s in SEGMENTS], "messages": MESSAGES, "valid_sentence": VALID_SENTENCE,
            "tables": tables}


def export_js(tables: dict) -> str:
    """The content of ``assets/javascripts/uscc-data.js``: ``window.USCC_DATA = {...};``."""
    return ("/* Generated from data/uscc.yml by the explainer/uscc plugin. Do not edit. */\n"
            f"window.USCC_DATA = {_dump(browser_data(tables))};\n")


def export_vectors(vector_list: list[dict]) -> str:
    """The content of ``assets/uscc-vectors.json``."""
    return _dump({"standard": "GB 32100-2015", "vectors": vector_list}) + "\n"


_TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")


def message_pattern(kind: str) -> re.Pattern:
    """A regex matching any message of *kind* (for tests)."""
    parts = _TEMPLATE_FIELD.split(MESSAGES[kind])
    return re.compile("".join(re.escape(p) if i % 2 == 0 else ".+" for i, p in enumerate(parts)) + r"\Z")
