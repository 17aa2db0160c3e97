"""Mozilla Readability (Firefox's reader view, read-later apps; npm devDependency, run with
Node by tests/reader_view.js) on every built page: every heading and every share line is
kept, and no heading ends in the permalink's "#"."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from support.quality_tools import ROOT, require
from support.site import article, parse

HEADINGS = ["h2", "h3", "h4", "h5", "h6"]


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


@pytest.fixture(scope="module")
def reader_views(built_site) -> dict:
    """{page path: (the page's article, Readability's title, Readability's article)}."""
    node = shutil.which("node")
    require(node is not None, "Node.js is not installed (apt-get install nodejs npm)")
    require((ROOT / "node_modules" / "@mozilla" / "readability").is_dir() and (ROOT / "node_modules" / "jsdom").is_dir(),
            "@mozilla/readability and jsdom are not installed (npm ci --ignore-scripts, or make test)")
    pages = sorted(p for p in built_site.rglob("*.html") if article(parse(p)) is not None and p.name != "404.html")
    assert len(pages) >= 10
    args = [f"{p}=https://example.org/{p.relative_to(built_site).as_posix()}" for p in pages]
    result = subprocess.run([node, str(ROOT / "tests" / "reader_view.js"), *args],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    views = json.loads(result.stdout)
    out = {}
    for p in pages:
        view = views[str(p)]
        assert view is not None, f"{p.relative_to(built_site)}: Readability finds no article"
        out[p.relative_to(built_site).as_posix()] = (
            article(parse(p)), view["title"], BeautifulSoup(view["content"], "html5lib"))
    return out


def test_every_heading_is_kept(reader_views):
    problems = []
    for path, (original, title, view) in reader_views.items():
        kept = {_text(h) for h in view.find_all(HEADINGS)}
        for heading in original.find_all(HEADINGS):
            if heading.find_parent("noscript") is None and _text(heading) not in kept:
                problems.append(f"{path}: heading {_text(heading)!r} is missing")
        h1 = _text(original.find("h1"))
        if h1 not in title and h1 not in kept:
            problems.append(f"{path}: the title {h1!r} is neither the reader view's title ({title!r}) nor a heading")
    assert problems == []


def test_no_heading_ends_in_a_stray_hash(reader_views):
    ends = [f"{path}: {_text(h)!r}" for path, (_, _, view) in reader_views.items()
            for h in view.find_all(["h1", *HEADINGS]) if _text(h).endswith("#")]
    assert ends == []


def test_every_share_line_and_paragraph_is_kept(reader_views):
    problems = []
    shares = 0
    for path, (original, _, view) in reader_views.items():
        text = _text(view)
        for block in original.find_all(["p", "li", "dt", "dd", "figcaption", "div"]):
            if block.find(["p", "li", "ul", "ol", "table", "div"]) or block.find_parent("noscript"):
                continue  # a container (its parts are checked) or text only shown without JavaScript
            if "ex-claim-link" in (block.get("class") or []):
                shares += 1
            if _text(block) and _text(block) not in text:
                problems.append(f"{path}: {_text(block)[:80]!r} is missing")
    assert shares >= 10, "the myths page's share lines were not found"
    assert problems == []


def test_furniture_words_in_ids_and_classes_get_the_content_class():
    from explainer.reader_view.view import KEEP_CLASS, keep_in_reader_views
    html = ('<h2 class="ex-gloss-term" id="social-credit-system">Social credit system</h2>'
            '<p class="ex-gloss-related ex-nocite">Related: …</p><h3 id="footer-notes">Notes</h3>'
            '<p id="court-list">Kept as it is</p><p class="main-related">Kept as it is</p>'
            '<a class="ex-related" href="#x">links are never deleted</a>')
    soup = BeautifulSoup(keep_in_reader_views(html), "html5lib")
    assert soup.find(id="social-credit-system")["class"] == ["ex-gloss-term", KEEP_CLASS]
    assert soup.find("p", class_="ex-gloss-related")["class"] == ["ex-gloss-related", "ex-nocite", KEEP_CLASS]
    assert soup.find(id="footer-notes")["class"] == [KEEP_CLASS]
    assert soup.find(id="court-list").get("class") is None
    assert soup.find("p", class_="main-related")["class"] == ["main-related"]
    assert soup.find("a")["class"] == ["ex-related"]
