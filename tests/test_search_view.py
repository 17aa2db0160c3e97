"""What the search plugin reads of a page (explainer.search_view, the explainer/search_view plugin)."""
from __future__ import annotations

import json
import re

import markdown

from explainer.sources.markdown import CitationExtension
from explainer.glossary.terms import Matcher, Usage, load_glossary
from explainer.glossary.markdown import GlossaryExtension
from explainer.search_view.view import restored, search_view
from explainer.sources.registry import CitationIndex, load_sources
from support.site import ROOT

import pytest


@pytest.fixture(scope="module")
def render():
    """Markdown rendered with the site's real glossary and citation extensions."""
    sources = load_sources(ROOT / "data" / "sources.yml", ROOT)
    terms = load_glossary(ROOT / "data" / "glossary.yml", sources, ROOT)

    def convert(text: str) -> str:
        usage = Usage()
        usage.begin_page("page/")
        index = CitationIndex(sources)
        index.begin_page("page/", "A page")
        md = markdown.Markdown(extensions=["attr_list", "md_in_html",
                                           CitationExtension(index, lambda: "sources/", reference_list=False),
                                           GlossaryExtension(Matcher(terms), usage, lambda: "glossary/")])
        return md.convert(text)
    return convert


def test_glossary_links_are_unwrapped_and_citation_marks_dropped(render):
    html = render("Sesame Credit is run by Ant Group.[@wiki-zm; @cbn-17] See [NDRC](x.md).")
    assert html.count('class="ex-term"') == 2 and html.count('class="ex-cite"') == 1
    assert search_view(html) == '<p>Sesame Credit is run by Ant Group. See <a href="x.md">NDRC</a>.</p>'


def test_the_page_comes_back_as_it_was(render):
    html = render("Sesame Credit.[@wiki-zm]")
    shown = search_view(html)
    assert restored(shown, shown, html) == html


def test_the_search_plugins_own_edit_is_kept(render):
    html = render('<div data-search-exclude="x" markdown>\nAnt Group.[@wiki-zm]\n</div>')
    shown = search_view(html)
    searched = shown.replace(' data-search-exclude="x"', "")  # what Material's search does after indexing
    back = restored(searched, shown, html)
    assert back == html.replace(' data-search-exclude="x"', "")
    assert 'class="ex-term"' in back and 'class="ex-cite"' in back


def test_any_other_change_meanwhile_is_reported_not_lost(render):
    html = render("Ant Group.")
    shown = search_view(html)
    assert restored(shown + "<p>added</p>", shown, html) is None


def test_the_search_index_has_the_words_but_no_links_or_citation_marks(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    assert not [loc for loc, text in texts.items() if "ex-term" in text or "ex-cite" in text]
    marks = [loc for loc, text in texts.items() if re.search(r"\[\d+\]", text)]
    assert not marks, f"citation marks in the search text of {marks[:5]}"
    # The words inside references are still there to be found.
    assert any("Sesame Credit" in text and "Ant Group" in text for location, text in texts.items()
               if location.startswith("sesame-credit/"))


def test_the_pages_keep_their_links_and_citations(built_site):
    html = (built_site / "sesame-credit" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="ex-term"') > 10 and html.count('class="ex-cite"') > 10


def test_the_search_index_reads_a_diagrams_text_version_not_its_drawing(built_site):
    """The drawing's labels, read in a row, ran together ("…in factis reallyFour separate
    things…") and repeated the text version beside it; the text version is what is indexed."""
    from bs4 import BeautifulSoup

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    drawings = 0
    for path in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for svg in soup.select("article svg.ex-diagram__svg"):
            drawings += 1
            assert svg.find("svg") is None, f"{path}: a drawing holds another <svg>, which search_view() cuts short"
            labels = [label.get_text(" ", strip=True) for label in svg.select(".nodeLabel")]
            labels = [label for label in labels if label]
            assert len(labels) >= 2, f"{path}: a drawing without labels"
            for first, second in zip(labels, labels[1:]):
                run_together = first + second
                assert not [text for text in texts if run_together in text], f"{path}: {run_together!r} in the index"
            figure = svg.find_parent("figure")
            version = figure.select_one("figcaption details p") if figure else None
            assert version is not None, f"{path}: a diagram without its text version"
            opening = " ".join(version.get_text().split())[:40]
            assert any(opening in text for text in texts), f"{path}: its text version {opening!r} is not indexed"
    assert drawings >= 3
