"""Diagrams in the real built site: inline SVG figures, accessible, no diagram JavaScript."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from explainer.diagrams.svg import PLAIN
from support.site import ROOT, article, html_path, nav_pages, parse

# Where the four diagrams of the issue live (page -> how many at least).
EXPECTED = {"index.md": 2, "social-credit-codes.md": 1, "blacklists.md": 1}
SEGMENTS = ["authority", "category", "division", "orgcode", "check"]


def _figures(built_site, src):
    return article(parse(html_path(built_site, src))).select("figure.ex-diagram")


@pytest.mark.parametrize("src", sorted(EXPECTED))
def test_each_diagram_is_an_accessible_inline_svg_figure(built_site, src):
    figures = _figures(built_site, src)
    assert len(figures) >= EXPECTED[src], f"{src}: expected {EXPECTED[src]} diagram(s), found {len(figures)}"
    for figure in figures:
        svgs = figure.find_all("svg")
        assert len(svgs) == 1 and svgs[0].find_parent("figure") is figure
        svg = svgs[0]
        assert svg.get("role") == "img"
        title = svg.find("title", id=svg.get("aria-labelledby"))
        assert title is not None and title.get_text(strip=True), "the SVG needs an accessible name"
        described = figure.find(id=svg.get("aria-describedby"))
        assert described is not None and len(described.get_text(" ", strip=True)) > 80
        caption = figure.find("figcaption")
        assert caption is not None and caption is figure.find_all(recursive=False)[0]  # before the SVG (text browsers)
        shown = caption.select_one(".ex-diagram__title").get_text(" ", strip=True)
        assert title.get_text(strip=True).split()[0] in shown
        details = caption.find("details")
        assert details.summary.get_text(strip=True) == "Text version of this diagram"
        body = details.select_one(".ex-diagram__text-body")
        assert body is described, "the SVG's description is the text version"
        if not body.select("sup.ex-cite a.ex-cite__link"):
            # Or it points at the cited list right after the figure (the timeline does).
            following = figure.find_next_sibling()
            assert "list right below" in body.get_text(" "), "the text version cites its sources"
            assert following.name in ("ul", "ol") and following.select("sup.ex-cite a.ex-cite__link")
        assert svg.find("style") is None
        # No colour of Mermaid's: only the plain defaults that diagrams.css overrides.
        colours = {el.get(a) for a in ("fill", "stroke", "color") for el in svg.find_all(attrs={a: True})}
        assert colours <= {*PLAIN.values(), "none"}, colours


def test_no_page_loads_or_triggers_mermaid(built_site):
    for src in nav_pages():
        soup = parse(html_path(built_site, src))
        for script in soup.find_all("script"):
            assert "mermaid" not in (script.get("src") or "").lower(), src
            assert "mermaid" not in (script.string or "").lower(), src
        # Material fetches Mermaid from a CDN when it finds class="mermaid".
        assert not soup.select(".mermaid"), src
        assert "<!-- diagram:" not in str(soup), f"{src} still has a diagram marker"


@pytest.mark.parametrize("src", sorted(EXPECTED))
def test_diagram_ids_are_unique_on_the_page_and_references_resolve(built_site, src):
    soup = parse(html_path(built_site, src))
    counts = Counter(tag["id"] for tag in soup.find_all(id=True))
    for figure in soup.select("figure.ex-diagram"):
        svg = figure.find("svg")
        own = {tag["id"] for tag in svg.find_all(id=True)} | {svg["id"]}
        for tag_id in own | {figure["id"]}:
            assert counts[tag_id] == 1, f"{src}: id {tag_id!r} appears {counts[tag_id]} times"
        markup = str(svg)
        for ref in re.findall(r"url\(#([^)]+)\)", markup) + re.findall(r'href="#([^"]+)"', markup):
            assert ref in own, f"{src}: {ref!r} points outside its own diagram"
        assert figure["aria-labelledby"] in {tag.get("id") for tag in figure.find_all(id=True)}


def test_code_anatomy_uses_the_checker_segment_classes(built_site):
    figure = _figures(built_site, "social-credit-codes.md")[0]
    text = figure.find("svg").get_text(" ")
    for part in ["9", "1", "350100", "M000100Y4", "3"]:
        assert part in text
    for segment in SEGMENTS:
        assert figure.select(f"svg g.node.uscc-seg-{segment}"), segment
    css = (ROOT / "overrides/assets/stylesheets/uscc.css").read_text(encoding="utf-8")
    for segment in SEGMENTS:
        assert f".uscc-seg-{segment}" in css  # the colours the diagram reuses


def test_timeline_shows_every_year_of_the_list_below_it(built_site):
    soup = parse(html_path(built_site, "index.md"))
    heading = soup.find(id="timeline")
    figure = heading.find_next("figure", class_="ex-diagram")
    listing = figure.find_next_sibling("ul")
    years = [item.strong.get_text(strip=True) for item in listing.find_all("li", recursive=False)]
    assert years[0] == "2013" and years[-1] == "2025"
    shown = figure.find("svg").get_text(" ")
    for year in years:
        assert year in shown, year
    assert len(figure.select("svg g.node")) == len(years)


def test_captions_are_markdown_so_the_glossary_sees_them(built_site):
    if not (built_site / "glossary" / "index.html").exists():
        pytest.skip("no glossary in this build")
    figure = _figures(built_site, "blacklists.md")[0]
    # "judgment-defaulter list" is a glossary term; the linker only sees element-tree text.
    assert figure.select("figcaption .ex-diagram__title [data-term]")
