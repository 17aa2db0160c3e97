"""Python-Markdown extension that renders ``[@id]`` citations.

Kept apart from ``sources.py`` (which knows nothing of Markdown) so the registry
logic can be tested and reused on its own. ``CitationIndex`` carries the state of
the build; ``sources_link`` gives the Markdown link target of the sources page as
seen from the page being rendered (MkDocs then turns it into a URL).
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from explainer.sources import quotations
from explainer.sources.registry import CITATION_RE, CitationIndex, Source, source_anchor, split_ids

REFERENCES_ID = "page-sources"


PENDING = "data-ex-source"
# The stored passages that hold the quotations of the citation's sentence, as JSON for the
# tooltip (glossary.js): [{"text", "lang", "translation", "by"}]. The sources page lists
# them too, for readers without JavaScript (the citation links there).
PASSAGES = "data-ex-passages"


def passages_json(source: Source, quotes: list[str]) -> str:
    items = [{"text": quotations.one_line(p.text), "lang": source.language,
              "translation": quotations.one_line(p.translation), "by": p.translator}
             for p in source.passages_holding(quotes)]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else ""


class _CitationPattern(InlineProcessor):
    """Turn "[@a; @b]" into links; numbers are given later, in document order."""

    def __init__(self, ext: CitationExtension):
        super().__init__(CITATION_RE.pattern)
        self.ext = ext

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown API)
        sup = etree.Element("sup", {"class": "ex-cite"})
        sentence = quotations.sentence_at(data, m.start(0))  # data: the whole block, as written
        quotes = [quote.text for quote in sentence.quotes] if sentence else []
        # No separator between the links: text browsers break lines after a link, so one
        # started a line with ",[17]"; the comma is drawn by CSS (explainer.css).
        for source_id in split_ids(m.group(1)):
            source = self.ext.index.sources[source_id]  # ids were checked before rendering
            link = etree.SubElement(sup, "a", {
                "class": "ex-cite__link",
                PENDING: source_id,
                "href": f"{self.ext.sources_link()}#{source_anchor(source_id)}",
                "title": source.tooltip(),
            })
            passages = passages_json(source, quotes) if quotes else ""
            if passages:
                link.set(PASSAGES, passages)
        return sup, m.start(0), m.end(0)


class _NumberCitations(Treeprocessor):
    """Number citations in reading order (blocks such as md_in_html are parsed out of order)."""

    def __init__(self, md, ext: CitationExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        for link in root.iter("a"):
            source_id = link.attrib.pop(PENDING, None)
            if source_id is None:
                continue
            record = self.ext.index.cite(source_id)
            link.set("id", record.anchor)
            link.text = f"[{record.number}]"


class _ReferenceList(Treeprocessor):
    """Append a numbered "Sources" list of everything the page cites."""

    def __init__(self, md, ext: CitationExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        page = self.ext.index.current
        if page is None or not page.numbers or not self.ext.reference_list:
            return
        section = etree.SubElement(root, "section", {"class": "ex-references", "aria-labelledby": REFERENCES_ID})
        heading = etree.SubElement(section, "h2", {"id": REFERENCES_ID})
        heading.text = "Sources on this page"
        listing = etree.SubElement(section, "ol")
        for source_id, number in sorted(page.numbers.items(), key=lambda item: item[1]):
            _reference_item(listing, self.ext.index.sources[source_id], number, self.ext.sources_link())


def _reference_item(listing, source: Source, number: int, sources_link: str) -> None:
    item = etree.SubElement(listing, "li", {"value": str(number), "id": f"ref-{number}"})
    item.text = (f"{source.author}, {source.publisher}, " if source.author else f"{source.publisher}, ")
    link = etree.SubElement(item, "a", {"href": source.url, "hreflang": source.language, "rel": "noopener"})
    etree.SubElement(link, "cite").text = source.title
    link.tail = "" if source.date == "n.d." else f", {source.date}. "
    if source.date == "n.d.":
        link.tail = ". "
    more = etree.SubElement(item, "a", {"class": "ex-references__more",
                                        "href": f"{sources_link}#{source_anchor(source.id)}"})
    more.text = "About this source"
    hidden = etree.SubElement(more, "span", {"class": "md-visually-hidden"})
    hidden.text = f" ({number})"


class CitationExtension(Extension):
    def __init__(self, index: CitationIndex, sources_link: Callable[[], str], reference_list: bool = True):
        super().__init__()
        self.index = index
        self.sources_link = sources_link
        self.reference_list = reference_list

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown API)
        # Above links (160) so "[@id]" is never read as a reference link.
        md.inlinePatterns.register(_CitationPattern(self), "ex-citation", 175)
        # After inline processing (20), before the table of contents (5) is collected.
        md.treeprocessors.register(_NumberCitations(md, self), "ex-citation-numbers", 11)
        md.treeprocessors.register(_ReferenceList(md, self), "ex-references", 10)
