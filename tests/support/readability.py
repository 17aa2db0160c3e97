"""Article prose of a built page, as a reader reads it, for the readability checks.

What counts as prose: the paragraphs and list items of the page's article. Left out, each
for a reason:
- headings: short labels, not sentences;
- code, tables and diagrams (with their "Text version"): data laid out for scanning, not
  running text (a diagram's text version restates the figure step by step);
- citation marks ([1], [2]) and the "Sources on this page" list: references, not prose;
- the verdict scale on the myths page (a definition list) and the code checker's form:
  labels and controls, not sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from .site import html_path, nav_pages

# Every nav page is held to the reading limits except these, which are not running text.
NOT_PROSE = {
    "glossary.md": "a list of definitions under term headings",
    "sources.md": "a bibliography: titles, publishers and dates",
    "corrections.md": "a log that quotes the old wording word for word",
}
MAIN_PAGES = [page for page in nav_pages() if page not in NOT_PROSE]

_LEFT_OUT = "pre, code, table, figure, details, .ex-references, sup.ex-cite, h1, h2, h3, h4, h5, h6, dl, form, .ex-uscc"

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9“\"‘(])")


def article_blocks(html: str) -> list[str]:
    """The text of each paragraph and top-level list item of the article, in order."""
    soup = BeautifulSoup(html, "html5lib")
    article = soup.select_one("article.md-content__inner") or soup.select_one(".md-content__inner")
    if article is None:
        raise AssertionError("no article element (.md-content__inner) in the page")
    for node in article.select(_LEFT_OUT):
        node.decompose()
    blocks = []
    for node in article.find_all(["p", "li"]):
        if node.name == "p" and node.find_parent("li") is not None:
            continue  # counted with its list item
        text = " ".join(node.get_text(" ").split())
        text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
        if text:
            blocks.append(text if text[-1] in ".!?:”\"’)" else text + ".")
    return blocks


def sentences(blocks: list[str]) -> list[str]:
    out = []
    for block in blocks:
        out.extend(part.strip() for part in _SENTENCE_END.split(block) if part.strip())
    return out


def page_prose(site: Path, page: str) -> tuple[str, list[str]]:
    """(the whole prose as one text, its sentences) of a main page."""
    html = html_path(site, page).read_text(encoding="utf-8")
    blocks = article_blocks(html)
    return " ".join(blocks), sentences(blocks)


def word_count(sentence: str) -> int:
    return len(re.findall(r"[\w’'–-]+", sentence))
