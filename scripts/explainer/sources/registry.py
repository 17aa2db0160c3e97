"""The sources registry (``data/sources.yml``) and the ``[@id]`` citation syntax.

Pages cite with ``[@source-id]`` or ``[@id-a; @id-b]``. Each citation renders as a
numbered link (numbers count sources in order of first citation on the page) to the
source's entry on the sources page, with the source's details in its ``title``
(shown as a tooltip by glossary.js). The sources page lists each source once, with its
strength, where it was read, its stored passages and back-links to every place that
cites it.

Each source records its ``strength`` (``STRENGTHS``): a citation whose every source is
``weak`` is refused unless marked ``[@about:id]`` (the sentence reports what that source
itself said or did). Direct quotations must lie in a stored passage (``quotations.py``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from explainer.core.datafile import Record, check_fields, check_list, load_yaml
from explainer.core.errors import ContentError
from explainer.core.md_lines import prose_lines
from explainer.sources import quotations
from explainer.sources.syntax import CITATION_RE, Cited, split_ids  # noqa: F401 (re-exported)

REQUIRED = ("id", "title", "publisher", "date", "url", "language", "kind", "strength", "read")
OPTIONAL = ("author", "note", "passages")
KINDS = ("primary", "secondary", "reproduction")
LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
# How much a source can carry, strongest first (what each means: data/sources.yml's header).
STRENGTHS = ("official", "scholarship", "news", "weak")
READ_ORIGINAL = "original"
PASSAGE_FIELDS = ("text", "translation", "translator")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|n\.d\.)$")
URL_RE = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Passage:
    """The source's own words, as read; ``translation`` is English (required for non-en)."""
    text: str
    translation: str = ""
    translator: str = ""   # empty: the site's own translation
    line: int = 0

    def holds(self, quotation: str) -> bool:
        return quotations.found_in(quotation, self.text) or (
            bool(self.translation) and quotations.found_in(quotation, self.translation))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    language: str
    kind: str
    strength: str
    read: str                     # "original" or the address of the copy that was read
    author: str = ""
    note: str = ""
    passages: tuple[Passage, ...] = ()
    line: int = 0

    @property
    def weak(self) -> bool:
        return self.strength == "weak"

    def passages_holding(self, quotes: list[str]) -> list[Passage]:
        """The stored passages that hold at least one of *quotes*."""
        return [p for p in self.passages if any(p.holds(q) for q in quotes)]

    def tooltip(self) -> str:
        """Plain text shown on hover and focus of a citation."""
        who = f"{self.author}, {self.publisher}" if self.author else self.publisher
        when = "" if self.date == "n.d." else f" ({self.date})"
        return f"{who}: {self.title}{when}"


def load_sources(path: str | Path, root: str | Path | None = None) -> dict[str, Source]:
    """Load and check the registry; raise ``ContentError`` naming file and line."""
    data = load_yaml(path, root)
    shown = getattr(data[0], "path", str(path)) if isinstance(data, list) and data else str(path)
    sources: dict[str, Source] = {}
    for record in check_list(data, shown, "sources"):
        source = _source_from(record)
        if source.id in sources:
            raise record.error(f"duplicate source id {source.id!r} (first defined on line "
                               f"{sources[source.id].line})", "give each source its own id", key="id")
        sources[source.id] = source
    return sources


