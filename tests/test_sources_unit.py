"""Unit tests of the sources registry, citation syntax and data loading."""
from __future__ import annotations

import textwrap

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.sources.markdown import CitationExtension
from explainer.core.datafile import load_yaml
from explainer.core.errors import ContentError
from explainer.myths.records import load_myths
from explainer.sources.registry import (CitationIndex, check_citations, fill_backlinks, find_citations,
                               load_sources)

ENTRY = """\
- id: {id}
  title: "A title"
  publisher: "A publisher"
  date: "2015-01-27"
  url: "https://example.org/{id}"
  language: en
  kind: primary
  strength: official
  read: original
"""


def registry(tmp_path, text):
    path = tmp_path / "sources.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loads_entries_with_their_lines(tmp_path):
    sources = load_sources(registry(tmp_path, ENTRY.format(id="a") + ENTRY.format(id="b")), tmp_path)
    assert list(sources) == ["a", "b"]
    assert (sources["a"].line, sources["b"].line) == (1, 10)
    assert sources["a"].tooltip() == "A publisher: A title (2015-01-27)"


@pytest.mark.parametrize("change, message", [
    (("kind: primary", "kind: tertiary"), "unknown kind 'tertiary'"),
    (("language: en", "language: fr"), "unknown language 'fr'"),
    (('date: "2015-01-27"', 'date: "27 Jan 2015"'), "is not YYYY"),
    (('url: "https://example.org/a"', 'url: "example.org"'), "not an http(s) address"),
    (("kind: primary", "kind: primary\n  colour: red"), "unknown field 'colour'"),
    (("- id: a", "- id: A B"), "not a short lower-case id"),
    (("  strength: official\n", ""), "missing the required field 'strength'"),
    (("strength: official", "strength: strong"), "unknown strength 'strong' — use one of: official, scholarship"),
    (("strength: official", "strength: [news]"), "unknown strength ['news'] — use one of: official, scholarship, news, weak"),
    (("  read: original\n", ""), "missing the required field 'read'"),
    (("read: original", "read: the library"), "read 'the library' is neither 'original' nor an http(s) address"),
    (("read: original", "via: https://example.org/copy"), "the field 'via' is now 'read' — rename it"),
])
def test_schema_errors_name_the_line(tmp_path, change, message):
    path = registry(tmp_path, ENTRY.format(id="a").replace(*change))
    with pytest.raises(ContentError) as err:
        load_sources(path, tmp_path)
    assert message in str(err.value)
    assert str(err.value).startswith("sources.yml:")


def test_unquoted_date_stays_as_written(tmp_path):
    path = registry(tmp_path, ENTRY.format(id="a").replace('"2015-01-27"', "2015-01-27"))
    assert load_sources(path, tmp_path)["a"].date == "2015-01-27"


def test_duplicate_keys_are_an_error(tmp_path):
    path = registry(tmp_path, ENTRY.format(id="a").replace("kind: primary", "kind: primary\n  kind: primary"))
    with pytest.raises(ContentError, match=r"sources.yml:8: duplicate key 'kind'"):
        load_yaml(path, tmp_path)


def test_find_citations_skips_code_fences():
    text = "A fact.[@a]\n```\n[@not-a-citation]\n```\nTwo.[@b; @c]\n"
    assert find_citations(text) == [(1, ["a"]), (5, ["b", "c"])]


def test_check_citations_reports_line_and_suggestion(tmp_path):
    sources = load_sources(registry(tmp_path, ENTRY.format(id="clt-16")), tmp_path)
    with pytest.raises(ContentError) as err:
        check_citations("ok\n\nText.[@clt-61]", sources, "docs/x.md", line_offset=4)
    assert str(err.value).startswith("docs/x.md:7: unknown source id 'clt-61'")
    assert "did you mean 'clt-16'" in str(err.value)


def test_citations_render_numbered_in_reading_order(tmp_path):
    sources = load_sources(registry(tmp_path, "".join(ENTRY.format(id=i) for i in "abc")), tmp_path)
    index = CitationIndex(sources)
    md = markdown.Markdown(extensions=["md_in_html", CitationExtension(index, lambda: "sources.md")])
    index.begin_page("page/", "Page")
    html = md.convert("First.[@b]\n\n<div markdown>\nSecond.[@a; @b]\n</div>\n\nThird.[@c]\n")
    assert html.index('id="cite-1"') < html.index('id="cite-2"') < html.index('id="cite-4"')
    assert '>[1]</a>' in html and '>[2]</a>' in html and '>[3]</a>' in html
    first = BeautifulSoup(html, "html5lib").find(id="cite-1")
    assert first["href"] == "sources.md#src-b" and first["title"] == "A publisher: A title (2015-01-27)"
    assert index.uncited() == []
    assert [r.number for r in index.records] == [1, 2, 1, 3]  # b, a, b, c
    assert html.count("<li") == 3  # the page's own list of sources


def test_backlinks_point_to_each_citation(tmp_path):
    sources = load_sources(registry(tmp_path, ENTRY.format(id="a")), tmp_path)
    index = CitationIndex(sources)
    index.begin_page("one/", "One")
    index.cite("a")
    index.cite("a")
    filled = fill_backlinks("<dd><!-- backlinks:a --></dd>", index, lambda url: "../" + url)
    assert 'href="../one/#cite-1"' in filled and 'href="../one/#cite-2"' in filled
    assert "One" in filled


def test_myths_need_a_known_verdict_page_and_citation(tmp_path):
    sources = load_sources(registry(tmp_path, ENTRY.format(id="a")), tmp_path)
    myth = ('- id: a-myth\n  claim: "X"\n  verdict: false\n  summary: "S"\n'
            '  why: "Because.[@a]"\n  page: index.md\n')
    path = tmp_path / "myths.yml"
    path.write_text(myth, encoding="utf-8")
    assert load_myths(path, sources, {"index.md"}, tmp_path)[0].verdict == "false"
    path.write_text(myth.replace("[@a]", ""), encoding="utf-8")
    with pytest.raises(ContentError, match="myths.yml:5: the why has no citation"):
        load_myths(path, sources, {"index.md"}, tmp_path)
    path.write_text(myth.replace("index.md", "nowhere.md"), encoding="utf-8")
    with pytest.raises(ContentError, match="is not a page of the site"):
        load_myths(path, sources, {"index.md"}, tmp_path)
