"""The social credit code module (explainer.uscc), its data file, CLI, plugin and colours."""
from __future__ import annotations

import doctest
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.uscc import codes as uscc
from explainer.core.errors import ContentError
from explainer.sources.registry import load_sources

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "scripts" / "uscc.py"
WIKI, STDNUM = "91350100M000100Y43", "91110000600037341L"

# One input per kind of error, with the exact first message the checker must give.
ERROR_CASES = [
    ("length", "91350100M000100Y4", "Length: a code has 18 characters, this one has 17."),
    ("char_excluded", "91350100MO00100Y43",
     "Position 10: “O” is not allowed: codes never use the letters I, O, S, V and Z."),
    ("char_other", "91350100M000*00Y43",
     "Position 13: “*” is not allowed: codes use only digits and capital letters."),
    ("char_digit", "913A0100M000100Y43", "Position 4: “A” is not allowed: positions 3–8 are digits only."),
    ("authority", "B1110000EXAMP1E17T", "Position 1: “B” is not a known registration authority."),
    ("category", "94350100M000100Y4R",
     "Position 2: “4” is not a known organization category for authority “9”."),
    ("division", "91990000M000100Y4N",
     "Positions 3–8: “990000” is not a division code: “99” names no province-level unit."),
    ("orgcode", "91350100M000100Y56",
     "Positions 9–17: the organization code fails its GB 11714 check: position 17 should be “4”, not “5”."),
    ("check", "91350100M000100Y44", "Position 18: the check character should be “3”, not “4”."),
]


def run_cli(*codes: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CLI), *codes], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8")


# ------------------------------------------------------------------ rules

def test_docstring_examples_hold():
    assert doctest.testmod(uscc).failed == 0


@pytest.mark.parametrize("raw, expected", [
    (WIKI, WIKI),
    ("9135 0100 M000 100Y 43", WIKI),
    ("9135-0100-m000-100y43", WIKI),
    ("\u30009135\u00a00100–M000100Y43\t", WIKI),
    ("９１１１００００６０００３７３４１Ｌ", STDNUM),
    ("9111０000－600037341l", STDNUM),
    ("ä", "ä"),  # only a-z is upper-cased, as in the browser
])
def test_normalize(raw, expected):
    assert uscc.normalize(raw) == expected


@pytest.mark.parametrize("code, province, zh", [(WIKI, "Fujian", "福建"), (STDNUM, "Beijing", "北京")])
def test_published_examples_validate_and_decode(code, province, zh):
    result = uscc.validate(code)
    assert result.valid and result.errors == []
    parts = result.parts
    assert parts["authority"] == {"chars": "9", "known": True, "zh": "工商", "en": "Industry and commerce",
                                  "in_2015_table": True}
    assert parts["category"]["zh"] == "企业" and parts["category"]["in_2015_table"] is True
    assert (parts["division"]["en"], parts["division"]["zh"], parts["division"]["level"]) == (province, zh, "province")
    assert parts["orgcode"]["chars"] == code[8:17] and parts["orgcode"]["expected"] == code[16]
    assert parts["check"] == {"chars": code[17], "expected": code[17]}