def _source_from(record: Record) -> Source:
    if isinstance(record, Record) and "via" in record:
        raise record.error("the field 'via' is now 'read'", "rename it to 'read:' (and write 'read: original' "
                           "on sources read at their url)", key="via")
    check_fields(record, REQUIRED, OPTIONAL, what="source")
    for key in record:
        if key != "passages" and not isinstance(record[key], (str, int, float)):
            raise record.error(f"{key} must be text, not a {_type_name(record[key])}",
                               f"write '{key}: \"…\"' on one line", key=key)
    values = {key: str(record[key]).strip() for key in record if key != "passages"}
    if not ID_RE.match(values["id"]):
        raise record.error(f"source id {values['id']!r} is not a short lower-case id",
                           "use lower-case letters, digits and '-', e.g. 'clt-16'", key="id")
    if values["kind"] not in KINDS:
        raise record.error(f"unknown kind {values['kind']!r}", f"use one of: {', '.join(KINDS)}", key="kind")
    if values["language"] not in LANGUAGES:
        raise record.error(f"unknown language {values['language']!r}",
                           f"use one of: {', '.join(LANGUAGES)}", key="language")
    if not DATE_RE.match(values["date"]):
        raise record.error(f"date {values['date']!r} is not YYYY, YYYY-MM, YYYY-MM-DD or n.d.",
                           "quote it, e.g. date: \"2015-01-27\"", key="date")
    if values["strength"] not in STRENGTHS:
        raise record.error(f"unknown strength {values['strength']!r}",
                           f"use one of: {', '.join(STRENGTHS)} (data/sources.yml's header says which is which)",
                           key="strength")
    if not URL_RE.match(values["url"]):
        raise record.error(f"url {values['url']!r} is not an http(s) address",
                           "give the full address starting with https://", key="url")
    if values["read"] != READ_ORIGINAL and not URL_RE.match(values["read"]):
        raise record.error(f"read {values['read']!r} is neither 'original' nor an http(s) address",
                           "write 'read: original' if you read the page at url, else the address of the copy "
                           "you read", key="read")
    passages = _passages_from(record, values["language"])
    return Source(line=record.line, passages=passages, **values)


def _type_name(value) -> str:
    return {list: "list", dict: "mapping", type(None): "empty value"}.get(type(value), type(value).__name__)


def _passages_from(record: Record, language: str) -> tuple[Passage, ...]:
    if "passages" not in record or record["passages"] is None:
        return ()
    items = record["passages"]
    if not isinstance(items, list) or not items:
        raise record.error("passages must be a list of mappings with 'text:'",
                           "write each as '- text: \"…\"' under passages:, or remove passages:",
                           key="passages")
    passages = []
    for item in items:
        if not isinstance(item, Record):
            raise record.error(f"a passage must be a mapping with 'text:', not a {_type_name(item)}",
                               "write it as '- text: \"…\"' (and 'translation: \"…\"' for a non-English "
                               "source)", key="passages")
        check_fields(item, ("text",), ("translation", "translator"), what="passage")
        for key in item:
            if not isinstance(item[key], str):
                raise item.error(f"passage {key} must be text, not a {_type_name(item[key])}",
                                 f"write '{key}: \"…\"' in quotes", key=key)
        if language != "en" and not item.get("translation", "").strip():
            raise item.error(f"the passage of a {LANGUAGE_NAMES.get(language, language)} source has no "
                             "translation", "add 'translation: \"…\"' (English) and, if it is not ours, "
                             "'translator: \"…\"'")
        passages.append(Passage(text=item["text"].strip(), translation=item.get("translation", "").strip(),
                                translator=item.get("translator", "").strip(), line=item.line))
    return tuple(passages)


def find_citations(markdown: str) -> list[tuple[int, list[str]]]:
    """Citations in *markdown* as (line, [ids]), skipping fenced and inline code."""
    found = []
    for number, line in prose_lines(markdown):
        for match in CITATION_RE.finditer(line):
            found.append((number, split_ids(match.group(1))))
    return found


WEAK_FIX = ("cite a stronger source (official, scholarship or news) for this fact, or write "
            "[@about:{id}] if the sentence only reports what this source itself said or did")


def check_citations(markdown: str, sources: dict[str, Source], path: str, line_offset: int = 0) -> None:
    """Raise for the first bad citation in *markdown*: an unknown source id, a citation
    resting only on weak sources, or a quotation no stored passage of its sources holds."""
    for sentence in quotations.sentences(markdown):
        for line, group in sentence.groups:
            for cited in group:
                if cited.id not in sources:
                    hint = _closest(cited.id, sources)
                    raise ContentError(path, line + line_offset, f"unknown source id {cited.id!r} in a citation",
                                       f"add it to data/sources.yml or cite an existing id{hint}")
            support = [sources[c.id] for c in group if not c.about]
            if support and all(source.weak for source in support):
                names = "; ".join(f"@{s.id}" for s in support)
                raise ContentError(path, line + line_offset,
                                   f"the citation [{names}] rests only on weak sources",
                                   WEAK_FIX.format(id=support[0].id))
        _check_quotes(sentence, sources, path, line_offset)


