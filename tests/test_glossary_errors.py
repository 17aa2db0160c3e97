"""Bad glossary input stops the build with file, line and fix, before anything is written.

One test each: broken YAML, unknown field, duplicate id, an alias used by two terms,
missing definition, too long definition, unknown source id, unknown related term. Each
builds a throw-away copy of the fixture explainer (tests/fixtures/explainer/) in-process,
so no test depends on the live glossary's terms; the glossary is checked when the
configuration loads, so these builds stop at once. That a failed build keeps the previous
site/ is the atomic build's job, tested in test_build.py.
"""
from __future__ import annotations

import re

import pytest
from support.fixture_project import build_in_process, copy_fixture

GLOSSARY = "data/glossary.yml"


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def _break(project, change):
    """Apply *change* (text -> (new text, expected line)) to the project's glossary."""
    path = project / GLOSSARY
    text, line = change(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return line


def _swap(needle: str, replacement: str, offset: int = 0):
    """A change that replaces *needle*; the error is expected *offset* lines below it."""
    def change(text):
        assert needle in text, needle
        return text.replace(needle, replacement), _line_of(text, needle) + offset
    return change


def _definition(text: str, term_id: str) -> tuple[int, int]:
    """Where *term_id*'s definition starts and ends in the glossary (read, not written here:
    the wording changes)."""
    entry = text.index(f"- id: {term_id}\n")
    start = text.index("  definition:", entry)
    end = re.compile(r"^  [a-z_]+:", re.M).search(text, start + 1).start()
    return start, end


def missing_definition(text):
    start, end = _definition(text, "example-term")
    return text[:start] + text[end:], _line_of(text, "- id: example-term")


def long_definition(text):
    start, end = _definition(text, "sample-ledger")
    longer = text[start:end].rstrip("\n") + (" It is a long sentence that goes on and on to push the"
                                              " definition past its limit, and then some more words.\n")
    return text[:start] + longer + text[end:], text.count("\n", 0, start) + 1


CASES = {
    "broken-yaml": (_swap("  term: Example Term\n", "  term: [Example Term\n", 1), "broken YAML"),
    "unknown-field": (_swap("  term: sample ledger\n", "  term: sample ledger\n  colour: white\n", 1),
                      "unknown field 'colour' in term"),
    "duplicate-id": (_swap("- id: sample-ledger\n", "- id: example-term\n"), "duplicate term id 'example-term'"),
    "duplicate-alias": (_swap("  aliases: [sample ledgers]\n", "  aliases: [sample ledgers, Example Term]\n"),
                        "the name 'Example Term' is used by two terms"),
    "missing-definition": (missing_definition, "term is missing the required field 'definition'"),
    "long-definition": (long_definition, "definition is"),
    "unknown-source": (_swap("  sources: [example-study]\n", "  sources: [example-study, no-such-source]\n"),
                       "unknown source id 'no-such-source'"),
    "unknown-related": (_swap("  related: [example-term]\n", "  related: [no-such-term]\n"),
                        "related names the unknown term 'no-such-term'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_glossary_stops_the_build_before_writing_anything(tmp_path, case):
    project = copy_fixture(tmp_path / "project")
    change, problem = CASES[case]
    line = _break(project, change)
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.html").write_text("the previous build", encoding="utf-8")

    error = build_in_process(project, site).error

    assert error and error.startswith(f"{GLOSSARY}:{line}: "), error
    assert problem in error, error
    assert " — " in error  # and how to fix it
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]


def test_a_missing_glossary_marker_is_reported(tmp_path):
    project = copy_fixture(tmp_path / "project")
    (project / "docs" / "glossary.md").write_text("# Glossary {#top}\n\nNo marker here.\n", encoding="utf-8")
    error = build_in_process(project, tmp_path / "site").error
    assert error and error.startswith("docs/glossary.md: the glossary page has no <!-- glossary --> marker")
