"""The Atom feed and the corrections page on the real build: the feed parses like a feed
reader reads it (feedparser, no "bozo" error), every entry is dated and links with an
absolute address to a section or page that exists, and every page names the feed."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from support.project import ROOT
from support.offline import built_bundle

ATOM = "application/atom+xml"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def _site_url() -> str:
    from mkdocs.config import load_config
    return load_config(str(ROOT / "mkdocs.yml")).site_url


@pytest.fixture(scope="module")
def parsed(built_site):
    return feedparser.parse((built_site / "feed.xml").read_bytes())


def test_feed_parses_without_errors_and_is_dated_by_its_newest_entry(parsed):
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries, "the feed has no entries (data/corrections.yml or published: pages)"
    newest = max(entry.updated_parsed for entry in parsed.entries)
    assert parsed.feed.updated_parsed == newest


def test_every_entry_is_dated_and_links_to_an_existing_section_or_page(parsed, built_site):
    base = _site_url()
    for entry in parsed.entries:
        assert entry.published_parsed and entry.updated_parsed, entry.title
        assert entry.link.startswith(base), entry.link
        path, _, fragment = entry.link[len(base):].partition("#")
        page = built_site / path / "index.html"
        assert page.is_file(), f"{entry.title}: {entry.link} is not a page of the site"
        if fragment:
            assert _soup(page).find(id=fragment), f"{entry.title}: no #{fragment} on {path}"
        if entry.title.startswith("Correction:"):
            assert fragment, f"{entry.title} links to a page, not to the corrected section"
            entry_id = urlsplit(entry.id).fragment
            assert _soup(built_site / "corrections" / "index.html").find(id=entry_id), entry.id


def test_the_corrections_page_shows_each_correction_in_full(parsed, built_site):
    page = _soup(built_site / "corrections" / "index.html")
    corrections = [e for e in parsed.entries if e.title.startswith("Correction:")]
    assert corrections, "the feed has no correction"
    for entry in corrections:
        heading = page.find(id=urlsplit(entry.id).fragment)
        meta = heading.find_next_sibling("p", class_="ex-correction__meta")
        assert meta.time["datetime"] == entry.published[:10]
        link = meta.find("a")["href"]
        assert link.endswith("#" + entry.link.split("#", 1)[1])
        terms = [dt.get_text() for dt in heading.find_next_sibling("dl", class_="ex-correction").find_all("dt")]
        assert terms == ["What the page said", "What it says now", "Why"]


def test_every_page_names_the_feed(built_site):
    for path in sorted(built_site.rglob("*.html")):
        links = _soup(path).select(f'head link[rel="alternate"][type="{ATOM}"]')
        assert len(links) == 1 and links[0].get("title"), path
        if path.name == "404.html":
            continue
        target = (path.parent / links[0]["href"]).resolve()
        assert target == (built_site / "feed.xml").resolve(), f"{path}: {links[0]['href']}"


@pytest.mark.slow
def test_the_offline_bundle_names_no_feed(tmp_path_factory):
    """Material fetches sitemap.xml beside every alternate link: from file:// a failed load
    or a request to the network. The bundle's corrections page still links its copy."""
    built = built_bundle(tmp_path_factory)
    for path in built.pages():
        assert not _soup(path).select(f'head link[type="{ATOM}"]'), path
    link = _soup(built.folder / "corrections.html").select_one('article a[href="feed.xml"]')
    assert link and (built.folder / "feed.xml").is_file()
