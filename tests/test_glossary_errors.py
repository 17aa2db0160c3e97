"""Bad glossary input stops the build with file, line and fix, and leaves site/ as it was.

One test each: broken YAML, unknown field, duplicate id, an alias used by two terms,
missing definition, too long definition, unknown source id, unknown related term. Each
runs the real atomic build (scripts/build.py) on a throw-away copy of the project; the
glossary is checked when the configuration loads, so these builds stop within seconds.
"""
from __future__ import annotations

import re

import pytest

from support.project import run_build

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
    start, end = _definition(text, "planning-outline")
    return text[:start] + text[end:], _line_of(text, "- id: planning-outline")


def long_definition(text):
    start, end = _definition(text, "egret-score")
    longer = text[start:end].rstrip("\n") + (" It is a long sentence that goes on and on to push the"
                                              " definition past its limit, and then some more words.\n")
    return text[:start] + longer + text[end:], text.count("\n", 0, start) + 1


CASES = {
    "broken-yaml": (_swap("  term: Baihang Credit\n", "  term: [Baihang Credit\n", 1), "broken YAML"),
    "unknown-field": (_swap("  term: Egret score\n", "  term: Egret score\n  colour: white\n", 1),
                      "unknown field 'colour' in term"),
    "duplicate-id": (_swap("- id: rongcheng\n", "- id: ndrc\n"), "duplicate term id 'ndrc'"),
    "duplicate-alias": (_swap("  aliases: [Zhima Credit]\n", "  aliases: [Zhima Credit, NDRC]\n"),
                        "the name 'NDRC' is used by two terms"),
    "missing-definition": (missing_definition, "term is missing the required field 'definition'"),
    "long-definition": (long_definition, "definition is"),
    "unknown-source": (_swap("  sources: [gov-15]\n", "  sources: [gov-15, no-such-source]\n"),
                       "unknown source id 'no-such-source'"),
    "unknown-related": (_swap("  related: [egret-score, demonstration-city]\n",
                              "  related: [egret-score, no-such-term]\n"),
                        "related names the unknown term 'no-such-term'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_glossary_stops_the_build_and_keeps_the_site(project_copy, tmp_path, case):
    change, problem = CASES[case]
    line = _break(project_copy, change)
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.html").write_text("the previous build", encoding="utf-8")

    result = run_build(project_copy, site)

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{GLOSSARY}:{line}: " in output, output
    assert problem in output, output
    assert " — " in output.split(f"{GLOSSARY}:{line}: ", 1)[1].splitlines()[0]  # and how to fix it
    assert "Traceback" not in output
    assert (site / "previous.html").read_text(encoding="utf-8") == "the previous build"
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]


def test_a_missing_glossary_page_is_reported(project_copy, tmp_path):
    (project_copy / "docs" / "glossary.md").write_text("# Glossary\n\nNo marker here.\n", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/glossary.md: the glossary page has no <!-- glossary --> marker" in result.stdout + result.stderr
