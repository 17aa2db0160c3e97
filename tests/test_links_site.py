"""Forum-ready links on the built site: previews, cards, ClaimReview, the lock, sitemap, 404.

Metadata is read with extruct (Open Graph, JSON-LD), as a link-preview or fact-check
crawler would, and with BeautifulSoup (html5lib) for the tags extruct does not model.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from explainer.anchors import ids as anchors

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://social-credit-untangled.example.org/"
SKIP_DIRS = {"assets", "search", "downloads"}
REQUIRED_OG = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:image",
               "og:image:width", "og:image:height", "og:image:alt", "og:locale")


def _myths() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))


def _pages(site: Path) -> dict[str, Path]:
    """Every published page: address -> its index.html (directory URLs)."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        parts = path.relative_to(site).parts
        if parts[0] in SKIP_DIRS:
            continue
        pages["/" + "".join(p + "/" for p in parts[:-1])] = path
    return pages


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, Path]:
    found = _pages(built_site)
    assert len(found) > 8
    return found


@pytest.fixture(scope="module")
def metadata(pages) -> dict[str, dict]:
    out = {}
    for address, path in pages.items():
        html = path.read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=SITE_URL.rstrip("/") + address,
                               syntaxes=["opengraph", "json-ld"], uniform=False)
        out[address] = {"og": data["opengraph"], "jsonld": data["json-ld"],
                        "soup": BeautifulSoup(html, "html5lib")}
    return out


def _one(soup, attrs):
    found = soup.find_all("meta", attrs=attrs)
    assert len(found) == 1, f"expected one <meta {attrs}>, found {len(found)}"
    return found[0]["content"]


def test_every_page_has_complete_consistent_previews(metadata, built_site):
    for address, data in metadata.items():
        assert len(data["og"]) == 1, address
        properties = data["og"][0]["properties"]
        counts = Counter(key for key, _ in properties)
        og = dict(properties)
        for key in REQUIRED_OG:
            assert counts[key] == 1, f"{address}: {key} appears {counts[key]} times"
        soup = data["soup"]
        title = soup.title.string
        canonical = soup.find_all("link", rel="canonical")
        description = _one(soup, {"name": "description"})
        assert len(canonical) == 1 and canonical[0]["href"] == og["og:url"] == SITE_URL.rstrip("/") + address
        assert title == f"{og['og:title']} - {og['og:site_name']}" or (address == "/" and og["og:title"] in title)
        assert og["og:description"] == description and description
        assert og["og:site_name"] == "Social Credit, Untangled"
        assert og["og:type"] == ("website" if address == "/" else "article")
        assert og["og:locale"] == "en_GB"
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
        assert og["og:image:alt"].startswith("Social Credit, Untangled: ")
        assert _one(soup, {"name": "twitter:card"}) == "summary_large_image"
        assert _one(soup, {"name": "twitter:image"}) == og["og:image"]
        assert _one(soup, {"name": "twitter:title"}) == og["og:title"]
        assert _one(soup, {"name": "theme-color"}).startswith("#")
        # The card exists in the built site and is 1200×630.
        assert og["og:image"].startswith(SITE_URL)
        card = built_site / og["og:image"][len(SITE_URL):]
        assert card.is_file(), f"{address}: {og['og:image']} is not in the site"
        with Image.open(card) as image:
            assert image.format == "PNG" and image.size == (1200, 630)


