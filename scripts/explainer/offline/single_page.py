"""The single-page edition: every page of the explainer in one HTML document.

Pure functions over the rendered HTML of each page (no MkDocs imports). Given the
pages in reading order, ``combine`` returns one HTML fragment in which

* each page is a ``<section id="page--KEY">``, preceded by a table of contents
  written out in HTML (it works without JavaScript, in print and on e-readers);
* an id used by more than one page is renamed ``KEY--ID`` on every page that uses
  it, and every reference to it follows (``href="#…"``, ``for``, ``aria-*``,
  ``url(#…)``, ``#…`` in an inline ``<style>``); ids used once keep their name; a
  hidden element that several pages repeat byte for byte (the glossary's tooltip
  texts, which scripts look up by id) is kept once, under its own id;
* links between pages become links inside the document (``blacklists.html#x`` →
  ``#x``); links to files (images, downloads) are rebased on the document's folder;
* sections that would repeat (each page's own "Sources on this page" list) are
  left out: the citations point at the sources, which appear once, at the end.

The HTML is scanned with the standard library's tokenizer and edited in place:
only the attributes that change are rewritten, everything else is kept byte for byte.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

PAGE_PREFIX = "page--"
TITLE_ID = "single-page"
CONTENTS_ID = "contents"
RESERVED_IDS = frozenset({TITLE_ID, CONTENTS_ID})

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Attributes whose value is one or more ids (space separated).
IDREF_ATTRS = frozenset({
    "for", "headers", "list", "form", "popovertarget", "aria-labelledby", "aria-describedby",
    "aria-controls", "aria-owns", "aria-details", "aria-flowto", "aria-activedescendant",
    "aria-errormessage"})
URL_ATTRS = frozenset({"href", "xlink:href", "src", "data", "poster", "action"})
_ATTR_RE = re.compile(r"""(\s)([^\s"'=<>/`]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_URL_REF_RE = re.compile(r"url\(\s*(['\"]?)#([^)'\"\s]+)\1\s*\)")
_CSS_ID_RE = re.compile(r"#(-?[_a-zA-Z][-\w]*)")


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents (``title`` is HTML, as MkDocs gives it)."""
    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """One page: its address from the site root (``blacklists.html``), title, HTML, headings."""
    url: str
    title: str
    html: str
    toc: tuple[Heading, ...] = ()


@dataclass
class Edition:
    html: str                    # the document body: title, contents, one section per page
    toc: list[Heading]           # the same contents, with the ids as renamed
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)  # page url -> {old: new}


def page_key(url: str) -> str:
    """``sesame-credit.html`` → ``sesame-credit``; ``a/b.html`` → ``a-b``; ``index.html`` → ``index``."""
    path = url.split("#")[0].strip("/")
    if path.endswith(".html"):
        path = path[:-5]
    if path.endswith("/index") and path != "index":
        path = path[: -len("/index")]
    return path.replace("/", "-") or "index"


def section_id(url: str) -> str:
    return PAGE_PREFIX + page_key(url)


# --------------------------------------------------------------------------- scanning

@dataclass
class _Tag:
    kind: str            # "start", "startend" or "end"
    name: str
    start: int           # offset of "<" in the text
    end: int             # offset after ">"
    depth: int           # open elements around the tag (before it opens)
    attrs: dict
    hidden: bool = False  # the element has, or is inside an element with, the hidden attribute


class _Scanner(HTMLParser):
    """Tags with their offsets and nesting depth, plus the text of ``<style>`` elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.tags: list[_Tag] = []
        self.styles: list[tuple[int, str]] = []
        self.stack: list[tuple[str, bool]] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _open(self, tag, attrs, kind) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        attributes = _attr_dict(attrs)
        hidden = "hidden" in attributes or bool(self.stack and self.stack[-1][1])
        self.tags.append(_Tag(kind, tag, start, start + len(raw), len(self.stack), attributes, hidden))
        if kind == "start":
            self.stack.append((tag, hidden))

    def handle_starttag(self, tag, attrs):
        self._open(tag, attrs, "startend" if tag in VOID else "start")

    def handle_startendtag(self, tag, attrs):
        self._open(tag, attrs, "startend")

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.text.find(">", start) + 1 or len(self.text)
        if any(name == tag for name, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass
        self.tags.append(_Tag("end", tag, start, end, len(self.stack), {}))

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append((self._offset(), data))

    def element_end(self, index: int) -> int:
        """Where the element opened by ``tags[index]`` ends (after its end tag)."""
        tag = self.tags[index]
        if tag.kind == "startend":
            return tag.end
        for later in self.tags[index + 1:]:
            if later.kind == "end" and later.depth <= tag.depth:
                return later.end
        return len(self.text)

    def elements_with_ids(self) -> dict[str, tuple[int, int, bool]]:
        """id -> (start, end, hidden) of the first element with that id."""
        found = {}
        for index, tag in enumerate(self.tags):
            anchor = tag.attrs.get("id") if tag.kind != "end" else None
            if anchor and anchor not in found:
                found[anchor] = (tag.start, self.element_end(index), tag.hidden)
        return found


def _attr_dict(attrs) -> dict:
    return {name: (value if value is not None else "") for name, value in attrs}


def _omitted_ranges(scan: _Scanner, omit: frozenset[str]) -> list[tuple[int, int]]:
    """Where the omitted elements are; a heading takes its section (up to the next heading
    of the same or a higher rank at the same level, or the end of its parent) with it."""
    ranges = []
    tags = scan.tags
    for i, tag in enumerate(tags):
        if tag.kind == "end" or tag.attrs.get("id") not in omit:
            continue
        parent = _labelled_parent(tags, i)
        if parent is not None:  # the heading names its section: leave both out
            ranges.append((tags[parent].start, scan.element_end(parent)))
            continue
        end = scan.element_end(i)
        if tag.name in HEADINGS:
            rank = int(tag.name[1])
            end = len(scan.text)
            for later in tags[i + 1:]:
                if later.kind == "end" and later.depth < tag.depth:
                    end = later.start
                    break
                if (later.kind == "start" and later.depth == tag.depth and later.name in HEADINGS
                        and int(later.name[1]) <= rank):
                    end = later.start
                    break
        ranges.append((tag.start, end))
    return ranges


def _labelled_parent(tags, index: int) -> int | None:
    """The index of the element that *tags[index]* names through aria-labelledby, if any."""
    tag = tags[index]
    for j in range(index - 1, -1, -1):
        before = tags[j]
        if before.kind == "start" and before.depth == tag.depth - 1:
            return j if before.attrs.get("aria-labelledby") == tag.attrs.get("id") else None
    return None


def _inside(ranges, position: int) -> bool:
    return any(start <= position < end for start, end in ranges)


# --------------------------------------------------------------------------- rewriting

class _Rewriter:
    """Maps the ids and links of one page into the combined document."""

    def __init__(self, url: str, pages: dict[str, dict[str, str]], here: str):
        self.url = url
        self.pages = pages            # page url -> {old id: new id} (every id of the page)
        self.ids = pages[url]
        self.here = here              # folder of the combined document, from the site root

    def idref(self, value: str) -> str:
        return " ".join(self.ids.get(token, token) for token in value.split())

    def url_refs(self, value: str) -> str:
        return _URL_REF_RE.sub(lambda m: f"url({m.group(1)}#{self.ids.get(m.group(2), m.group(2))}{m.group(1)})",
                               value)

    def link(self, value: str, attribute: str) -> str:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("//"):
            return value
        if not parts.path:
            return "#" + self.ids.get(parts.fragment, parts.fragment) if parts.fragment else value
        folder = parts.path.endswith("/")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.url), parts.path))
        page = posixpath.normpath(posixpath.join(target, "index.html")) if folder else target
        if page in self.pages and attribute in ("href", "xlink:href") and not parts.query:
            if parts.fragment:
                return "#" + self.pages[page].get(parts.fragment, parts.fragment)
            return "#" + section_id(page)
        rebased = posixpath.relpath(target, self.here or ".") + ("/" if folder else "")
        return urlunsplit(("", "", rebased, parts.query, parts.fragment))

    def srcset(self, value: str) -> str:
        out = []
        for candidate in value.split(","):
            bits = candidate.strip().split(None, 1)
            if not bits:
                continue
            bits[0] = self.link(bits[0], "src")
            out.append(" ".join(bits))
        return ", ".join(out)

    def value(self, name: str, value: str) -> str:
        lower = name.lower()
        if lower == "id":
            return self.ids.get(value, value)
        if lower in IDREF_ATTRS:
            return self.idref(value)
        if lower in URL_ATTRS:
            return self.link(value, lower)
        if lower == "srcset":
            return self.srcset(value)
        if "url(" in value:
            return self.url_refs(value)
        return value

    def tag(self, raw: str) -> str:
        def replace(match: re.Match) -> str:
            name, quoted = match.group(2), match.group(4)
            if quoted[:1] in "\"'":
                value = html.unescape(quoted[1:-1])
            else:
                value = html.unescape(quoted)
            new = self.value(name, value)
            if new == value:
                return match.group(0)
            return f'{match.group(1)}{name}{match.group(3)}"{html.escape(new, quote=True)}"'
        return _ATTR_RE.sub(replace, raw)

    def style(self, css: str) -> str:
        renamed = {old: new for old, new in self.ids.items() if old != new}
        if not renamed:
            return css
        css = _URL_REF_RE.sub(lambda m: f"url({m.group(1)}#{renamed.get(m.group(2), m.group(2))}{m.group(1)})", css)
        return _CSS_ID_RE.sub(lambda m: "#" + renamed.get(m.group(1), m.group(1)), css)


def _rewrite(scan: _Scanner, rewriter: _Rewriter, omitted) -> str:
    edits = []
    for tag in scan.tags:
        if tag.kind == "end" or _inside(omitted, tag.start):
            continue
        raw = scan.text[tag.start:tag.end]
        new = rewriter.tag(raw)
        if new != raw:
            edits.append((tag.start, tag.end, new))
    for offset, css in scan.styles:
        if _inside(omitted, offset):
            continue
        new = rewriter.style(css)
        if new != css:
            edits.append((offset, offset + len(css), new))
    for start, end in omitted:
        edits.append((start, end, ""))
    text = scan.text
    out, position = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < position:   # inside a range already replaced (an omitted section)
            continue
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)


# --------------------------------------------------------------------------- assembly

@dataclass
class _Plan:
    ids: dict[str, dict[str, str]]                 # page url -> {id: id in the document}
    dropped: dict[str, list[tuple[int, int]]]      # page url -> hidden copies left out


def _plan(scans: dict[str, _Scanner]) -> _Plan:
    """Decide, for every id of every page, its name in the combined document.

    An id used by one page keeps its name. A hidden element repeated byte for byte on
    several pages (the glossary's tooltip texts) is kept once, where it first appears,
    under its own id. Any other id used by several pages is renamed ``KEY--ID`` everywhere.
    """
    elements = {url: scan.elements_with_ids() for url, scan in scans.items()}
    owners: dict[str, list[str]] = {}
    for url in scans:
        for anchor in elements[url]:
            owners.setdefault(anchor, []).append(url)
    reserved = set(RESERVED_IDS) | {section_id(url) for url in scans}
    taken = set(owners) | reserved
    ids: dict[str, dict[str, str]] = {url: {} for url in scans}
    dropped: dict[str, list[tuple[int, int]]] = {url: [] for url in scans}
    for anchor, urls in owners.items():
        if len(urls) == 1 and anchor not in reserved:
            ids[urls[0]][anchor] = anchor
            continue
        copies = {scans[url].text[slice(*elements[url][anchor][:2])] for url in urls}
        if anchor not in reserved and len(copies) == 1 and all(elements[url][anchor][2] for url in urls):
            for url in urls:
                ids[url][anchor] = anchor
            for url in urls[1:]:
                dropped[url].append(elements[url][anchor][:2])
            continue
        for url in urls:
            new, number = f"{page_key(url)}--{anchor}", 2
            while new in taken:
                new, number = f"{page_key(url)}--{anchor}-{number}", number + 1
            taken.add(new)
            ids[url][anchor] = new
    return _Plan(ids, dropped)


def _map_toc(headings, ids: dict[str, str], omit: frozenset[str]) -> list[Heading]:
    out = []
    for heading in headings:
        if heading.id in omit:
            continue
        out.append(Heading(heading.level, ids.get(heading.id, heading.id), heading.title,
                           tuple(_map_toc(heading.children, ids, omit))))
    return out


def _contents_html(entries: list[Heading], depth: int) -> str:
    if not entries or depth < 1:
        return ""
    items = []
    for entry in entries:
        inner = _contents_html(list(entry.children), depth - 1)
        items.append(f'<li><a href="#{html.escape(entry.id)}">{entry.title}</a>{inner}</li>')
    return "<ol>" + "".join(items) + "</ol>"


def combine(chapters: list[Chapter], *, title: str, intro_html: str = "", here: str = "",
            omit: frozenset[str] | set[str] = frozenset(), contents_title: str = "Contents",
            contents_depth: int = 2) -> Edition:
    """The single-page edition of *chapters* (in reading order), as an HTML fragment.

    *here* is the folder of the combined document, from the site root ("" for the root);
    *omit* the ids of elements (headings: their whole section) to leave out of every page.
    """
    omit = frozenset(omit)
    scans = {chapter.url: _Scanner(chapter.html) for chapter in chapters}
    plan = _plan(scans)
    body, toc = [], []
    for chapter in chapters:
        scan = scans[chapter.url]
        ids = plan.ids[chapter.url]
        rewriter = _Rewriter(chapter.url, plan.ids, here)
        content = _rewrite(scan, rewriter, _omitted_ranges(scan, omit) + plan.dropped[chapter.url])
        anchor = section_id(chapter.url)
        body.append(f'<section class="ex-single__page" id="{anchor}" data-ex-page="{html.escape(chapter.url)}">'
                    f"{content}</section>")
        headings = _map_toc(chapter.toc, ids, omit)
        if len(headings) == 1 and headings[0].level == 1:
            top = headings[0]
            toc.append(Heading(1, top.id, top.title, top.children))
        else:
            toc.append(Heading(1, anchor, html.escape(chapter.title), tuple(headings)))
    contents = (f'<nav class="ex-single__contents" aria-labelledby="{CONTENTS_ID}">'
                f'<h2 id="{CONTENTS_ID}">{html.escape(contents_title)}</h2>'
                f"{_contents_html(toc, contents_depth)}</nav>")
    head = f'<h1 id="{TITLE_ID}">{html.escape(title)}</h1>{intro_html}'
    document = f'<div class="ex-single">{head}{contents}{"".join(body)}</div>'
    renamed = {url: {old: new for old, new in ids.items() if old != new} for url, ids in plan.ids.items()}
    return Edition(document, toc, renamed)


def reading_order(urls: list[str], at_end: list[str]) -> list[str]:
    """*urls* in nav order, with the reference pages of *at_end* (if present) moved last, in that order."""
    last = [url for url in at_end if url in urls]
    return [url for url in urls if url not in last] + last
