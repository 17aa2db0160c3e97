"""Forum-ready links, whole builds on a throw-away copy of the project.

One copy serves every test here (each test restores what it changes): a first build with
an empty card cache (its cards must equal the session build's, byte for byte), then bad
inputs that must stop the build with file, line and fix while the previous site stays.
A heading without an explicit id and a duplicate id are tested on the fixture explainer
(tests/test_plugins_fixture.py), which does not depend on this site's pages.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.project import copy_project, run_build

pytestmark = pytest.mark.slow


def _digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("links") / "project")
    shutil.rmtree(project / ".cache" / "cards", ignore_errors=True)  # draw every card again
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@contextlib.contextmanager
def edited(path: Path, old: str, new: str):
    original = path.read_text(encoding="utf-8")
    assert original.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(original.replace(old, new), encoding="utf-8")
    try:
        yield original
    finally:
        path.write_text(original, encoding="utf-8")


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _fails(project: Path) -> str:
    before = _digest(project / "site")
    result = run_build(project, project / "site")
    assert result.returncode != 0, "the build should have failed"
    assert _digest(project / "site") == before, "a failed build changed the previous site"
    assert "Traceback" not in result.stderr
    return result.stderr


def test_cards_are_byte_identical_across_two_builds(copy, built_site):
    ours = {k: v for k, v in _digest(copy / "site").items() if k.startswith("assets/cards/")}
    theirs = {k: v for k, v in _digest(built_site).items() if k.startswith("assets/cards/")}
    assert len(ours) >= 20
    assert ours == theirs


def test_removed_anchor_fails_until_the_page_aliases_it(copy):
    page = copy / "docs" / "blacklists.md"
    lock = copy / "data" / "anchors.lock"
    with edited(page, "{#court-list}", "{#defaulter-list}"):
        error = _fails(copy)
        line = _line(lock, "/blacklists/#court-list")
        assert (f"data/anchors.lock:{line}: the anchor /blacklists/#court-list is gone from docs/blacklists.md"
                in error)
        assert "aliases: {court-list: new-id}" in error
        with edited(page, "reviewed: 2026-11-28\n", "reviewed: 2026-11-28\naliases: {court-list: defaulter-list}\n"):
            result = run_build(copy, copy / "site")
            assert result.returncode == 0, result.stderr
            soup = BeautifulSoup((copy / "site" / "blacklists" / "index.html").read_text(encoding="utf-8"),
                                 "html5lib")
            alias = soup.find(id="court-list")
            assert alias.name == "span" and not alias.get_text()
            assert alias.parent.name == "h2" and alias.parent["id"] == "defaulter-list"


def test_removed_section_fails_the_build(copy):
    page = copy / "docs" / "local-scores.md"
    with edited(page, "## Suzhou {#suzhou}\n", ""):
        error = _fails(copy)
        assert "the anchor /local-scores/#suzhou is gone from docs/local-scores.md" in error


def test_moved_page_needs_a_redirect(copy):
    config = copy / "mkdocs.yml"
    log = copy / "data" / "corrections.yml"  # the corrections log names pages too: it moves with them
    logged = log.read_text(encoding="utf-8")
    log.write_text(logged.replace("page: about.md\n", "page: about-us.md\n"), encoding="utf-8")
    (copy / "docs" / "about.md").rename(copy / "docs" / "about-us.md")
    try:
        with edited(config, "  - About: about.md\n", "  - About: about-us.md\n"):
            error = _fails(copy)
            assert "the page /about/ is gone" in error and "redirect_maps" in error
            with edited(config, "\n  - offline:",
                        "\n  - redirects:\n      redirect_maps:\n"
                        "        about.md: about-us.md\n  - offline:"):
                result = run_build(copy, copy / "site")
                assert result.returncode == 0, result.stderr
                assert "about-us/" in (copy / "site" / "about" / "index.html").read_text(encoding="utf-8")
    finally:
        (copy / "docs" / "about-us.md").rename(copy / "docs" / "about.md")
        log.write_text(logged, encoding="utf-8")