def _check_quotes(sentence, sources: dict[str, Source], path: str, line_offset: int) -> None:
    if not sentence.groups:
        return
    cited = [sources[i] for i in sentence.cited_ids]
    for quote in sentence.quotes:
        if any(p.holds(quote.text) for source in cited for p in source.passages):
            continue
        names = "; ".join(f"@{s.id}" for s in cited)
        first = cited[0].id
        raise ContentError(path, quote.line + line_offset,
                           f"quotation \"{quote.text}\" is not in any stored passage of [{names}]",
                           f"add the passage to data/sources.yml under {first}'s passages, or drop the "
                           "quotation marks if it is not a quotation (‘single curly quotes’ for names and terms)")


def _closest(wanted: str, sources: dict[str, Source]) -> str:
    import difflib
    near = difflib.get_close_matches(wanted, list(sources), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


@dataclass
class CitationRecord:
    """One citation of one source at one place."""
    source_id: str
    page_url: str
    page_title: str
    anchor: str
    number: int


@dataclass
class PageCitations:
    """Numbering of the citations on one page."""
    page_url: str
    page_title: str
    numbers: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def cite(self, source_id: str) -> CitationRecord:
        number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
        self.count += 1
        return CitationRecord(source_id, self.page_url, self.page_title, f"cite-{self.count}", number)


class CitationIndex:
    """Every citation of the build, for numbering and for the sources page's back-links."""

    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.pages: dict[str, list[CitationRecord]] = {}  # page URL -> its citations, in order
        self.current: PageCitations | None = None

    @property
    def records(self) -> list[CitationRecord]:
        return [record for records in self.pages.values() for record in records]

    def begin_page(self, page_url: str, page_title: str) -> PageCitations:
        self.pages[page_url] = []  # replaces a rebuilt page's citations (mkdocs serve)
        self.current = PageCitations(page_url, page_title)
        return self.current

    def cite(self, source_id: str) -> CitationRecord:
        if self.current is None:
            raise RuntimeError("cite() outside a page")
        record = self.current.cite(source_id)
        self.pages[self.current.page_url].append(record)
        return record

    def by_source(self) -> dict[str, list[CitationRecord]]:
        grouped: dict[str, list[CitationRecord]] = {}
        for record in self.records:
            grouped.setdefault(record.source_id, []).append(record)
        return grouped

    def uncited(self) -> list[str]:
        cited = {r.source_id for r in self.records}
        return [source_id for source_id in self.sources if source_id not in cited]


def source_anchor(source_id: str) -> str:
    return f"src-{source_id}"


def render_reference_list(page: PageCitations, sources: dict[str, Source], sources_href: str) -> str:
    """The numbered "Sources on this page" list appended to a page (HTML)."""
    items = []
    for source_id, number in sorted(page.numbers.items(), key=lambda item: item[1]):
        source = sources[source_id]
        items.append(
            f'<li value="{number}" id="ref-{number}">{_source_line(source)} '
            f'<a class="ex-ref__more" href="{sources_href}#{source_anchor(source_id)}">'
            f'details<span class="md-visually-hidden"> of source {number}</span></a></li>')
    return "<ol class=\"ex-references\">" + "".join(items) + "</ol>"


def _source_line(source: Source) -> str:
    who = f"{html.escape(source.author)}, {html.escape(source.publisher)}" if source.author \
        else html.escape(source.publisher)
    when = "" if source.date == "n.d." else f", {html.escape(source.date)}"
    return (f'{who}, <a href="{html.escape(source.url)}" hreflang="{source.language}" rel="noopener">'
            f"<cite>{html.escape(source.title)}</cite></a>{when}.")


KIND_HEADINGS = {
    "primary": ("primary", "Primary sources", "Laws, official documents, standards and their data."),
    "secondary": ("secondary", "Secondary sources", "Reporting, analysis and reference works."),
    "reproduction": ("reproductions", "Reproductions",
                     "Copies or quotations of other works, cited only where the original could not be read."),
}


def render_registry(sources: dict[str, Source]) -> str:
    """Markdown/HTML for the sources page: one entry per source, grouped by kind.

    Each entry carries a ``<!-- backlinks:ID -->`` placeholder, filled once every page
    has been rendered (see ``fill_backlinks``).
    """
    parts = []
    for kind in KINDS:
        chosen = sorted((s for s in sources.values() if s.kind == kind),
                        key=lambda s: (s.publisher.casefold(), s.date, s.title.casefold()))
        if not chosen:
            continue
        anchor, heading, blurb = KIND_HEADINGS[kind]
        parts.append(f"## {heading} {{#{anchor}}}\n\n{blurb}\n")
        parts.append('<dl class="ex-sources">')
        for source in chosen:
            parts.append(_registry_entry(source))
        parts.append("</dl>\n")
    return "\n".join(parts)


STRENGTH_LABELS = {"official": "official text", "scholarship": "scholarship",
                   "news": "news reporting", "weak": "weak source"}


def _registry_entry(source: Source) -> str:
    details = [LANGUAGE_NAMES[source.language], source.kind, STRENGTH_LABELS[source.strength]]
    if source.read == READ_ORIGINAL:
        read = " Read at the original address."
    else:
        read = (f' Read on a copy: <a href="{html.escape(source.read)}" rel="noopener">'
                f"{html.escape(_host(source.read))}</a>.")
    note = f" {html.escape(source.note)}" if source.note else ""
    return (f'<dt id="{source_anchor(source.id)}">{_source_line(source)}</dt>'
            f'<dd><span class="ex-sources__meta">{" · ".join(details)} · id <code>{source.id}</code>'
            f"</span>{read}{note}{render_passages(source)}<!-- backlinks:{source.id} --></dd>")


def passage_anchor(source_id: str, number: int) -> str:
    return f"src-{source_id}-p{number}"


def render_passages(source: Source) -> str:
    """The source's stored passages: the original words, then the English translation.

    One line of HTML (a blank line would end the raw HTML block in Markdown)."""
    if not source.passages:
        return ""
    items = []
    for number, passage in enumerate(source.passages, start=1):
        parts = [f'<blockquote class="ex-passage__text" lang="{source.language}">'
                 f"{_one_line(passage.text)}</blockquote>"]
        if passage.translation:
            by = html.escape(passage.translator) if passage.translator else "our translation"
            parts.append(f'<blockquote class="ex-passage__translation" lang="en">'
                         f"{_one_line(passage.translation)}</blockquote>"
                         f'<p class="ex-passage__by">Translation: {by}.</p>')
        items.append(f'<li class="ex-passage" id="{passage_anchor(source.id, number)}">{"".join(parts)}</li>')
    label = "Passage" if len(items) == 1 else "Passages"
    return (f'<div class="ex-passages"><p class="ex-passages__label">{label} quoted on this site:</p>'
            f'<ul class="ex-passages__list">{"".join(items)}</ul></div>')


def _one_line(text: str) -> str:
    return html.escape(quotations.one_line(text))


def _host(url: str) -> str:
    return re.sub(r"^https?://([^/]+).*$", r"\1", url)


BACKLINK_RE = re.compile(r"<!-- backlinks:([a-z0-9-]+) -->")


def fill_backlinks(page_html: str, index: CitationIndex, href_for) -> str:
    """Replace each back-link placeholder with links to every citation of that source.

    ``href_for(page_url)`` turns a page URL into a link relative to the sources page.
    """
    grouped = index.by_source()

    def replace(match: re.Match) -> str:
        records = grouped.get(match.group(1), [])
        if not records:
            return ""
        pages: dict[str, list[CitationRecord]] = {}
        for record in records:
            pages.setdefault(record.page_url, []).append(record)
        links = []
        for page_url, cites in pages.items():
            marks = " ".join(
                f'<a href="{href_for(page_url)}#{c.anchor}" aria-label="{html.escape(c.page_title)}, '
                f'citation {i}">{i}</a>' for i, c in enumerate(cites, start=1))
            links.append(f"{html.escape(cites[0].page_title)} {marks}")
        return f'<span class="ex-backlinks">Cited on: {"; ".join(links)}.</span>'

    return BACKLINK_RE.sub(replace, page_html)
