"""Bad input for the issue-12 rules stops the real build with file and line, and the
previous site/ stays as it was: a source without strength, a quotation without a stored
passage, a weak-only citation, malformed corrections.

The project copy gets fixture content of its own (tests/support/rules.py), so no test
depends on live wording.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from support.project import run_build
from support.rules import digest as _digest
from support.rules import PASSAGE, fixture_build


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return fixture_build(tmp_path_factory)

def _line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _fails_cleanly(fixture_project, file: str, old: str, new: str, expected) -> None:
    project, site, digest = fixture_project
    path = project / file
    original = path.read_text(encoding="utf-8")
    assert original.count(old) == 1, f"{old!r} is not once in {file}"
    try:
        path.write_text(original.replace(old, new), encoding="utf-8")
        expected = expected(path) if callable(expected) else expected
        result = run_build(project, site)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output, output
        assert expected in output, f"{expected!r} not in:\n{output}"
        assert _digest(site) == digest, "a failed build changed the previous site/"
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_fixture_builds_with_its_passage_and_correction(fixture_project):
    project, site, _ = fixture_project
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "data-ex-passages" in about and "one hundred and eighty days" in about
    assert 'id="c-2026-12-01-fixture-section"' in (site / "corrections" / "index.html").read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "https://social-credit-untangled.example.org/about/#fixture-section" in feed
    assert "<published>2026-11-20T00:00:00Z</published>" in feed and "<title>New page: " in feed


@pytest.mark.slow
def test_a_bad_published_date_stops_the_build(fixture_project):
    _fails_cleanly(fixture_project, "docs/about.md", "published: 2026-11-20", "published: 2026-11-31",
                   lambda path: f"docs/about.md:{_line(path, 'published:')}: published '2026-11-31' is not a real date")


@pytest.mark.slow
def test_a_source_without_strength_stops_the_build(fixture_project):
    _fails_cleanly(fixture_project, "data/sources.yml",
                   "  kind: primary\n  strength: official\n  read: original\n  passages:\n    - text: \"" + PASSAGE,
                   "  kind: primary\n  read: original\n  passages:\n    - text: \"" + PASSAGE,
                   lambda path: f"data/sources.yml:{_line(path, '- id: fx-law')}: source is missing the "
                                "required field 'strength'")


@pytest.mark.slow
def test_a_quotation_without_passage_stops_the_build(fixture_project):
    _fails_cleanly(fixture_project, "docs/about.md", '"from trains for one hundred and eighty days"',
                   '"from all trains forever"',
                   lambda path: f"docs/about.md:{_line(path, 'all trains forever')}: quotation "
                                "\"from all trains forever\" is not in any stored passage of [@fx-law] — add the "
                                "passage to data/sources.yml under fx-law's passages")


@pytest.mark.slow
def test_a_weak_only_citation_stops_the_build(fixture_project):
    _fails_cleanly(fixture_project, "docs/about.md", "[@about:fx-forum]", "[@fx-forum]",
                   lambda path: f"docs/about.md:{_line(path, '[@fx-forum]')}: the citation [@fx-forum] rests only "
                                "on weak sources — cite a stronger source")


@pytest.mark.slow
@pytest.mark.parametrize("old, new, needle, problem", [
    ('  why: "A fixture reason."\n', "", "- date: \"2026-12-01\"", "correction is missing the required field 'why'"),
    ('- date: "2026-12-01"', '- date: "2026-13-01"', '- date: "2026-13-01"', "date '2026-13-01' is not a real date"),
    ("  anchor: fixture-section", "  anchor: no-such-section", "anchor: no-such-section",
     "there is no section #no-such-section on about.md — use the id of the corrected heading"),
], ids=["missing-field", "bad-date", "unknown-anchor"])
def test_a_malformed_correction_stops_the_build(fixture_project, old, new, needle, problem):
    _fails_cleanly(fixture_project, "data/corrections.yml", old, new,
                   lambda path: f"data/corrections.yml:{_line(path, needle)}: {problem}")
