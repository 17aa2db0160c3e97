"""Fixture content for the issue-12 mechanisms, appended to a copy of the project: two
sources (an official Chinese one with a stored passage, a weak one), a section on the
about page that quotes the passage and cites the weak source with [@about:…], and a
correction of that section. Tests break it or look at it; none depends on live wording."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .project import copy_project, run_build

PUBLISHED = "published: 2026-11-20"   # put into about.md's front matter: a new page in the feed
PASSAGE = "禁止乘坐火车一百八十天。"
TRANSLATION = "Barred from trains for one hundred and eighty days."

SOURCES_ADDED = f"""
- id: fx-law
  title: "A fixture law"
  publisher: "A fixture ministry"
  date: "2018"
  url: "https://example.org/fx-law"
  language: zh
  kind: primary
  strength: official
  read: original
  passages:
    - text: "{PASSAGE}"
      translation: "{TRANSLATION}"
- id: fx-forum
  title: "A fixture forum comment"
  publisher: "A fixture forum"
  date: "n.d."
  url: "https://example.org/fx-forum"
  language: en
  kind: reproduction
  strength: weak
  read: original
"""
PAGE_ADDED = """

## A fixture section {#fixture-section}

The fixture law bars people "from trains for one hundred and eighty days".[@fx-law]
A fixture forum said so.[@about:fx-forum]
"""
CORRECTION_ADDED = """
- date: "2026-12-01"
  page: about.md
  anchor: fixture-section
  before: "Old words."
  after: "New words.[@fx-law]"
  why: "A fixture reason."
"""


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def fixture_build(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A project copy with the fixture content and a good build in site/."""
    project = copy_project(tmp_path_factory.mktemp("rules") / "project")
    _append(project / "data" / "sources.yml", SOURCES_ADDED)
    about = project / "docs" / "about.md"
    _append(about, PAGE_ADDED)
    about.write_text(about.read_text(encoding="utf-8").replace("---\n", f"---\n{PUBLISHED}\n", 1), encoding="utf-8")
    corrections = project / "data" / "corrections.yml"
    text = corrections.read_text(encoding="utf-8") if corrections.exists() else ""
    corrections.write_text((text.rstrip("\n") + "\n" if text.strip() and "- date:" in text else "")
                           + CORRECTION_ADDED, encoding="utf-8")
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site, digest(site)