def test_each_myth_has_a_page_whose_preview_is_its_verdict(metadata, pages):
    myths = _myths()
    for myth in myths:
        address = f"/myths/{myth['id']}/"
        assert address in pages, f"no page for myth {myth['id']}"
        og = dict(metadata[address]["og"][0]["properties"])
        label = {"false": "False", "misleading": "Misleading", "partly-true": "Partly true",
                 "true": "True", "unproven": "Unproven"}[myth["verdict"]]
        assert og["og:title"] == f"{label}: “{myth['claim']}”"
        assert og["og:description"] == myth["summary"]
        assert og["og:image"].endswith(f"/assets/cards/myths/{myth['id']}.png")
        assert label in og["og:image:alt"]
        soup = metadata[address]["soup"]
        links = [a["href"] for a in soup.select("article a.md-button")]
        assert f"../#{myth['id']}" in links, f"{address} does not lead to the verdict"
    cards = {dict(metadata[f"/myths/{m['id']}/"]["og"][0]["properties"])["og:image"] for m in myths}
    assert len(cards) == len(myths)


def test_claim_review_for_every_myth(metadata):
    reviews = [item for item in metadata["/myths/"]["jsonld"] if item.get("@type") == "ClaimReview"]
    by_url = {review["url"]: review for review in reviews}
    myths = _myths()
    assert len(reviews) == len(myths)
    for myth in myths:
        review = by_url[f"{SITE_URL}myths/#{myth['id']}"]
        assert review["@context"] == "https://schema.org"
        assert review["claimReviewed"] == myth["claim"]
        assert review["itemReviewed"] == {"@type": "Claim", "name": myth["claim"]}
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]
        assert review["datePublished"] == "2026-11-28"  # docs/myths.md front matter "reviewed"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_lock_lists_exactly_what_the_site_publishes(pages):
    lock = anchors.read_lock(ROOT / anchors.LOCK_FILE)
    assert lock is not None, "data/anchors.lock is missing: run make anchors"
    published = {}
    for address, path in pages.items():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        article = soup.select_one("article.md-content__inner")
        ids = {h["id"] for h in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]) if h.get("id")}
        ids |= {el["id"] for el in article.select(".ex-alias[id], .ex-moved[id]")}
        assert all(not i.startswith(anchors.AUTO_ID_MARK) for i in ids), address
        published[address] = ids
    gone = {a: sorted(lock.entries[a] - published.get(a, set())) for a in lock.entries
            if a not in published or lock.entries[a] - published[a]}
    assert not gone, f"locked but not published: {gone}"
    fresh = {a: sorted(published[a] - lock.entries.get(a, set())) for a in published
             if a not in lock.entries or published[a] - lock.entries[a]}
    assert not fresh, f"published but not in data/anchors.lock — run 'make anchors': {fresh}"


def test_every_heading_keeps_its_no_js_permalink(pages):
    soup = BeautifulSoup(pages["/blacklists/"].read_text(encoding="utf-8"), "html5lib")
    heading = soup.find(id="court-list")
    assert heading.name == "h2"
    assert heading.find("a", class_="headerlink")["href"] == "#court-list"
    share = BeautifulSoup(pages["/myths/"].read_text(encoding="utf-8"), "html5lib").select(".ex-claim-link")
    assert len(share) == len(_myths())
    first = share[0]
    assert first.find("a", class_="ex-claim-link__route")["href"] == f"{_myths()[0]['id']}/"
    assert first["data-ex-summary"].startswith("Claim: “") and " — Verdict: " in first["data-ex-summary"]


def test_sitemap_lists_myth_pages_and_robots_names_it(built_site, pages):
    tree = ET.parse(built_site / "sitemap.xml")
    locs = {el.text.strip() for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for address in pages:
        assert SITE_URL.rstrip("/") + address in locs, f"{address} missing from sitemap.xml"
    robots = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_404_page_points_to_pages_and_myths(built_site):
    soup = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html5lib")
    hrefs = {urlsplit(a["href"]).path for a in soup.select("article a")}
    for path in ("/", "/blacklists/", "/myths/", "/sources/", "/about/"):
        assert path in hrefs
    for myth in _myths():
        assert f"/myths/{myth['id']}/" in hrefs
    assert soup.find(id="ex-404-candidates") is not None
    assert soup.find("script", src="/assets/javascripts/notfound.js") is not None
    assert soup.find("meta", attrs={"name": "theme-color"}) is not None
