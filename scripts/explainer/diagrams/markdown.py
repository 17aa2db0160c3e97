"""Diagrams in Markdown: ```mermaid fences become accessible <figure>s with inline SVG.

An author writes::

    ```mermaid
    flowchart TB
      accTitle: Short title, shown as the caption [@source-id]
      accDescr {
        The full text alternative: everything the diagram says, in sentences,
        with citations like the prose. [@source-id]

        - Lists and blank-line paragraphs are allowed.
      }
      a["Node"] --> b["Other node"]
    ```

``accTitle`` and ``accDescr`` are Mermaid's own accessibility lines and both are
required. The title becomes the visible ``<figcaption>`` and the SVG's ``<title>``
(its accessible name); the description becomes the "Text version of this diagram"
``<details>`` in the figure, which the SVG's ``aria-describedby`` points at. Both are
Markdown (citations, emphasis, links); the renderer gets them without the citations.

The fence is a pymdownx.superfences custom fence (``fence_format``) whose output
is a placeholder; ``DiagramFigures``, a tree processor running before inline
processing, turns the placeholder into the ``<figure>``, so the caption and the
text version are ordinary Markdown text in the element tree: citations, and any
later tree processor (the glossary), see them like any paragraph.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from explainer.core.errors import ContentError
from explainer.core.escape import md_without_html
from explainer.diagrams.svg import finish_svg
from explainer.sources.registry import CITATION_RE, split_ids

FENCE_NAME = "mermaid"
# Wider than this (CSS px), a diagram scrolls sideways on a phone rather than shrink below ~75 %.
WIDE_PX = 480
TEXT_VERSION_LABEL = "Text version of this diagram"
_CANVAS_START = '<div class="ex-diagram__canvas" data-ex-diagram="'
_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[^\s`{]*)")
_TITLE_RE = re.compile(r"^\s*accTitle\s*:\s*(?P<text>.*?)\s*$")
_DESCR_LINE_RE = re.compile(r"^\s*accDescr\s*:\s*(?P<text>.*?)\s*$")
_DESCR_BLOCK_RE = re.compile(r"^\s*accDescr\s*\{(?P<text>.*)$")
# Bounds before layout: Mermaid's layout time grows about quadratically (400 nodes: 83 s).
# The largest diagram today has 12 edges and 3,000 characters.
MAX_SOURCE_CHARS = 8000
MAX_EDGES = 80
MAX_NODES = 60
_EDGE_RE = re.compile(r"(?:<?-{2,}>?|<?={2,}>?|<?-\.+->?|~~~)")
_NODE_RE = re.compile(r"(?:^|[\s;&|])[A-Za-z_][\w-]*(?=\s*(?:\[|\(|\{|>[^>]))", re.M)
# Markup Mermaid labels may hold (Mermaid sanitises the rest, which ends in an "unknown error").
LABEL_TAGS = {"br", "b", "i", "em", "strong", "sub", "sup", "small", "u"}
_TAG_RE = re.compile(r"<\s*/?\s*([A-Za-z][\w-]*)")
_FIX_TITLE = "add a line 'accTitle: …' after the diagram type line: the short title shown as the caption"
_FIX_DESCR = ("add 'accDescr { … }' after the title: the full text alternative, everything the diagram "
              "says in sentences, with citations like the prose")


@dataclass(frozen=True)
class Diagram:
    """One diagram as written: where it is, its Mermaid source, title and description."""
    source: str           # the fence body, as written
    title: str            # Markdown
    description: str      # Markdown
    path: str = ""
    line: int = 0         # the fence's opening line in the file (0: unknown)

    @property
    def render_source(self) -> str:
        """What the renderer gets: the source without citations."""
        return strip_citations(self.source)

    @property
    def plain_title(self) -> str:
        return plain_text(self.title)

    @property
    def plain_description(self) -> str:
        return plain_text(self.description)


@dataclass(frozen=True)
class FoundFence:
    line: int      # 1-based line of the opening fence in the Markdown
    source: str    # the body, dedented


def normalize(source: str) -> str:
    """The fence body as both the page scan and superfences see it."""
    lines = textwrap.dedent(source.expandtabs(4)).strip("\n").splitlines()
    return "\n".join(line.rstrip() for line in lines)


def find_diagram_fences(markdown: str) -> list[FoundFence]:
    """Every ```mermaid fence in *markdown* with its line; fences inside other fences are skipped."""
    found: list[FoundFence] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE_OPEN_RE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, indent = match.group("fence"), len(match.group("indent").expandtabs(4))
        close = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        end = index + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        if match.group("lang") == FENCE_NAME:
            body = [line.expandtabs(4)[indent:] if line.strip() else "" for line in lines[index + 1:end]]
            found.append(FoundFence(index + 1, normalize("\n".join(body))))
        index = end + 1
    return found


def parse_diagram(source: str, path: str = "", line: int = 0) -> Diagram:
    """Read the title and description of a diagram; ``ContentError`` when one is missing."""
    source = normalize(source)
    title = description = None
    lines = source.splitlines()
    index = 0
    while index < len(lines):
        text = lines[index]
        title_match = _TITLE_RE.match(text)
        line_match = _DESCR_LINE_RE.match(text)
        block_match = _DESCR_BLOCK_RE.match(text)
        if title_match:
            if title is not None:
                raise ContentError(path, _at(line, index), "the diagram has two accTitle lines", "keep one")
            title = title_match.group("text")
        elif line_match or block_match:
            if description is not None:
                raise ContentError(path, _at(line, index), "the diagram has two accDescr entries", "keep one")
            if line_match:
                description = line_match.group("text")
            else:
                assert block_match is not None
                start, parts, rest = index, [], block_match.group("text")
                while "}" not in rest:
                    parts.append(rest)
                    index += 1
                    if index >= len(lines):
                        raise ContentError(path, _at(line, start), "the accDescr { … } block is never closed",
                                           "end it with '}' on its own line")
                    rest = lines[index]
                parts.append(rest.split("}", 1)[0])
                description = textwrap.dedent("\n".join(parts)).strip()
        index += 1
    if not title:
        raise ContentError(path, line or None, "the diagram has no title (accTitle)", _FIX_TITLE)
    check_bounds(source, path, line)
    if not description:
        raise ContentError(path, line or None, "the diagram has no text alternative (accDescr)", _FIX_DESCR)
    return Diagram(source=source, title=title, description=description, path=path, line=line)


def check_bounds(source: str, path: str = "", line: int = 0) -> None:
    """Refuse, before layout, a diagram too big to lay out quickly or holding unsupported markup."""
    if len(source) > MAX_SOURCE_CHARS:
        raise ContentError(path, line or None, f"the diagram is {len(source):,} characters long, more than the "
                           f"limit of {MAX_SOURCE_CHARS:,}", "split it into smaller diagrams (limits: "
                           "MAX_SOURCE_CHARS, MAX_EDGES, MAX_NODES in scripts/explainer/diagrams/markdown.py)")
    graph = _graph_lines(source)
    body = _outside_labels("\n".join(text for _, text in graph))
    edges, nodes = len(_EDGE_RE.findall(body)), len(set(_NODE_RE.findall(body)))
    if edges > MAX_EDGES or nodes > MAX_NODES:
        raise ContentError(path, line or None, f"the diagram has {nodes} nodes and {edges} links, more than the "
                           f"limits of {MAX_NODES} nodes and {MAX_EDGES} links (layout time grows fast with size)",
                           "split it into smaller diagrams; a phone shows about 10 nodes legibly")
    for index, text in graph:
        for tag in _TAG_RE.findall(text):
            if tag.lower() not in LABEL_TAGS:
                raise ContentError(path, _at(line, index), f"the diagram holds an HTML <{tag}> tag, which Mermaid "
                                   "labels cannot show", f"use plain text; labels may use only "
                                   f"{', '.join('<' + t + '>' for t in sorted(LABEL_TAGS))}")


def _graph_lines(source: str) -> list[tuple[int, str]]:
    """(index, text) of the lines that draw the graph: not accTitle, not accDescr (Markdown, escaped)."""
    lines, inside = [], False
    for index, text in enumerate(source.splitlines()):
        if inside:
            inside = "}" not in text
            continue
        if _TITLE_RE.match(text) or _DESCR_LINE_RE.match(text):
            continue
        block = _DESCR_BLOCK_RE.match(text)
        if block:
            inside = "}" not in block.group("text")
            continue
        lines.append((index, text))
    return lines


def _outside_labels(text: str) -> str:
    """The diagram without its quoted labels (whose words are not nodes or links)."""
    return re.sub(r'"[^"\n]*"', '""', text)


def file_line(diagram: Diagram, renderer_line: int | None) -> int | None:
    """The file line of line *renderer_line* of the diagram as Mermaid counts it.

    Mermaid counts from the diagram type line: a front matter block (``---`` … ``---``)
    comes off first. Unknown or out of range: the fence's own line."""
    lines = diagram.source.splitlines()
    skip = 0
    if lines and lines[0].strip() == "---":
        closing = next((n for n, text in enumerate(lines[1:], start=1) if text.strip() == "---"), None)
        skip = closing + 1 if closing else 0
    if not diagram.line:
        return None
    if renderer_line and 0 < renderer_line <= len(lines) - skip:
        return diagram.line + skip + renderer_line
    return diagram.line


def _at(fence_line: int, index: int) -> int | None:
    # Line *index* (0-based) of the body sits one line below the opening fence.
    return fence_line + 1 + index if fence_line else None


def strip_citations(text: str) -> str:
    return re.sub(r"[ \t]*" + CITATION_RE.pattern, "", text)


def plain_text(markdown: str) -> str:
    """Markdown of a title or description as one line of plain text (for <title> and <desc>)."""
    text = strip_citations(markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)          # links keep their text
    text = re.sub(r"(\*\*|__|\*|`)", "", text)                      # emphasis and code marks
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)            # list bullets
    return " ".join(text.split())


