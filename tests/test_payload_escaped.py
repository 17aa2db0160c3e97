"""Script in every text field of every data file and page's front matter reaches no reader as markup.

The project copy (tests/support/payload.py) carries ``<img src=x onerror=…>`` and a
``</title><script>`` break-out in every text field; the build must succeed, and no output
file (HTML, JSON-LD, search index, card alt text, the zip, the single-page edition) may
contain the markup unescaped, while the words themselves are still shown as text.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.payload import MARKERS, RUNNER, build_payload_project

TEXT_SUFFIXES = {".html", ".json", ".js", ".xml", ".txt", ".css", ".svg", ".webmanifest"}


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory):
    return build_payload_project(tmp_path_factory.mktemp("payload"))


def _outputs(site: Path, zip_path: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield str(path.relative_to(site)), path.read_text(encoding="utf-8")
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if Path(name).suffix in TEXT_SUFFIXES:
                yield f"zip:{name}", archive.read(name).decode("utf-8")


def test_no_output_file_holds_the_markup_unescaped(payload_build):
    site, zip_path = payload_build
    leaks = [(name, marker) for name, text in _outputs(site, zip_path) for marker in MARKERS if marker in text]
    assert not leaks, leaks[:10]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def test_the_words_are_still_shown_as_text(payload_build):
    site, _ = payload_build
    about = _soup(site / "about" / "index.html")
    assert RUNNER in about.title.get_text()
    assert RUNNER in about.find("meta", attrs={"name": "description"})["content"]
    myths = _soup(site / "myths" / "index.html")
    headings = [h.get_text() for h in myths.select("h2.ex-myth-heading")]
    assert headings and all(RUNNER in text for text in headings)
    assert not myths.select("article img[src='x']"), "the payload became an element"
    glossary = _soup(site / "glossary" / "index.html")
    assert any(RUNNER in p.get_text() for p in glossary.select(".ex-gloss-aka"))


def test_preview_alt_text_and_json_ld_carry_the_claim_as_text(payload_build):
    site, _ = payload_build
    route = next((site / "myths").glob("*/index.html"))
    page = _soup(route)
    assert RUNNER in page.find("meta", attrs={"property": "og:image:alt"})["content"]
    reviews = [json.loads(s.string) for s in _soup(site / "myths" / "index.html").select(
        "script[type='application/ld+json']")]
    claims = [review["claimReviewed"] for group in reviews for review in group]
    assert claims and all(RUNNER in claim for claim in claims)


def test_search_index_and_single_page_edition_keep_it_as_text(payload_build):
    site, zip_path = payload_build
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["title"] + doc["text"] for doc in index["docs"]]
    assert any("onerror" in text for text in texts), "the payload should be indexed (as escaped text)"
    with zipfile.ZipFile(zip_path) as archive:
        single = next(name for name in archive.namelist() if name.endswith("single-page.html"))
        soup = BeautifulSoup(archive.read(single).decode("utf-8"), "html5lib")
    assert RUNNER in soup.get_text() and not soup.select("img[src='x']")
