"""Text from data files and front matter is text, never markup: helpers that keep it so.

Data fields that are plain text (a myth's claim, a glossary alias, a diagram's title) are
written into Markdown the build then renders; ``md_text`` makes them render as exactly
the characters the author wrote. Page titles follow MkDocs' own convention: a title taken
from a page's heading is HTML text (``&lt;`` for ``<``), so a front-matter title is stored
escaped too (``html_title``), and code that needs the plain words unescapes it
(``plain_title``).
"""
from __future__ import annotations

import html
import re

_MARKDOWN_SPECIALS = "\\*_`[]"
_CODE_OR_TAG_RE = re.compile(r"(`+).*?(?<!`)\1(?!`)|<", re.S)


def md_text(text: str) -> str:
    """Plain text made safe for a line of Markdown: no HTML, no emphasis, links or code."""
    text = html.escape(text, quote=False)
    for char in _MARKDOWN_SPECIALS:
        text = text.replace(char, "\\" + char)
    return text


def md_without_html(markdown: str) -> str:
    """Markdown from a data file with its raw HTML shown as text (inline code left as it is).

    Data files are text with Markdown (emphasis, links, citations), never HTML: every ``<``
    outside inline code becomes ``&lt;``, so ``<img …>`` reads as those characters.
    """
    return _CODE_OR_TAG_RE.sub(lambda m: m.group(0) if m.group(1) else "&lt;", markdown)


def html_title(title: str) -> str:
    """A plain-text title as the HTML text MkDocs and Material expect in ``page.title``."""
    return html.escape(title, quote=True)


def plain_title(title: str | None) -> str:
    """The words of a ``page.title`` (HTML text) as plain text."""
    return html.unescape(title or "")
