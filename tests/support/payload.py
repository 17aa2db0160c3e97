"""A project copy with a script payload in every text field of every data file and page.

Used by tests/test_payload_escaped.py (the files) and tests/browser/test_payload_browser.py
(Chromium). Ids, dates, addresses, codes and enums keep their forms (the schemas refuse
anything else); every field that is text gets the payload at its start.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .hostile import PAYLOAD

# A second payload that breaks out of <title> and attributes, and a marker the browser test
# can look for: if any of them runs, window.__pwned is set.
BREAKOUT = "\"'></title><script>window.__pwned=1</script>"
RUNNER = "<img src=x onerror=window.__pwned=1>"
MARKERS = (PAYLOAD, RUNNER, "<script>window.__pwned=1</script>")

SOURCE_TEXT = ("title", "publisher", "author", "note")
MYTH_TEXT = ("claim", "summary", "why")
# A glossary definition is checked as plain text (no Markdown or HTML): the payload is refused
# there (tests/test_glossary_errors.py), so it goes into the other fields.
GLOSSARY_TEXT = ("aliases", "zh", "explanation")
USCC_TEXT = ("zh", "en")


def _with(text: str, limit: int | None = None, short: bool = False, own_sentence: bool = False) -> str:
    payload = RUNNER if short else f"{RUNNER} {BREAKOUT}"
    # In a Markdown field a double quote in a cited sentence is a quotation that must be in a
    # stored passage (issue 12); as a paragraph of its own the payload cites nothing.
    value = f"{payload}{chr(10) * 2 if own_sentence else ' '}{text}"
    return value[:limit] if limit else value


def inject(project: Path) -> None:
    data = project / "data"
    sources = yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))
    for source in sources:
        for key in SOURCE_TEXT:
            source[key] = _with(str(source.get(key) or "text"), 300)
    _dump(data / "sources.yml", sources)

    myths = yaml.safe_load((data / "myths.yml").read_text(encoding="utf-8"))
    for myth in myths:
        myth["claim"] = _with(myth["claim"], 120, short=True)
        myth["summary"] = _with(myth["summary"], 150, short=True)
        myth["why"] = _with(myth["why"], own_sentence=True)
    _dump(data / "myths.yml", myths)

    terms = yaml.safe_load((data / "glossary.yml").read_text(encoding="utf-8"))
    for term in terms:
        term["aliases"] = list(term.get("aliases") or []) + [f"{RUNNER} {term['id']}"]
        term["zh"] = _with(term["zh"], 40, short=True)
        term["explanation"] = _with(term["explanation"], own_sentence=True)
    _dump(data / "glossary.yml", terms)

    uscc = yaml.safe_load((data / "uscc.yml").read_text(encoding="utf-8"))
    for entry in _uscc_entries(uscc):
        entry["zh"] = _with(entry["zh"], 80, short=True)
        entry["en"] = _with(entry["en"], 200)
    _dump(data / "uscc.yml", uscc)

    for page in sorted((project / "docs").glob("*.md")):
        _front_matter(page)


def build_payload_project(work: Path) -> tuple[Path, Path]:
    """Copy the project into *work*, inject the payloads and build: (site, offline zip)."""
    from .project import copy_project
    from .hostile import build
    project = copy_project(work / "project")
    inject(project)
    site, dist = project / "site", project / "dist"
    code, output, _ = build(project, site, dist, timeout=600)
    assert code == 0, output
    return site, next(dist.glob("*.zip"))


def _uscc_entries(uscc: dict) -> list[dict]:
    entries = [uscc["national"], *uscc["provinces"]]
    for authority in uscc["authorities"]:
        entries.append(authority)
        entries.extend(authority["categories"])
    return entries


def _front_matter(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?\n)---\n", text, re.S)
    meta = yaml.load(match.group(1), Loader=yaml.BaseLoader)  # dates stay text
    meta["title"] = f"{RUNNER} {meta['title']}"[:70]
    meta["description"] = f"{RUNNER} {BREAKOUT} {meta['description']}"[:160]
    page.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
                    + text[match.end():], encoding="utf-8")


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
