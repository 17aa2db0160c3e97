"""The public corrections log (``data/corrections.yml``): load, check and render.

Each entry says when a section changed, what it said, what it says now and why:

    - date: "2026-12-02"       # YYYY-MM-DD, when the change was published
      page: blacklists.md      # the corrected page (docs-relative)
      anchor: transport-bans   # the heading id of the corrected section on that page
      before: "…"              # the old words (plain text, shown as written)
      after: "…"               # the new words (Markdown, citations allowed)
      why: "…"                 # why (Markdown, citations allowed)

The corrections page lists them newest first, each under a heading with a stable id
(``c-<date>-<anchor>``); the Atom feed (``feed.py``) carries them too. Whether the anchor
exists on its page can only be known once the pages are rendered: ``check_anchors``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from explainer.anchors import ids as anchors
from explainer.core.datafile import Record, check_fields, load_yaml
from explainer.core.errors import ContentError
from explainer.diagrams.markdown import plain_text
from explainer.sources.registry import Source, check_citations

FIELDS = ("date", "page", "anchor", "before", "after", "why")
MARKDOWN_FIELDS = ("after", "why")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class Correction:
    date: str
    page: str
    anchor: str
    before: str
    after: str
    why: str
    path: str = ""
    line: int = 0
    anchor_line: int = 0

    @property
    def id(self) -> str:
        """The entry's permanent id on the corrections page (and in the feed)."""
        return f"c-{self.date}-{self.anchor}"


def check_date(text: str) -> None:
    """``ValueError`` unless *text* is a real date written YYYY-MM-DD."""
    if not DATE_RE.match(text):
        raise ValueError(text)
    datetime.date.fromisoformat(text)


def parse_date(value, record: Record, key: str) -> str:
    """A real YYYY-MM-DD date as a string, else ``ContentError`` at the key's line."""
    text = str(value).strip()
    try:
        check_date(text)
    except ValueError:
        raise record.error(f"{key} {text!r} is not a date written YYYY-MM-DD",
                           f"write it like {key}: \"2026-12-02\"", key=key) from None
    return text


def long_date(date: str) -> str:
    """"2026-12-02" -> "2 December 2026" (the same on every machine: no locale)."""
    year, month, day = (int(part) for part in date.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def load_corrections(path: str | Path, sources: dict[str, Source], pages: set[str],
                     root: str | Path | None = None) -> list[Correction]:
    """Load and check the log; *pages* are the docs-relative Markdown files of the site."""
    data = load_yaml(path, root)
    shown = str(Path(path).relative_to(root)) if root else str(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise ContentError(shown, 1, "expected a list of corrections", "start each entry with '- date: …'")
    corrections: list[Correction] = []
    seen: dict[str, int] = {}
    for record in data:
        correction = _correction_from(record, sources, pages, shown)
        if correction.id in seen:
            raise record.error(f"a second correction of #{correction.anchor} on {correction.date} "
                               f"(the first is on line {seen[correction.id]})",
                               "merge the two into one entry", key="anchor")
        seen[correction.id] = correction.line
        corrections.append(correction)
    return sorted(corrections, key=lambda c: c.date, reverse=True)  # newest first, ties as written


def _correction_from(record, sources: dict[str, Source], pages: set[str], shown: str) -> Correction:
    if not isinstance(record, Record):
        raise ContentError(shown, None, "each correction must be a mapping of fields",
                           "write it as 'date: …', 'page: …' … lines")
    check_fields(record, FIELDS, what="correction")
    for key in FIELDS:
        if key != "date" and not isinstance(record[key], str):
            raise record.error(f"{key} must be text", f"write '{key}: \"…\"' as a string", key=key)
    date = parse_date(record["date"], record, "date")
    page = record["page"].strip()
    if page not in pages:
        raise record.error(f"page {page!r} is not a page of the site",
                           f"use the docs-relative file name, one of: {', '.join(sorted(pages))}", key="page")
    anchor = record["anchor"].strip().lstrip("#")
    anchors.check_id(anchor, record.path, record.line_of("anchor"), what="anchor")
    for key in MARKDOWN_FIELDS:
        check_citations(record[key], sources, record.path, record.text_offset(key))
    return Correction(date=date, page=page, anchor=anchor, before=record["before"].strip(),
                      after=record["after"].strip(), why=record["why"].strip(), path=record.path,
                      line=record.line, anchor_line=record.line_of("anchor"))


def check_anchors(corrections: list[Correction], ids: dict[str, set[str]]) -> None:
    """Every corrected section exists: *ids* maps a page (docs-relative) to the ids on it."""
    for correction in corrections:
        found = ids.get(correction.page, set())
        if correction.anchor not in found:
            headings = ", ".join(sorted(a for a in found if not a.startswith(("cite-", "ref-", "src-"))))
            raise ContentError(correction.path, correction.anchor_line,
                               f"there is no section #{correction.anchor} on {correction.page}",
                               f"use the id of the corrected heading (on that page: {headings or 'none'})")


def front_matter_value(text: str, key: str) -> tuple[str | None, int]:
    """A top-level scalar of a Markdown file's front matter, as written, and its line."""
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not match:
        return None, 0
    for number, line in enumerate(match.group(1).splitlines(), start=2):
        found = re.match(rf"^{re.escape(key)}:\s*(.*?)\s*$", line)
        if found:
            return found.group(1).strip("\"'"), number
    return None, 0


def section_titles(markdown_file: Path) -> tuple[str, dict[str, str]]:
    """The page title (front matter) and its headings' texts by id, read from the file."""
    text = markdown_file.read_text(encoding="utf-8")
    title = front_matter_value(text, "title")[0] or ""
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    body = text[match.end():] if match else text
    headings = {h.id: plain_text(h.text) for h in anchors.scan_headings(body) if h.id}
    return title, headings


def title_of(correction: Correction, page_title: str, headings: dict[str, str]) -> str:
    section = headings.get(correction.anchor)
    return f"{section} ({page_title})" if section and section != page_title else page_title or correction.page


def _escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return re.sub(r"([\\`*_\[\]<>#|{}])", r"\\\1", " ".join(text.split()))


def render_corrections(corrections: list[Correction], link_for, title_for) -> str:
    """Markdown for the corrections page: *link_for(c)* is the Markdown link target of the
    corrected section from that page, *title_for(c)* its title."""
    if not corrections:
        return "No corrections so far.\n"
    parts = []
    for c in corrections:
        parts.append(
            f"## {_escape_markdown(title_for(c))} {{#{c.id} .ex-correction__heading}}\n\n"
            f'Corrected on <time datetime="{c.date}">{long_date(c.date)}</time> ·\n'
            f"[Read the corrected section]({link_for(c)})\n"
            "{.ex-correction__meta}\n\n"
            '<dl class="ex-correction" markdown="block">\n'
            f"<dt>What the page said</dt>\n<dd markdown=\"block\">\n\n"
            f"> {_escape_markdown(plain_text(c.before))}\n\n</dd>\n"
            f"<dt>What it says now</dt>\n<dd markdown=\"block\">\n\n{c.after}\n\n</dd>\n"
            f"<dt>Why</dt>\n<dd markdown=\"block\">\n\n{c.why}\n\n</dd>\n"
            "</dl>\n")
    return "\n".join(parts)