def text_offset(diagram: Diagram, text: str) -> int:
    """Lines of the file before line 1 of *text* (the diagram's title or description)."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    for index, line in enumerate(diagram.source.splitlines(), start=1):
        if first and first in line:
            return diagram.line + index - 1
    return diagram.line


def citations_in(diagram: Diagram) -> list[tuple[int, list[str]]]:
    """Citations in the title and description, as (line in the file or 0, [ids])."""
    found = []
    for offset, text in enumerate(diagram.source.splitlines(), start=1):
        for match in CITATION_RE.finditer(text):
            ids = split_ids(match.group(1))
            found.append((diagram.line + offset if diagram.line else 0, ids))
    return found


def id_prefix(source: str, occurrence: int) -> str:
    """Deterministic id prefix: a hash of the source and of which copy of it this is on the page."""
    digest = hashlib.sha256(f"{occurrence}\0{normalize(source)}".encode()).hexdigest()
    return f"dgm-{digest[:8]}"


@dataclass
class Prepared:
    """A checked diagram and the renderer's raw SVG."""
    diagram: Diagram
    raw_svg: str


class DiagramExtension(Extension):
    """Registers the figure tree processor; ``fence_format`` is the superfences formatter.

    *prepare(source)* returns the ``Prepared`` diagram for a fence body: the plugin
    looks it up among the diagrams it checked and rendered for the current page
    (with file and line), or checks and renders it on the spot. *raise_error*
    turns a ``ContentError`` into the exception the build stops with (superfences
    swallows any other exception and would print the fence as code).
    """

    def __init__(self, prepare: Callable[[str], Prepared], raise_error: Callable[[ContentError], None]):
        super().__init__()
        self.prepare = prepare
        self.raise_error = raise_error

    def fence_format(self, src, language, class_name, options, md, **kwargs):
        try:
            prepared = self.prepare(src)
        except ContentError as err:
            self.raise_error(err)
            raise
        pending = _pending(md)
        pending.append(prepared)
        return f'{_CANVAS_START}{len(pending) - 1}"></div>'

    def custom_fence(self) -> dict:
        """The entry for pymdownx.superfences' ``custom_fences``."""
        return {"name": FENCE_NAME, "class": "ex-diagram", "format": self.fence_format}

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown API)
        md.ex_diagrams = []  # this conversion's diagrams, in the order superfences met them
        # Before inline processing (20): the caption's citations and emphasis are then handled
        # like any paragraph's, and tree processors after it (the glossary) see the caption.
        md.treeprocessors.register(DiagramFigures(md), "ex-diagram-figures", 25)


