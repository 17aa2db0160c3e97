"""Stable anchors: explicit heading ids, aliases for old ids, and the anchors lock.

A link into the explainer (``…/blacklists/#court-list``) must keep working for years.
So every heading carries an explicit, short id written in the source (``{#court-list}``),
never one derived from its text, and ``data/anchors.lock`` lists every published page
address and anchor. The build fails when a locked address or anchor disappears, unless

* the page declares the old id as an alias in its front matter
  (``aliases: {old-id: new-id}`` renders an empty ``<span id="old-id">`` at the start of
  the element ``#new-id``, so the old link lands in the same place), or
  (``aliases: {old-id: other-page.md#new-id}`` for a section that moved to another page:
  a note with a link, followed automatically by ``copylink.js``), or
* a redirect (mkdocs-redirects' ``redirect_maps``) sends the old page to a page that
  still carries every anchor that was locked for it.

Plain functions over Markdown, HTML and text; no MkDocs imports.
"""
from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from explainer.core import disk_cache
from explainer.core.errors import ContentError

LOCK_FILE = "data/anchors.lock"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 40
# toc's slugify is wrapped so that an id the author did not write is recognisable.
AUTO_ID_MARK = "ex-auto-id-"

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATTR_RE = re.compile(r"\{:?\s*([^{}]*?)\s*\}\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_ATTR_ID_RE = re.compile(r"(?:^|\s)#([^\s}]+)")

LOCK_HEADER = """\
# Every published page address and anchor of the site, one a line ("/page/" and "/page/#id").
#
# These links are shared in forum threads and must keep working. The build fails when one of
# them disappears, unless the page declares the old id as an alias in its front matter,
#     aliases: {old-id: new-id}            (same page: an empty anchor at #new-id)
#     aliases: {old-id: other.md#new-id}   (the section moved to another page)
# or a redirect (mkdocs.yml: plugins: redirects: redirect_maps) covers a moved page.
#
# After adding headings or pages, record their anchors with:  make anchors
# (python -m explainer anchors --update). Never delete lines by hand.
"""


# --- Markdown: explicit ids on headings ---------------------------------------------------

@dataclass(frozen=True)
class Heading:
    line: int          # 1-based line in the text that was scanned
    level: int
    text: str          # the heading text without its attribute list
    id: str | None     # the explicit id, or None


def scan_headings(markdown: str) -> list[Heading]:
    """ATX headings of *markdown* with their explicit ``{#id}``, skipping fenced code."""
    found, fence = [], None
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif fence == marker:
                fence = None
            continue
        if fence is not None:
            continue
        match = _ATX_RE.match(line)
        if not match:
            continue
        body = (match.group(2) or "").rstrip()
        body = re.sub(r"\s+#+$", "", body)  # closing hashes
        heading_id = None
        attrs = _ATTR_RE.search(body)
        if attrs:
            id_match = _ATTR_ID_RE.search(attrs.group(1))
            heading_id = id_match.group(1) if id_match else None
            body = body[:attrs.start()].rstrip()
        found.append(Heading(number, len(match.group(1)), body, heading_id))
    return found


def check_id(anchor: str, path: str, line: int | None, what: str = "heading id") -> None:
    if not ID_RE.match(anchor) or len(anchor) > ID_MAX:
        raise ContentError(path, line, f"{what} {anchor!r} is not short lower-case words joined by '-'",
                           f"use at most {ID_MAX} characters of a-z, 0-9 and '-', e.g. 'court-list'")


def check_headings(markdown: str, path: str, line_offset: int = 0) -> list[Heading]:
    """Every heading has a short explicit id, used once on the page; else ``ContentError``."""
    headings = scan_headings(markdown)
    seen: dict[str, int] = {}
    for heading in headings:
        line = heading.line + line_offset
        if heading.id is None:
            raise ContentError(path, line, f"heading {heading.text!r} has no explicit id",
                               "end the heading with a short permanent id, e.g. "
                               f"'{'#' * heading.level} {heading.text} {{#{suggest_id(heading.text)}}}'")
        check_id(heading.id, path, line)
        if heading.id in seen:
            raise ContentError(path, line, f"duplicate id {heading.id!r} (first used on line {seen[heading.id]})",
                               "give each heading on the page its own id")
        seen[heading.id] = line
    return headings


def suggest_id(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    stop = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "is", "are", "not", "what", "how"}
    chosen = [w for w in words if w not in stop][:3] or words[:3] or ["section"]
    return "-".join(chosen)


def line_of(text: str, needle: str, start: int = 1) -> int | None:
    """1-based number of the first line at or after *start* that contains *needle*."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    return None


def marking_slugify(slugify):
    """Wrap toc's slugify so that generated ids start with ``AUTO_ID_MARK``."""
    def slugify_marked(value: str, separator: str) -> str:
        return AUTO_ID_MARK + slugify(value, separator)
    slugify_marked.__name__ = "slugify_marked"
    return slugify_marked


# --- HTML: the ids a page publishes -------------------------------------------------------

@dataclass
class PageIds:
    headings: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    all_ids: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    untagged_headings: list[str] = field(default_factory=list)     # texts of headings with no id

    def published(self) -> set[str]:
        return {anchor for anchor, _ in self.headings} | set(self.aliases)


class _IdCollector(HTMLParser):
    _HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = PageIds()
        self._open: list[list] = []  # [tag, id, text parts, skip depth]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        anchor = attributes.get("id")
        if anchor:
            self.ids.all_ids.append(anchor)
            classes = (attributes.get("class") or "").split()
            if "ex-alias" in classes or "ex-moved" in classes:
                self.ids.aliases.append(anchor)
        if tag in self._HEADINGS:
            self._open.append([tag, anchor, [], 0])
        elif self._open and (tag == "a" and "headerlink" in (attributes.get("class") or "")):
            self._open[-1][3] += 1

    def handle_endtag(self, tag):
        if self._open and tag == "a" and self._open[-1][3]:
            self._open[-1][3] -= 1
            return
        if self._open and tag == self._open[-1][0]:
            _, anchor, parts, _ = self._open.pop()
            text = " ".join("".join(parts).split())
            if anchor:
                self.ids.headings.append((anchor, text))
            else:
                self.ids.untagged_headings.append(text)

    def handle_data(self, data):
        if self._open and not self._open[-1][3]:
            self._open[-1][2].append(data)


_last_collected: dict = {}
# Set by the anchors plugin for a build: a page that is the same as in the last build is not
# parsed again (its ids are read from .cache/anchors).
memo = disk_cache.TextMemo(None, b"")


def use_cache(folder: Path | None) -> None:
    global memo
    memo = disk_cache.TextMemo(folder, disk_cache.source_digest(__file__))


def _parsed_ids(page_html: str) -> dict:
    parser = _IdCollector()
    parser.feed(page_html)
    parser.close()
    return dataclasses.asdict(parser.ids)


def collect_ids(page_html: str) -> PageIds:
    # The corrections plugin, then the anchors plugin (aliases, then the check) ask for the ids of the
    # same page in a row: it is parsed once (each caller gets its own copy).
    if _last_collected.get("html") != page_html:
        _last_collected.update(html=page_html, ids=memo.get(page_html, _parsed_ids))
    ids = _last_collected["ids"]
    return PageIds([(anchor, text) for anchor, text in ids["headings"]], list(ids["all_ids"]),
                   list(ids["aliases"]), list(ids["untagged_headings"]))


def check_page_ids(ids: PageIds, path: str, source: str = "") -> None:
    """Raise for a heading whose id was made up from its text, a heading without id, or a
    duplicate id. *source* is the page's Markdown (to point at the line) when there is one."""
    for anchor, text in ids.headings:
        if anchor.startswith(AUTO_ID_MARK):
            line = line_of(source, text) if source else None
            raise ContentError(path, line, f"heading {text!r} has no explicit id",
                               f"end it with a short permanent id, e.g. {{#{suggest_id(text)}}}"
                               + ("" if line else "; if a plugin generates it, give it an id from its data"))
    for text in ids.untagged_headings:
        raise ContentError(path, line_of(source, text) if source else None,
                           f"HTML heading {text!r} has no id", 'add id="short-id" to it')
    seen: set[str] = set()
    for anchor in ids.all_ids:
        if anchor in seen:
            raise ContentError(path, line_of(source, "#" + anchor) if source else None,
                               f"the id {anchor!r} is used twice on the page",
                               "give each heading, alias and anchor on the page its own id")
        seen.add(anchor)


# --- Aliases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Alias:
    old: str
    target: str        # id on the same page, or "other.md#id"
    line: int | None

    @property
    def page(self) -> str | None:
        return self.target.split("#")[0] if "#" in self.target else None

    @property
    def anchor(self) -> str:
        return self.target.split("#", 1)[1] if "#" in self.target else self.target


def read_aliases(meta_aliases, path: str, source: str = "") -> list[Alias]:
    """The front matter ``aliases`` mapping as ``Alias`` records (checked)."""
    if meta_aliases in (None, {}):
        return []
    start = line_of(source, "aliases:") if source else None
    if not isinstance(meta_aliases, dict):
        raise ContentError(path, start, "aliases must map old ids to new ones",
                           "write e.g. 'aliases: {old-id: new-id}'")
    aliases = []
    for old, target in sorted(meta_aliases.items(), key=lambda item: str(item[0])):
        old, target = str(old), str(target or "")
        line = (line_of(source, old, start or 1) if source else None) or start
        check_id(old, path, line, what="alias")
        anchor = target.split("#", 1)[1] if "#" in target else target
        page = target.split("#")[0] if "#" in target else None
        if not anchor or (page is not None and not page.endswith(".md")):
            raise ContentError(path, line, f"alias {old!r} points to {target!r}",
                               "point it to an id on this page ('new-id') or on another page "
                               "('other-page.md#new-id')")
        aliases.append(Alias(old, target, line))
    return aliases


def insert_aliases(page_html: str, aliases: list[Alias], path: str,
                   moved_href=lambda page, anchor: None, moved_title=lambda page: None) -> str:
    """Render same-page aliases as empty anchors at the start of their target and
    aliases to another page as a note (shown when targeted) linking there."""
    ids = collect_ids(page_html)
    notes = []
    for alias in aliases:
        if alias.old in ids.all_ids:
            raise ContentError(path, alias.line, f"alias {alias.old!r} is still an id on the page",
                               "remove the alias, or rename the element that still uses the id")
        if alias.page is None:
            pattern = re.compile(r'(<[a-zA-Z][a-zA-Z0-9]*\b[^>]*\sid="' + re.escape(alias.anchor) + r'"[^>]*>)')
            match = pattern.search(page_html)
            if not match:
                raise ContentError(path, alias.line,
                                   f"alias {alias.old!r} points to {alias.anchor!r}, which is not an id on the page",
                                   "point it to an existing heading id")
            span = (f'<span id="{alias.old}" class="ex-alias" data-ex-alias-of="{alias.anchor}" '
                    'aria-hidden="true"></span>')
            page_html = page_html[:match.end()] + span + page_html[match.end():]
        else:
            href = moved_href(alias.page, alias.anchor)
            if href is None:
                raise ContentError(path, alias.line, f"alias {alias.old!r} points to {alias.page!r}, "
                                   "which is not a page of the site",
                                   "use the Markdown file name, e.g. 'about.md#scope'")
            title = html.escape(moved_title(alias.page) or alias.page)
            notes.append(f'<p id="{alias.old}" class="ex-moved" data-ex-moved-to="{html.escape(href)}">'
                         f'This section has moved: <a href="{html.escape(href)}">{title}</a>.</p>')
    return page_html + "".join(notes)


# --- Addresses and the lock ---------------------------------------------------------------

def page_address(src_uri: str) -> str:
    """The published (directory-style) address of a Markdown page, from the site root."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return "/" + stem.lstrip("/") if stem not in ("", "/") else "/"


@dataclass
class Lock:
    entries: dict[str, set[str]]        # address -> anchors
    lines: dict[str, int]               # "address" or "address#anchor" -> line in the file
    path: str = LOCK_FILE


def parse_lock(text: str, path: str = LOCK_FILE) -> Lock:
    entries: dict[str, set[str]] = {}
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("/") or " " in line:
            raise ContentError(path, number, f"{line!r} is not an address like '/page/' or '/page/#id'",
                               "regenerate the file with 'make anchors'")
        address, _, anchor = line.partition("#")
        entries.setdefault(address, set())
        if anchor:
            entries[address].add(anchor)
        lines.setdefault(line, number)
    return Lock(entries, lines, path)


def read_lock(path: Path, shown: str = LOCK_FILE) -> Lock | None:
    try:
        return parse_lock(path.read_text(encoding="utf-8"), shown)
    except FileNotFoundError:
        return None


def format_lock(entries: dict[str, set[str]]) -> str:
    out = [LOCK_HEADER]
    for address in sorted(entries):
        out.append(address)
        out.extend(f"{address}#{anchor}" for anchor in sorted(entries[address]))
    return "\n".join(out) + "\n"


def merge_lock(old: dict[str, set[str]], current: dict[str, set[str]], prune: bool = False) -> dict[str, set[str]]:
    """What ``--update`` writes: everything current plus, unless *prune*, everything locked."""
    merged = {address: set(anchors) for address, anchors in current.items()}
    if not prune:
        for address, anchors in old.items():
            merged.setdefault(address, set()).update(anchors)
    return merged


def redirect_addresses(redirect_maps: dict) -> dict[str, str]:
    """mkdocs-redirects' ``redirect_maps`` as old address -> new address (internal only)."""
    result = {}
    for old, new in sorted((redirect_maps or {}).items()):
        new = str(new)
        if re.match(r"^[a-z]+://", new):
            continue
        target = new.split("#")[0]
        result[page_address(str(old))] = page_address(target) if target.endswith(".md") else "/" + target.lstrip("/")
    return result


def check_lock(lock: Lock, current: dict[str, set[str]], redirects: dict[str, str],
               sources: dict[str, str]) -> list[ContentError]:
    """Every locked address and anchor still published; *sources* maps address -> docs file."""
    problems: list[ContentError] = []
    for address in sorted(lock.entries):
        locked = lock.entries[address]
        if address in current:
            missing = sorted(locked - current[address])
            for anchor in missing:
                problems.append(ContentError(
                    lock.path, lock.lines.get(f"{address}#{anchor}"),
                    f"the anchor {address}#{anchor} is gone from {sources.get(address, address)}",
                    f"restore the id, or add 'aliases: {{{anchor}: new-id}}' to the page's front matter "
                    "so old links still land in the right place"))
            continue
        target = redirects.get(address)
        if target is None:
            problems.append(ContentError(
                lock.path, lock.lines.get(address), f"the page {address} is gone",
                "restore it, or redirect it in mkdocs.yml (plugins: - redirects: redirect_maps: "
                "{'old.md': 'new.md'}) to a page that carries its anchors"))
            continue
        if target not in current:
            problems.append(ContentError(
                lock.path, lock.lines.get(address), f"the page {address} redirects to {target}, which does not exist",
                "fix the redirect_maps entry in mkdocs.yml"))
            continue
        for anchor in sorted(locked - current[target]):
            problems.append(ContentError(
                lock.path, lock.lines.get(f"{address}#{anchor}"),
                f"the anchor {address}#{anchor} redirects to {target}, which has no id {anchor!r}",
                f"add 'aliases: {{{anchor}: new-id}}' to the front matter of {sources.get(target, target)}"))
    return problems


def new_entries(lock: Lock, current: dict[str, set[str]]) -> list[str]:
    """Published addresses and anchors that the lock does not list yet."""
    fresh = []
    for address in sorted(current):
        if address not in lock.entries:
            fresh.append(address)
        fresh.extend(f"{address}#{a}" for a in sorted(current[address] - lock.entries.get(address, set())))
    return fresh

