"""The schemas, the bounded YAML loader, front matter and the raw HTML policy, on small inputs."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from explainer.content_checks import front_matter, html_policy
from explainer.core import datafile, passed_checks, schema
from explainer.core.datafile import load_yaml
from explainer.core.errors import ContentError
from explainer.core.escape import md_without_html

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["sources", "myths", "glossary", "uscc"])
def test_every_data_file_of_the_site_follows_its_schema(name):
    load_yaml(ROOT / "data" / f"{name}.yml", ROOT)  # raises ContentError otherwise


def test_every_page_of_the_site_has_valid_front_matter():
    for page in sorted((ROOT / "docs").glob("*.md")):
        front_matter.check_page(page, f"docs/{page.name}")


def _write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SOURCE = ('- id: a\n  title: "T"\n  publisher: "P"\n  date: "2015"\n  url: "https://example.org/"\n'
          '  language: en\n  kind: primary\n')


def test_the_fields_agreed_for_issue_12_are_accepted(tmp_path):
    text = SOURCE + ('  strength: official\n  read: original\n  passages:\n    - text: "原文"\n'
                     '      translation: "The text"\n      translator: "China Law Translate"\n')
    load_yaml(_write(tmp_path, "sources.yml", text), tmp_path)
    corrections = ('- date: "2026-12-02"\n  page: blacklists.md\n  anchor: transport-bans\n'
                   '  before: "Old."\n  after: "New.[@a]"\n  why: "A better source.[@a]"\n')
    load_yaml(_write(tmp_path, "corrections.yml", corrections), tmp_path)


@pytest.mark.parametrize("change, message", [
    (("  strength: official\n", "  strength: strong\n"), "sources.yml:8: unknown strength 'strong'"),
    (("  read: original\n", "  read: somewhere\n"), "sources.yml:9: read 'somewhere' is neither 'original'"),
    (('  title: "T"\n', "  title: [a, {b: 1}]\n"), "sources.yml:2: title must be text"),
    (('  title: "T"\n', '  title: "' + "x" * 301 + '"\n'), "more than the limit of 300"),
])
def test_wrong_values_are_refused_with_their_line(tmp_path, change, message):
    text = (SOURCE + "  strength: official\n  read: original\n").replace(*change)
    with pytest.raises(ContentError) as err:
        load_yaml(_write(tmp_path, "sources.yml", text), tmp_path)
    assert str(err.value).startswith(message) or message in str(err.value), str(err.value)
    assert " — " in str(err.value)


def test_a_correction_needs_a_real_date(tmp_path):
    text = ('- date: "2026-13-45"\n  page: a.md\n  anchor: x\n  before: "b"\n  after: "a"\n  why: "w"\n')
    with pytest.raises(ContentError, match=r"corrections.yml:1: date '2026-13-45' is not a real date"):
        load_yaml(_write(tmp_path, "corrections.yml", text), tmp_path)


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 12):
        prev, cur = chr(96 + level), chr(97 + level)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.monotonic()
    with pytest.raises(ContentError, match=r"notes.yml:1: YAML anchors and aliases"):
        load_yaml(_write(tmp_path, "notes.yml", "\n".join(lines) + "\n"), tmp_path)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("data, message", [
    (b"a: 1\nb: caf\xe9\n", "x.yml:2: byte 0xe9 is not UTF-8 text"),
    (b"a: 1\nb: bell\x07\n", "x.yml:2: control character U+0007"),
    (b"a: 1\n? [x, y]\n: 2\n", "x.yml:2: a key is a list or a mapping"),
    (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "nests more than 12 levels"),
])
def test_unreadable_yaml_names_its_line(tmp_path, data, message):
    path = tmp_path / "x.yml"
    path.write_bytes(data)
    with pytest.raises(ContentError, match=message.replace("[", r"\[").replace("+", r"\+")):
        load_yaml(path, tmp_path)


def _shape(value):
    """*value* with the lines datafile keeps (Record and Items), for comparing two loads."""
    if isinstance(value, datafile.Record):
        return ("record", value.path, value.line, value.key_lines, value.text_lines,
                {key: _shape(item) for key, item in value.items()})
    if isinstance(value, datafile.Items):
        return ("items", value.path, value.line, value.item_lines, [_shape(item) for item in value])
    return (type(value).__name__, value)


def _load_with(loader, text: str):
    parser = loader(text)
    parser.display_path = "x.yml"
    try:
        return _shape(parser.get_single_data())
    finally:
        parser.dispose()


EDGE_CASES = [
    "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: plain\n",
    "- {id: a, n: 1, on: yes, when: 2015-01-27, none: ~}\n- [x, 'y', \"z\"]\n",
    "key: |\n\n  after a blank line\n",
    "top:\n  - a: 1\n    b:\n      - c\n      - d: |\n          deep\n",
]


@pytest.mark.skipif(datafile._FastLoader is None, reason="PyYAML without libyaml: only the reference loader")
@pytest.mark.parametrize("text", [(ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8")
                                  for name in ("sources", "myths", "glossary", "uscc", "corrections")] + EDGE_CASES)
def test_the_fast_loader_reads_what_the_reference_loader_reads_with_the_same_lines(text):
    assert _load_with(datafile._FastLoader, text) == _load_with(datafile._Loader, text)


@pytest.mark.parametrize("text, message", [
    # libyaml would say "did not find expected ',' or ']'" and "found a tab character that
    # violates indentation": the messages stay PyYAML's, as they were.
    ("a: [1, 2\nb: 3\n", "x.yml:2: broken YAML: expected ',' or ']', but got ':'"),
    ("a: 1\n\tb: 2\n", "x.yml:2: broken YAML: found character '\\t' that cannot start any token"),
])
def test_broken_yaml_is_reported_in_the_reference_loaders_words(text, message):
    with pytest.raises(ContentError) as err:
        datafile.parse_yaml(text, "x.yml")
    assert str(err.value).startswith(message), str(err.value)


@pytest.mark.parametrize("front, message", [
    ("title: [About\ndescription: x\n", "page.md:3: broken front matter"),
    ("title: About\nreviewed: soon\n", "page.md:3: reviewed 'soon' is not a real date"),
    ("title: About\nreviewed: 2026-02-30\n", "page.md:3: reviewed '2026-02-30' is not a real date"),
    ("title: About\ncolour: red\n", "page.md:3: unknown field 'colour' in front matter"),
    ("title: [a, {b: 1}]\n", "page.md:2: title must be text"),
    ("title: About 😀\n", "page.md:2: the title contains '😀'"),
    ("description: " + "x" * 161 + "\n", "page.md:2: description is 161 characters long, more than the limit of 160"),
    ("page_scripts:\n  - https://cdn.example/x.js\n", "page.md:3: entry 1 of page_scripts"),
    ("page_scripts:\n  - javascript:alert(1)\n", "page.md:3: entry 1 of page_scripts"),
])
def test_front_matter_is_checked_with_its_line(tmp_path, front, message):
    page = _write(tmp_path, "page.md", f"---\n{front}---\n\n# Page {{#top}}\n")
    with pytest.raises(ContentError) as err:
        front_matter.check_page(page, "page.md")
    assert str(err.value).startswith(message), str(err.value)


def test_a_front_matter_block_that_never_ends_is_refused(tmp_path):
    page = _write(tmp_path, "page.md", "---\ntitle: About\n\n# Page {#top}\n")
    with pytest.raises(ContentError, match="page.md:1: the front matter is never closed"):
        front_matter.check_page(page, "page.md")


@pytest.mark.parametrize("snippet, found", [
    ('<script>alert(1)</script>', "a <script> element"),
    ('<script src="https://cdn.example/x.js"></script>', "a <script> element"),
    ('<a href="javascript:alert(1)">x</a>', "a javascript: address"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "a javascript: address"),
    ('<img src="x" onerror="alert(1)">', "an inline event handler (onerror=)"),
    ('<img src="https://tracker.example/p.gif">', "a resource on another site"),
    ('<iframe src="/x"></iframe>', "a <iframe> element"),
    ('<a href="data:text/html,hi">x</a>', "a data: address"),
    ('<div style="background:url(https://x.example/a.png)">x</div>', "url("),
])
def test_the_raw_html_policy_refuses_what_runs_or_fetches(snippet, found):
    source = f"---\ntitle: T\n---\n\n# T {{#top}}\n\n{snippet}\n"
    with pytest.raises(ContentError) as err:
        html_policy.check_page_html(f"<h1>T</h1>{snippet}", "docs/p.md", source)
    assert found in str(err.value) and str(err.value).startswith("docs/p.md:7:"), str(err.value)


def test_the_raw_html_policy_allows_layout_links_and_json_ld():
    html_policy.check_page_html(
        '<div class="x"><details><summary>S</summary><a href="https://example.org/">out</a></details>'
        '<img src="../assets/images/logo.svg" alt=""><script type="application/ld+json">{}</script></div>',
        "docs/p.md")


def test_html_in_data_markdown_is_shown_as_text_but_code_is_kept():
    assert md_without_html("a <img src=x> and `<b>` [@s]") == "a &lt;img src=x> and `<b>` [@s]"


def test_schema_errors_name_the_first_mistake_and_count_the_rest(tmp_path):
    text = SOURCE.replace("language: en", "language: fr").replace("kind: primary", "kind: other")
    with pytest.raises(ContentError) as err:
        load_yaml(_write(tmp_path, "sources.yml", text), tmp_path)
    assert str(err.value).startswith("sources.yml:6: unknown language 'fr'") and "1 more mistake" in str(err.value)


def test_every_schema_is_a_valid_json_schema():
    names = sorted(path.stem for path in schema.SCHEMA_DIR.glob("*.json"))
    assert names == ["corrections", "front-matter", "glossary", "myths", "sources", "uscc"]
    for name in names:
        assert schema.validator(name) is not None


def test_a_script_link_in_a_markdown_field_of_a_data_file_names_its_line(tmp_path):
    myth = ('- id: a-myth\n  claim: "X"\n  verdict: "false"\n  summary: "S"\n'
            '  why: "See [this](javascript:alert(1)).[@a]"\n  page: index.md\n')
    with pytest.raises(ContentError, match=r"myths.yml:5: why holds a link to a javascript:"):
        load_yaml(_write(tmp_path, "myths.yml", myth), tmp_path)


# --------------------------------------------------------------------------- inputs that passed before

@pytest.fixture
def passes(tmp_path):
    folder = tmp_path / "passes"
    passed_checks.use_folder(folder)
    yield folder
    passed_checks.use_folder(None)


def test_a_value_that_passed_is_not_checked_again(tmp_path, passes, monkeypatch):
    path = _write(tmp_path, "sources.yml", SOURCE)
    load_yaml(path, tmp_path)
    assert len(list(passes.iterdir())) == 1
    monkeypatch.setattr(schema, "validator", lambda name: pytest.fail("checked again"))
    load_yaml(path, tmp_path)
    _write(tmp_path, "sources.yml", SOURCE.replace('"T"', '"Another title"'))
    with pytest.raises(pytest.fail.Exception):  # a new value is checked
        load_yaml(path, tmp_path)


def test_a_value_that_fails_is_reported_every_time_and_leaves_no_mark(tmp_path, passes):
    path = _write(tmp_path, "sources.yml", SOURCE.replace("kind: primary", "kind: rumour"))
    for _ in range(2):
        with pytest.raises(ContentError, match="kind"):
            load_yaml(path, tmp_path)
    assert not passes.exists() or not list(passes.iterdir())


def test_a_schema_mark_depends_on_types_the_schema_and_the_code(monkeypatch):
    def mark(value, name="sources"):
        return passed_checks.key(schema._check_version(schema.SCHEMA_DIR / f"{name}.json"),
                                 json.dumps(schema._typed(value)))
    assert mark({"a": 1}) != mark({"a": "1"})
    assert mark({"a": True}) != mark({"a": 1})
    assert mark({"a": 1}) != mark({"a": 1}, "myths")
    before = mark({"a": 1})
    monkeypatch.setattr(schema, "_check_version", lambda path: b"another version")
    assert mark({"a": 1}) != before


def test_a_page_that_passed_the_html_policy_is_not_parsed_again_and_a_bad_one_always_is(passes, monkeypatch):
    html_policy.check_page_html("<p>fine</p>", "docs/p.md")
    assert len(list(passes.iterdir())) == 1
    monkeypatch.setattr(html_policy, "_Finder", lambda: pytest.fail("parsed again"))
    html_policy.check_page_html("<p>fine</p>", "docs/p.md")
    monkeypatch.undo()
    for _ in range(2):
        with pytest.raises(ContentError, match="inline event handler"):
            html_policy.check_page_html('<p onclick="x()">bad</p>', "docs/p.md")
    assert len(list(passes.iterdir())) == 1


def test_prune_keeps_the_marks_this_build_used(tmp_path, passes):
    path = _write(tmp_path, "sources.yml", SOURCE)
    load_yaml(path, tmp_path)
    (passes / ("0" * 64 + passed_checks.SUFFIX)).write_text("")  # from an earlier version of the file
    passed_checks.use_folder(passes)  # the next build
    load_yaml(path, tmp_path)
    assert passed_checks.prune() == 1
    assert len(list(passes.iterdir())) == 1
