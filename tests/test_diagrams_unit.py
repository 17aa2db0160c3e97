"""Unit tests of the diagram pipeline: reading fences, titles and text alternatives,
finishing the renderer's SVG (theming, ids, accessibility), the render cache."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.diagrams import renderer as diagrams
from explainer.diagrams.svg import PLAIN, finish_svg, svg_ids
from explainer.diagrams.markdown import (DiagramExtension, Prepared, file_line, find_diagram_fences, id_prefix,
                                   parse_diagram, plain_text)
from explainer.core.errors import ContentError

SVG = "{http://www.w3.org/2000/svg}"

SOURCE = """flowchart TB
  accTitle: Two things [@mit]
  accDescr {
    First *thing* and second.[@mit; @pkn]

    - A list item.
  }
  a["One"] --> b["Two"]
"""

# A renderer output in Mermaid's shape: its own <style>, colours, shared ids, a dozen markers.
RAW = """<svg id="my-svg" width="100%" xmlns="http://www.w3.org/2000/svg" class="flowchart" \
style="max-width: 200.5px; background-color: transparent;" viewBox="0 0 200.123456 120" \
role="graphics-document document" aria-roledescription="flowchart-v2" aria-labelledby="chart-title-my-svg">\
<title id="chart-title-my-svg">x</title><style>#my-svg{fill:#333;}</style><g>\
<marker id="my-svg_flowchart-v2-pointEnd" class="marker"><path d="M 0 0 L 10 5 z" class="arrowMarkerPath" \
style="stroke-width: 1;"/></marker><marker id="my-svg_flowchart-v2-unused" class="marker"><path d="M0 0"/></marker>\
<g class="root"><path d="M1.234567,2L3,4" id="my-svg-L_a_b_0" class="flowchart-link" style=";" data-points="abc" \
marker-end="url(#my-svg_flowchart-v2-pointEnd)"/>\
<g class="node default" id="my-svg-flowchart-a-0" data-look="classic"><rect class="basic label-container" \
style="fill:#f9f;stroke:#333" x="-10" y="-5" width="20" height="10"/><g class="label"><rect/>\
<foreignObject width="20" height="24"><div xmlns="http://www.w3.org/1999/xhtml" style="display: table-cell; \
white-space: nowrap; line-height: 1.5; max-width: 200px; text-align: center; color: red;">\
<span class="nodeLabel"><p>One<br/>line</p></span><span class="edgeLabel"></span></div></foreignObject></g></g>\
</g></g><filter id="my-svg-drop-shadow"/></svg>"""


def test_title_and_block_description_are_read():
    diagram = parse_diagram(SOURCE, "docs/x.md", 10)
    assert diagram.title == "Two things [@mit]"
    assert diagram.description.startswith("First *thing* and second.[@mit; @pkn]")
    assert "- A list item." in diagram.description
    assert diagram.plain_title == "Two things"
    assert diagram.plain_description == "First thing and second. A list item."
    assert "[@" not in diagram.render_source and "accTitle: Two things\n" in diagram.render_source


def test_one_line_description_is_read():
    diagram = parse_diagram("flowchart TB\n accTitle: T\n accDescr: All of it.\n a --> b\n")
    assert (diagram.title, diagram.description) == ("T", "All of it.")


@pytest.mark.parametrize("source, problem", [
    ("flowchart TB\n  accDescr: d\n  a --> b\n", "no title (accTitle)"),
    ("flowchart TB\n  accTitle: t\n  a --> b\n", "no text alternative (accDescr)"),
    ("flowchart TB\n  accTitle:   \n  accDescr: d\n", "no title (accTitle)"),
    ("flowchart TB\n  accTitle: t\n  accDescr {\n  \n  }\n", "no text alternative (accDescr)"),
])
def test_missing_title_or_alternative_names_file_and_line(source, problem):
    with pytest.raises(ContentError) as caught:
        parse_diagram(source, "docs/page.md", 42)
    assert caught.value.path == "docs/page.md" and caught.value.line == 42
    assert problem in str(caught.value) and "—" in str(caught.value)


def test_unclosed_description_block_names_its_line():
    with pytest.raises(ContentError) as caught:
        parse_diagram("flowchart TB\n  accTitle: t\n  accDescr {\n  never closed\n", "docs/p.md", 5)
    assert caught.value.line == 5 + 3 and "never closed" in str(caught.value)


def test_fences_are_found_with_their_lines_and_nested_examples_skipped():
    text = ("# Page\n\n```mermaid\nflowchart TB\n  a --> b\n```\n\n"
            "````markdown\n```mermaid\nflowchart TB\n  c --> d\n```\n````\n\n"
            "!!! note\n\n    ```mermaid\n    flowchart TB\n      e --> f\n    ```\n")
    found = find_diagram_fences(text)
    assert [f.line for f in found] == [3, 17]
    assert found[0].source == "flowchart TB\n  a --> b"
    assert found[1].source == "flowchart TB\n  e --> f"


def test_renderer_lines_map_to_file_lines_past_front_matter():
    plain = parse_diagram("flowchart TB\n accTitle: t\n accDescr: d\n a --> b\n", "p.md", 20)
    assert file_line(plain, 4) == 24 and file_line(plain, None) == 20 and file_line(plain, 99) == 20
    fronted = parse_diagram("---\nconfig:\n  flowchart:\n    rankSpacing: 9\n---\nflowchart TB\n accTitle: t\n"
                            " accDescr: d\n a --> b\n", "p.md", 20)
    assert file_line(fronted, 4) == 20 + 5 + 4


def test_plain_text_drops_markup_and_citations():
    assert plain_text("A [link](x.md) and **bold** `code`.[@a; @b]\n- item") == "A link and bold code. item"


def test_finished_svg_is_themeable_accessible_and_prefixed():
    out = finish_svg(RAW, "dgm-1234", "The title", "The description")
    root = etree.fromstring(out)
    assert root.get("role") == "img" and root.get("id") == "dgm-1234"
    assert root.get("aria-labelledby") == "dgm-1234-title" and root.get("aria-describedby") == "dgm-1234-desc"
    assert root.find(f"{SVG}title").text == "The title" and root.find(f"{SVG}desc").text == "The description"
    assert root.get("width") == "200.12" and root.get("viewBox") == "0 0 200.1 120"
    assert "<style" not in out and "fill:" not in out and "stroke:" not in out and "color: red" not in out
    assert not re.search(r'\sdata-[a-z-]+="', out)
    # Mermaid's colours are gone; the only ones left are the plain defaults for a page
    # without diagrams.css (which overrides them).
    colours = set(re.findall(r'\s(?:fill|stroke|color)="([^"]*)"', out))
    assert colours and colours <= {*PLAIN.values(), "none"}
    assert "max-width" not in out and "line-height" not in out  # diagrams.css sets these
    ids = svg_ids(out)
    assert sorted(ids) == ["dgm-1234", "dgm-1234-desc", "dgm-1234-title", "dgm-1234_flowchart-v2-pointEnd"]
    assert "my-svg" not in out
    assert 'marker-end="url(#dgm-1234_flowchart-v2-pointEnd)"' in out
    assert "unused" not in out and "drop-shadow" not in out  # unreferenced definitions go
    assert "1.234567" not in out and "M1.2,2" in out
    assert 'class="node"' in out and "label-container" not in out and "edge-pattern-solid" not in out


def test_text_version_outside_can_be_the_description():
    out = finish_svg(RAW, "dgm-1", "T", described_by="dgm-1-text")
    root = etree.fromstring(out)
    assert root.find(f"{SVG}desc") is None and root.get("aria-describedby") == "dgm-1-text"


def test_html_labels_stay_html_when_inline():
    out = finish_svg(RAW, "dgm-1", "t", "d")
    assert "xmlns:html" not in out and "html:" not in out and "<div>" in out
    assert '<span class="edgeLabel"></span>' in out  # never <span/> (HTML would swallow what follows)
    soup = BeautifulSoup(f"<body>{out}<p id='after'>after</p></body>", "html5lib")
    assert soup.find("p", id="after").parent.name == "body"
    assert soup.select_one("foreignObject .nodeLabel").get_text() == "Oneline"
    assert not soup.select("foreignObject p")  # a label is not a body paragraph


def test_finishing_is_deterministic():
    assert finish_svg(RAW, "dgm-1", "t", "d") == finish_svg(RAW, "dgm-1", "t", "d")


def test_id_prefix_depends_on_source_and_occurrence_only():
    assert id_prefix("flowchart TB\n a-->b", 1) == id_prefix("flowchart TB\n a-->b\n", 1)
    assert id_prefix("flowchart TB\n a-->b", 1) != id_prefix("flowchart TB\n a-->b", 2)
    assert id_prefix("flowchart TB\n a-->b", 1) != id_prefix("flowchart TB\n a-->c", 1)
    assert re.fullmatch(r"dgm-[0-9a-f]{8}", id_prefix("x", 1))


def test_cache_hits_on_the_same_source_and_misses_on_a_new_renderer(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(diagrams, "render", lambda source: calls.append(source) or f"<svg>{len(calls)}</svg>")
    assert diagrams.render_cached("a", tmp_path) == ("<svg>1</svg>", False)
    assert diagrams.render_cached("a", tmp_path) == ("<svg>1</svg>", True)
    assert diagrams.render_cached("b", tmp_path) == ("<svg>2</svg>", False)
    monkeypatch.setattr(diagrams, "RENDERER", "mermaidx 99")
    assert diagrams.render_cached("a", tmp_path) == ("<svg>3</svg>", False)
    assert not list(tmp_path.glob(".tmp-*"))


def _convert(text: str) -> str:
    prepared = {}

    def prepare(source):
        diagram = parse_diagram(source, "docs/t.md", 1)
        return prepared.setdefault(source, Prepared(diagram, RAW))

    def raise_error(err):
        raise err

    extension = DiagramExtension(prepare, raise_error)
    return markdown.markdown(text, extensions=["md_in_html", extension, "pymdownx.superfences"],
                             extension_configs={"pymdownx.superfences": {"custom_fences": [extension.custom_fence()]}})


def test_fence_becomes_a_figure_with_markdown_caption_and_text_version():
    html = _convert(f"Before.\n\n```mermaid\n{SOURCE}```\n\nAfter.\n")
    soup = BeautifulSoup(html, "html5lib")
    figure = soup.select_one("figure.ex-diagram")
    assert figure is not None and figure.find("svg")["role"] == "img"
    assert figure.select_one(".ex-diagram__canvas > svg") is not None
    caption = figure.find("figcaption")
    assert caption is figure.find_all(recursive=False)[0]  # before the SVG (text browsers)
    assert caption.select_one(".ex-diagram__title").get_text() == "Two things [@mit]"  # no citation extension here
    details = caption.find("details")
    assert details.summary.get_text() == "Text version of this diagram"
    assert details.find("em").get_text() == "thing"  # Markdown in the text version
    assert details.find("li").get_text() == "A list item."
    assert figure["aria-labelledby"] == caption.select_one(".ex-diagram__title")["id"]
    assert figure.find("svg")["aria-describedby"] == details.select_one(".ex-diagram__text-body")["id"]
    assert "mermaid" not in " ".join(" ".join(tag.get("class", [])) for tag in soup.find_all(True))
    assert [p.get_text() for p in soup.find_all("p", recursive=True) if p.get_text() in ("Before.", "After.")] == [
        "Before.", "After."]


def test_two_copies_of_one_diagram_get_distinct_ids():
    html = _convert(f"```mermaid\n{SOURCE}```\n\n```mermaid\n{SOURCE}```\n")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and len(BeautifulSoup(html, "html5lib").select("figure svg")) == 2


def test_real_renderer_is_deterministic_and_reports_syntax_errors():
    source = "flowchart LR\n  accTitle: t\n  accDescr: d\n  a[One] --> b[Two]\n"
    first = diagrams.render(source)
    assert first == diagrams.render(source)
    assert "<svg" in first and "One" in first
    with pytest.raises(diagrams.DiagramSyntaxError) as caught:
        diagrams.render("flowchart TB\n  a --> b\n  c --> d((x]\n")
    assert caught.value.line == 3 and "Parse error" in caught.value.message


WRAPPED = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><g class="label">'
           '<foreignObject width="220.04" height="48"><div xmlns="http://www.w3.org/1999/xhtml" '
           'style="display: table; white-space: break-spaces; width: 220px; line-height: 1.5;">'
           '<span class="nodeLabel">A long label</span></div></foreignObject>'
           '<foreignObject width="180" height="48"><div xmlns="http://www.w3.org/1999/xhtml" '
           'style="display: table; white-space: break-spaces; width: 150px;">'
           '<span class="nodeLabel">Narrower than its box</span></div></foreignObject></g></svg>')


def test_a_wrapped_label_as_wide_as_its_box_gets_a_class_not_a_style_attribute():
    """The pages' Content-Security-Policy allows a style attribute only by its hash: the usual
    wrapped label needs none (diagrams.css .ex-wrap); an unusual one keeps its style."""
    labels = BeautifulSoup(finish_svg(WRAPPED, "dgm-1", "t", "d"), "html5lib").find_all("div")
    assert labels[0].get("class") == ["ex-wrap"] and labels[0].get("style") is None
    assert labels[1].get("class") is None
    assert labels[1]["style"] == "display: table; white-space: break-spaces; width: 150px"
