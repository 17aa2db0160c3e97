"""Unit tests of explainer.single_page: one document from many pages, with working links."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

from explainer.offline.single_page import Chapter, Heading, combine, page_key, reading_order  # noqa: E402

H = Heading


def _doc(chapters, **kwargs):
    edition = combine(chapters, title="Whole", **kwargs)
    return edition, BeautifulSoup(edition.html, "html5lib")


def _ids(doc) -> list[str]:
    return [tag["id"] for tag in doc.find_all(id=True)]


def _assert_links_resolve(doc) -> None:
    ids = set(_ids(doc))
    for link in doc.find_all(href=True):
        if link["href"].startswith("#"):
            assert link["href"][1:] in ids, link


def test_page_keys():
    assert page_key("index.html") == "index"
    assert page_key("sesame-credit.html") == "sesame-credit"
    assert page_key("guide/intro.html") == "guide-intro"
    assert page_key("guide/index.html") == "guide"


def test_reading_order_moves_reference_pages_last():
    urls = ["index.html", "a.html", "sources.html", "about.html", "glossary.html"]
    assert reading_order(urls, ["glossary.html", "sources.html"]) == [
        "index.html", "a.html", "about.html", "glossary.html", "sources.html"]
    assert reading_order(["index.html"], ["glossary.html"]) == ["index.html"]


def test_sections_in_order_with_a_written_out_table_of_contents():
    chapters = [
        Chapter("index.html", "Home", '<h1 id="top">Home</h1><h2 id="why">Why</h2>',
                (H(1, "top", "Home", (H(2, "why", "Why &amp; how"),)),)),
        Chapter("b.html", "Bee", '<h1 id="top">Bee</h1><h2 id="what">What</h2>',
                (H(1, "top", "Bee", (H(2, "what", "What"),)),)),
    ]
    edition, doc = _doc(chapters)
    sections = doc.select("section.ex-single__page")
    assert [s["id"] for s in sections] == ["page--index", "page--b"]
    assert doc.select_one("h1#single-page").get_text() == "Whole"
    toc = doc.select(".ex-single__contents a")
    assert [(a["href"], a.get_text()) for a in toc] == [
        ("#index--top", "Home"), ("#why", "Why & how"), ("#b--top", "Bee"), ("#what", "What")]
    assert [h.id for h in edition.toc] == ["index--top", "b--top"]
    assert [c.id for c in edition.toc[0].children] == ["why"]
    assert not [i for i, n in Counter(_ids(doc)).items() if n > 1]
    _assert_links_resolve(doc)


def test_ids_used_by_several_pages_are_renamed_with_their_references():
    one = ('<h2 id="x">X</h2><p><a href="#x">self</a> <a href="b.html#x">b</a> <a href="b.html">bee</a>'
           '<label for="x">l</label><span aria-describedby="x other">d</span><span id="other"></span></p>')
    two = '<h2 id="x">Other X</h2><p><a href="index.html#x">back</a> <a href="index.html#other">o</a></p>'
    edition, doc = _doc([Chapter("index.html", "A", one), Chapter("b.html", "B", two)])
    assert edition.renamed == {"index.html": {"x": "index--x"}, "b.html": {"x": "b--x"}}
    first, second = doc.select("section.ex-single__page")
    assert [a["href"] for a in first.find_all("a")] == ["#index--x", "#b--x", "#page--b"]
    assert first.find("label")["for"] == "index--x"
    assert first.find("span")["aria-describedby"] == "index--x other"
    assert [a["href"] for a in second.find_all("a")] == ["#index--x", "#other"]
    _assert_links_resolve(doc)


def test_reserved_ids_are_renamed_even_on_one_page():
    edition, doc = _doc([Chapter("index.html", "A", '<h2 id="contents">C</h2><a href="#contents">c</a>')])
    assert edition.renamed == {"index.html": {"contents": "index--contents"}}
    assert Counter(_ids(doc))["contents"] == 1
    _assert_links_resolve(doc)


def test_svg_references_and_inline_styles_follow_renamed_ids():
    svg = ('<svg viewBox="0 0 10 10"><style>#m path{fill:#fff} #mx{}</style><defs><marker id="m"/></defs>'
           '<path marker-end="url(#m)" style="clip-path:url(\'#m\')"/><use xlink:href="#m"/></svg>')
    _, doc = _doc([Chapter("index.html", "A", svg), Chapter("b.html", "B", svg.replace("10 10", "20 20"))])
    first = doc.select("section.ex-single__page")[0]
    text = str(first)
    assert 'id="index--m"' in text and 'url(#index--m)' in text and "url('#index--m')" in text
    assert "#index--m path{fill:#fff} #mx{}" in text
    assert first.find("use")["xlink:href"] == "#index--m"
    assert 'viewBox="0 0 10 10"' in text, "attribute case kept"


def test_hidden_texts_repeated_on_several_pages_are_kept_once_under_their_own_id():
    defs = '<div class="defs" hidden><span id="def-a">A means a</span></div>'
    one = f'<p><a href="g.html#a" aria-describedby="def-a">a</a></p>{defs}'
    two = f'<p><a aria-describedby="def-a">a again</a></p>{defs}'
    _, doc = _doc([Chapter("index.html", "A", one), Chapter("b.html", "B", two)])
    assert _ids(doc).count("def-a") == 1
    assert [a["aria-describedby"] for a in doc.find_all("a", attrs={"aria-describedby": True})] == ["def-a"] * 2
    assert len(doc.select("div.defs")) == 2 and not doc.select("div.defs")[1].find("span")


def test_visible_repeats_are_not_dropped_but_renamed():
    box = '<div id="note">Same words</div>'
    _, doc = _doc([Chapter("index.html", "A", box), Chapter("b.html", "B", box)])
    assert sorted(_ids(doc)) == sorted(["b--note", "contents", "index--note", "page--b", "page--index",
                                        "single-page"])


def test_omitted_sections_go_with_their_content():
    page = ('<h1 id="t">T</h1><p>Body</p><h2 id="page-sources">Sources on this page</h2><ol><li id="ref-1">'
            'A</li></ol><h2 id="after">After</h2><p>Kept</p>')
    last = '<div><h2 id="page-sources">S</h2><p>gone</p></div><p>tail</p>'
    _, doc = _doc([Chapter("index.html", "A", page, (H(1, "t", "T", (H(2, "page-sources", "S"), H(2, "after", "After"))),)),
                   Chapter("b.html", "B", last)], omit={"page-sources"})
    text = doc.get_text(" ")
    assert "Sources on this page" not in text and "gone" not in text and "ref-1" not in _ids(doc)
    assert "Kept" in text and "tail" in text and "Body" in text
    assert [a["href"] for a in doc.select(".ex-single__contents a")] == ["#t", "#after", "#page--b"]


def test_links_to_files_are_rebased_and_external_links_kept():
    page = ('<img src="../assets/a.png" srcset="../assets/a.png 1x, ../assets/a2.png 2x">'
            '<a href="../downloads/x.zip">zip</a><a href="https://example.org/#x">ext</a>'
            '<a href="mailto:a@example.org">mail</a><a href="../index.html#top">home</a>'
            '<a href="./">here</a><a href="../other.html?x=1">query</a>')
    chapters = [Chapter("index.html", "Home", '<h1 id="top">Home</h1>'),
                Chapter("guide/b.html", "B", page), Chapter("guide/index.html", "G", "<p>g</p>")]
    _, doc = _doc(chapters)
    section = doc.select_one("#page--guide-b")
    assert section.find("img")["src"] == "assets/a.png"
    assert section.find("img")["srcset"] == "assets/a.png 1x, assets/a2.png 2x"
    assert [a["href"] for a in section.find_all("a")] == [
        "downloads/x.zip", "https://example.org/#x", "mailto:a@example.org", "#top", "#page--guide",
        "other.html?x=1"]


def test_unchanged_markup_is_kept_byte_for_byte():
    page = ('<p class=\'x\' data-a="1 &amp; 2">Text &amp; <b>bold</b> &#169;<br>\n<!-- note -->'
            '<script>if (a < b && c > d) {}</script><a title="a > b" href="https://example.org">x</a></p>')
    edition = combine([Chapter("index.html", "A", page)], title="T")
    assert page in edition.html


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "top", "contents", "page--index"]),
                         min_size=1, max_size=4, unique=True), min_size=1, max_size=4))
def test_every_id_is_unique_and_every_anchor_resolves(pages):
    chapters = []
    for number, ids in enumerate(pages):
        url = "index.html" if number == 0 else f"p{number}.html"
        body = "".join(f'<h2 id="{i}">{url} {i}</h2><a href="#{i}">s</a><a href="index.html#{pages[0][0]}">h</a>'
                       for i in ids)
        chapters.append(Chapter(url, url, body))
    _, doc = _doc(chapters)
    counts = Counter(_ids(doc))
    assert not [i for i, n in counts.items() if n > 1], counts
    _assert_links_resolve(doc)