def _pending(md) -> list:
    if not hasattr(md, "ex_diagrams"):
        md.ex_diagrams = []
    return md.ex_diagrams


def _canvas(svg: str, prefix: str) -> str:
    width = re.search(r'\swidth="([\d.]+)"', svg[:svg.index(">")])
    if width and float(width.group(1)) > WIDE_PX:
        # It may scroll sideways on narrow screens: keyboard users need to reach it.
        return (f'<div class="ex-diagram__canvas ex-diagram__canvas--wide" tabindex="0" role="group" '
                f'aria-labelledby="{prefix}-caption">{svg}</div>')
    return f'<div class="ex-diagram__canvas">{svg}</div>'


class DiagramFigures(Treeprocessor):
    """Replace each diagram placeholder paragraph with its ``<figure>``."""

    def run(self, root):
        pending = _pending(self.md)
        if not pending:
            return
        stash = self.md.htmlStash.rawHtmlBlocks
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: dict[str, int] = {}
        for paragraph in list(root.iter("p")):
            match = HTML_PLACEHOLDER_RE.fullmatch((paragraph.text or "").strip()) if len(paragraph) == 0 else None
            if not match:
                continue
            index = int(match.group(1))
            block = stash[index] if index < len(stash) else None
            if not isinstance(block, str) or not block.startswith(_CANVAS_START):
                continue
            prepared = pending[int(block[len(_CANVAS_START):].split('"', 1)[0])]
            diagram = prepared.diagram
            occurrence = seen[diagram.source] = seen.get(diagram.source, 0) + 1
            prefix = id_prefix(diagram.source, occurrence)
            # The text version below the SVG is its description: no second copy inside it.
            svg = finish_svg(prepared.raw_svg, prefix, diagram.plain_title, described_by=f"{prefix}-text")
            stash[index] = _canvas(svg, prefix)
            parent = parents[paragraph]
            figure = etree.Element("figure", {"class": "ex-diagram", "id": f"{prefix}-figure",
                                              "aria-labelledby": f"{prefix}-caption"})
            parent.insert(list(parent).index(paragraph), figure)
            parent.remove(paragraph)
            figure.append(paragraph)
            self._caption(figure, diagram, prefix)

    def _caption(self, figure, diagram: Diagram, prefix: str) -> None:
        # Before the SVG: text browsers (w3m, Lynx) print the SVG's labels as loose lines,
        # which then come after the title and the text version instead of before them.
        caption = etree.Element("figcaption", {"class": "ex-diagram__caption"})
        figure.insert(0, caption)
        title = etree.SubElement(caption, "span", {"class": "ex-diagram__title", "id": f"{prefix}-caption"})
        title.text = md_without_html(diagram.title)  # a caption is text: markup in it is shown, not run
        details = etree.SubElement(caption, "details", {"class": "ex-diagram__text"})
        summary = etree.SubElement(details, "summary")
        summary.text = TEXT_VERSION_LABEL
        body = etree.SubElement(details, "div", {"class": "ex-diagram__text-body", "id": f"{prefix}-text"})
        self.md.parser.parseChunk(body, diagram.description)