@pytest.mark.parametrize("kind, code, first", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_each_error_kind_has_a_specific_message(kind, code, first):
    result = uscc.validate(code)
    assert not result.valid
    assert result.errors[0] == first
    assert uscc.message_pattern(kind).match(first)


def test_errors_come_in_a_fixed_order():
    errors = uscc.validate("B4990000M000100Y5E").errors
    kinds = [next(k for k in uscc.MESSAGES if uscc.message_pattern(k).match(e)) for e in errors]
    assert kinds == ["authority", "division", "orgcode"]


def test_check_characters_are_not_computed_over_bad_characters():
    result = uscc.validate("91350100M0O0100Y43")
    assert len(result.errors) == 1 and "expected" not in result.parts["check"]


def test_non_ascii_characters_are_named_by_code_point():
    result = uscc.validate("代" + WIKI[1:])
    assert result.errors[0] == "Position 1: “代” (U+4EE3) is not allowed: codes use only digits and capital letters."
    assert uscc.validate("\x00" + WIKI[1:]).errors[0].startswith("Position 1: U+0000 is not allowed")


def test_national_division_code():
    code = uscc.make_code("51100000", "EXAMP1E5")
    division = uscc.validate(code).parts["division"]
    assert division["level"] == "national" and division["known"] is True
    assert not uscc.validate(uscc.make_code("51100100", "EXAMP1E5")).valid


def test_also_in_use_authorities_are_valid_and_marked():
    result = uscc.validate(uscc.make_code("A1110000", "EXAMP1EC"))
    assert result.valid
    assert result.parts["authority"]["in_2015_table"] is False


@pytest.mark.parametrize("first17, check", [(WIKI[:17], "3"), (STDNUM[:17], "L"), ("91440300EXAM00457", "Y"),
                                            ("91440300EXAM00035", "0")])
def test_check_character(first17, check):
    assert uscc.check_character(first17) == check


@pytest.mark.parametrize("body, check", [("M000100Y", "4"), ("60003734", "1"), ("EXAM0006", "X"),
                                         ("L0151012", "8")])
def test_org_code_check(body, check):
    assert uscc.org_code_check(body) == check


@pytest.mark.parametrize("bad", ["", "9135", "91350100M000100YO", "9135010OM000100Y4"])
def test_check_character_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        uscc.check_character(bad)


def test_org_code_check_rejects_bad_input():
    with pytest.raises(ValueError):
        uscc.org_code_check("M000100")


def test_to_json_is_one_sorted_line():
    line = uscc.to_json(uscc.validate(WIKI))
    assert "\n" not in line
    data = json.loads(line)
    assert list(data) == sorted(data) and data["code"] == WIKI and data["valid"] is True
    assert "工商" in line


# ------------------------------------------------------------------ tables

def test_tables_follow_the_facts():
    tables = uscc.load_tables()
    authorities = tables["authorities"]
    in_2015 = {code for code, a in authorities.items() if a["in_2015_table"]}
    assert in_2015 == {"1", "5", "9", "Y"}
    assert set(authorities) - in_2015 == {"2", "3", "4", "6", "7", "8", "A", "N"}
    assert {c for c, e in authorities["9"]["categories"].items() if e["in_2015_table"]} == {"1", "2", "3"}
    assert set(authorities["Y"]["categories"]) == {"1"}
    assert len(tables["provinces"]) == 34 and tables["provinces"]["35"]["zh"] == "福建"
    assert tables["national"]["code"] == "100000"


def test_every_cited_source_is_in_the_registry():
    sources = load_sources(ROOT / "data" / "sources.yml", ROOT)
    uscc.load_tables(uscc.DATA_FILE, ROOT, known_sources=sources)


GOOD_AUTHORITY = """\
authorities:
  - code: "9"
    zh: 工商
    en: Industry and commerce
    in_2015_table: true
    sources: [gb32100-text]
    categories:
      - {code: "1", zh: 企业, en: Enterprise, in_2015_table: true, sources: [gb32100-text]}
provinces:
  - {code: "11", zh: 北京, en: Beijing, sources: [go-gb2260-mca]}
"""


@pytest.mark.parametrize("old, new, line, words", [
    ('code: "9"', "code: 9", 2, "quoted string"),
    ('code: "9"', 'code: "I"', 2, "not in the code alphabet"),
    ("    en: Industry and commerce\n", "    en: Industry and commerce\n    colour: red\n", 5, "unknown field"),
    ("in_2015_table: true\n    sources: [gb32100-text]", "in_2015_table: true\n    sources: [go-gb]", 6,
     "does not cite gb32100-text"),
    ("in_2015_table: true\n    sources: [gb32100-text]", "in_2015_table: yes please\n    sources: [gb32100-text]", 5,
     "true or false"),
    ("in_2015_table: true\n    sources: [gb32100-text]", "in_2015_table: false\n    sources: [go-gb]", 8,
     "its authority is not"),
    ("sources: [go-gb2260-mca]}", "sources: []}", 10, "list of source ids"),
    ('{code: "11"', '{code: "1A"', 10, "two digits"),
    ("      - {code: \"1\", zh: 企业", "      - {code: \"1\", zh: 企业, en: E, in_2015_table: true, "
     "sources: [gb32100-text]}\n      - {code: \"1\", zh: 企业", 9, "duplicate"),
])
def test_bad_tables_name_file_and_line(tmp_path, old, new, line, words):
    assert old in GOOD_AUTHORITY
    path = tmp_path / "uscc.yml"
    path.write_text(GOOD_AUTHORITY.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        uscc.load_tables(path, tmp_path)
    assert str(info.value).startswith(f"uscc.yml:{line}: ") and words in str(info.value)


def test_unknown_source_id_is_reported(tmp_path):
    path = tmp_path / "uscc.yml"
    path.write_text(GOOD_AUTHORITY.replace("[go-gb2260-mca]", "[no-such-source]"), encoding="utf-8")
    uscc.load_tables(path, tmp_path)  # fine without a registry
    with pytest.raises(ContentError, match=r"^uscc.yml:10: unknown source id 'no-such-source'"):
        uscc.load_tables(path, tmp_path, known_sources={"gb32100-text", "go-gb2260-mca"})


def test_missing_top_level_key(tmp_path):
    path = tmp_path / "uscc.yml"
    path.write_text(GOOD_AUTHORITY.split("provinces:")[0], encoding="utf-8")
    with pytest.raises(ContentError, match="missing the required field 'provinces'"):
        uscc.load_tables(path, tmp_path)


# ------------------------------------------------------------------ vectors and export

# The first error each invalid vector must produce (by kind), so the vectors are not
# only Python's own output read back.
EXPECTED_FIRST_KIND = {
    "length-empty": "length", "length-short": "length", "length-long": "length",
    "char-excluded": "char_excluded", "char-excluded-lower": "char_excluded",
    "char-letter-in-division": "char_digit", "char-punctuation": "char_other", "char-chinese": "char_other",
    "char-markup": "length", "authority-unknown": "authority", "category-unknown": "category",
    "category-unknown-Y": "category", "division-unknown": "division", "orgcode-check": "orgcode",
    "check-wrong": "check", "check-transposed": "check", "stdnum-checksum-example": "check",
    "several-errors": "authority",
}


def test_vectors_are_many_deterministic_and_cover_every_error_kind():
    vectors = uscc.vectors()
    assert len(vectors) >= 30
    assert vectors == uscc.vectors()
    ids = [v["id"] for v in vectors]
    assert len(ids) == len(set(ids))
    kinds = {k for v in vectors for e in v["errors"] for k in uscc.MESSAGES if uscc.message_pattern(k).match(e)}
    assert kinds == set(uscc.MESSAGES)
    assert sum(v["valid"] for v in vectors) >= 12 and sum(not v["valid"] for v in vectors) >= 15


def test_vectors_say_what_they_should():
    for vector in uscc.vectors():
        assert vector["errors"] == uscc.validate(vector["input"]).errors
        if vector["id"] in EXPECTED_FIRST_KIND:
            assert not vector["valid"], vector["id"]
            assert uscc.message_pattern(EXPECTED_FIRST_KIND[vector["id"]]).match(vector["first_error"]), vector
        else:
            assert vector["valid"] and vector["first_error"] is None, vector["id"]


def test_export_js_defines_the_data_deterministically():
    tables = uscc.load_tables()
    text = uscc.export_js(tables)
    assert text == uscc.export_js(uscc.load_tables())
    assert text.isascii()
    body = re.search(r"^window\.USCC_DATA = (\{.*\});\n\Z", text, re.S | re.M)
    data = json.loads(body.group(1))
    assert data["tables"] == tables and data["messages"] == uscc.MESSAGES
    assert data["weights"] == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_export_vectors_is_json():
    text = uscc.export_vectors(uscc.vectors())
    assert json.loads(text)["vectors"] == uscc.vectors()
    assert text.isascii() and text.endswith("\n")


# ------------------------------------------------------------------ CLI

def test_cli_valid_published_examples():
    run = run_cli(WIKI, STDNUM)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["code"] == WIKI and first["valid"] is True and first["errors"] == []
    assert first["parts"]["authority"]["zh"] == "工商" and first["parts"]["division"]["en"] == "Fujian"
    assert second["code"] == STDNUM and second["valid"] is True
    assert second["parts"]["division"]["zh"] == "北京"


@pytest.mark.parametrize("kind, code, first", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_cli_reports_each_error_kind(kind, code, first):
    run = run_cli(code)
    assert run.returncode == 1
    result = json.loads(run.stdout)
    assert result["valid"] is False and result["errors"][0] == first and result["code"] == code
    assert {"code", "valid", "errors", "parts"} <= set(result)


def test_cli_normalizes_and_fails_if_any_code_fails():
    run = run_cli("9135 0100-m000100y43", "91350100M000100Y44")
    assert run.returncode == 1
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert first["valid"] is True and first["code"] == WIKI and first["input"] == "9135 0100-m000100y43"
    assert second["valid"] is False


def test_cli_without_codes_prints_usage():
    run = run_cli()
    assert run.returncode == 2 and "usage" in run.stderr


# ------------------------------------------------------------------ plugin

def _load_hook():
    from explainer.uscc.plugin import UsccPlugin
    plugin = UsccPlugin()
    plugin.load_config({})
    return plugin


def test_hook_writes_deterministic_files(tmp_path):
    hook = _load_hook()
    config = {"config_file_path": str(ROOT / "mkdocs.yml"), "site_dir": str(tmp_path / "a")}
    hook.on_config(config)
    hook.on_post_build(config)
    again = dict(config, site_dir=str(tmp_path / "b"))
    hook.on_config(again)
    hook.on_post_build(again)
    for name in (hook.config.data_js, hook.config.vectors_json):
        first, second = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert first == second and first
    assert (tmp_path / "a" / hook.config.data_js).read_text().startswith("/* Generated")


def test_hook_turns_bad_data_into_a_plugin_error(tmp_path):
    from mkdocs.exceptions import PluginError
    hook = _load_hook()
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "sources.yml", tmp_path / "data" / "sources.yml")
    (tmp_path / "data" / "uscc.yml").write_text(GOOD_AUTHORITY.replace('code: "9"', "code: 9"), encoding="utf-8")
    config = {"config_file_path": str(tmp_path / "mkdocs.yml"), "site_dir": str(tmp_path / "site")}
    with pytest.raises(PluginError, match=r"^data/uscc.yml:2: "):
        hook.on_config(config)


# ------------------------------------------------------------------ colours

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _scheme(css: str, selector: str) -> dict:
    start = css.index(selector + " {")
    block = css[start:css.index("}", start)]
    return dict(re.findall(r"--(uscc-[\w-]+):\s*(#[0-9a-fA-F]{6})", block))


# Page backgrounds: Material's light scheme, and slate with the site's hue (20) and Material's (225).
@pytest.mark.parametrize("selector, pages", [
    ('[data-md-color-scheme="default"]', ["#ffffff"]),
    ('[data-md-color-scheme="slate"]', ["#29221e", "#1e2129"]),
])
def test_segment_colours_meet_wcag_aa(selector, pages):
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "uscc.css").read_text(encoding="utf-8")
    colours = _scheme(css, selector)
    for segment in ("authority", "category", "division", "orgcode", "check"):
        assert f".uscc-seg-{segment} " in css
        fg, bg, edge = (colours[f"uscc-{segment}-{k}"] for k in ("fg", "bg", "edge"))
        assert _contrast(fg, bg) >= 4.5, (segment, fg, bg)
        assert _contrast(colours["uscc-bad-fg"], bg) >= 4.5, segment
        for page in pages:
            assert _contrast(edge, page) >= 3, (segment, edge, page)
    for page in pages:
        assert _contrast(colours["uscc-bad-fg"], page) >= 4.5
        assert _contrast(colours["uscc-ok-fg"], page) >= 4.5
