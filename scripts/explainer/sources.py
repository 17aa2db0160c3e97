"""The sources registry (``data/sources.yml``) and the ``[@id]`` citation syntax.

Pages cite with ``[@source-id]`` or ``[@id-a; @id-b]``. Each citation renders as a
numbered link (numbers count sources in order of first citation on the page) to the
source's entry on the sources page, with the source's details in its ``title``
(shown as a tooltip by Material). The sources page lists each source once, with
back-links to every place that cites it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .datafile import Record, check_fields, check_list, load_yaml
from .errors import ContentError
from .md_lines import prose_lines

REQUIRED = ("id", "title", "publisher", "date", "url", "language", "kind")
OPTIONAL = ("author", "via", "note")
KINDS = ("primary", "secondary", "reproduction")
LANGUAGES = ("en", "zh")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|n\.d\.)$")
URL_RE = re.compile(r"^https?://\S+$")

# One citation: "[@id]" or "[@id; @other]". Ids are checked against the registry.
CITATION_RE = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    url: str
    language: str
    kind: str
    author: str = ""
    via: str = ""
    note: str = ""
    line: int = 0

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
    check_fields(record, REQUIRED, OPTIONAL, what="source")
    values = {key: str(record[key]).strip() for key in record}
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
    for key in ("url", "via"):
        if key in values and not URL_RE.match(values[key]):
            raise record.error(f"{key} {values[key]!r} is not an http(s) address",
                               "give the full address starting with https://", key=key)
    return Source(line=record.line, **values)


def find_citations(markdown: str) -> list[tuple[int, list[str]]]:
    """Citations in *markdown* as (line, [ids]), skipping fenced and inline code."""
    found = []
    for number, line in prose_lines(markdown):
        for match in CITATION_RE.finditer(line):
            found.append((number, split_ids(match.group(1))))
    return found


def split_ids(inner: str) -> list[str]:
    return [part.strip().lstrip("@") for part in inner.split(";")]


def check_citations(markdown: str, sources: dict[str, Source], path: str, line_offset: int = 0) -> None:
    """Raise for the first citation of an unknown source id."""
    for line, ids in find_citations(markdown):
        for source_id in ids:
            if source_id not in sources:
                hint = _closest(source_id, sources)
                raise ContentError(path, line + line_offset, f"unknown source id {source_id!r} in a citation",
                                   f"add it to data/sources.yml or cite an existing id{hint}")


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


def _registry_entry(source: Source) -> str:
    language = {"en": "English", "zh": "Chinese"}[source.language]
    details = [f"{language}", source.kind]
    via = (f' Read on a copy: <a href="{html.escape(source.via)}" rel="noopener">'
           f"{html.escape(_host(source.via))}</a>.") if source.via else ""
    note = f" {html.escape(source.note)}" if source.note else ""
    return (f'<dt id="{source_anchor(source.id)}">{_source_line(source)}</dt>'
            f'<dd><span class="ex-sources__meta">{" · ".join(details)} · id <code>{source.id}</code>'
            f"</span>{via}{note}<!-- backlinks:{source.id} --></dd>")


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
