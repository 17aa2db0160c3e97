"""What the search plugin reads of a page: its text, without the site's markers.

Two kinds of markup are only in the way of search:

- glossary references (``<a class="ex-term" …>Sesame Credit</a>``, glossary/markdown.py): the
  index keeps only the text of links, so unwrapping them changes nothing in it, but
  the plugin's HTML parser would spend a third of the glossary's build time on some
  twenty links a page;
- citation markers (``<sup class="ex-cite">…[1]…</sup>``, sources/markdown.py): the index
  keeps ``<sup>``, so each result's excerpt would carry "[1],[2],[3]" and "[1]" would be
  a search term;
- a diagram's drawing (``<svg class="ex-diagram__svg …">``, diagrams/): the index would run
  its labels together ("…in factis reallyFour separate things…") and repeat what the
  diagram's text version beside it says, which is indexed as it reads.

``search_view(html)`` is the page as the search plugin should read it;
``restored(current, shown, original)`` puts the page back afterwards.
"""
from __future__ import annotations

import re

# As the Markdown serializer writes them: attribute values have "<", ">" and '"' escaped,
# a reference's text is plain text, and a citation's <sup> holds no other <sup>.
GLOSSARY_REFERENCE_RE = re.compile(r'<a class="ex-term"[^>]*>([^<]*)</a>')
CITATION_RE = re.compile(r'<sup class="ex-cite">.*?</sup>', re.S)
# A drawing holds no other <svg> (Mermaid's flowcharts; tests/test_search_view.py checks).
DIAGRAM_DRAWING_RE = re.compile(r'<svg\b[^>]*\bclass="ex-diagram__svg\b[^"]*"[^>]*>.*?</svg>', re.S)

# What Material's search plugin removes from a page after indexing it.
SEARCH_ATTRIBUTE_RE = re.compile(r'\s?data-search-\w+="[^"]+"')


def search_view(html: str) -> str:
    """*html* with glossary references unwrapped to their text, citation markers and
    diagram drawings removed."""
    return DIAGRAM_DRAWING_RE.sub("", CITATION_RE.sub("", GLOSSARY_REFERENCE_RE.sub(r"\1", html)))


def restored(current: str, shown: str, original: str) -> str | None:
    """The page as it was (*original*), after the search plugin has read *shown*
    (``search_view(original)``) and left *current*; None if something other than the
    search plugin changed the page meanwhile: that change would be lost."""
    if current == shown:
        return original
    if current == SEARCH_ATTRIBUTE_RE.sub("", shown):
        return SEARCH_ATTRIBUTE_RE.sub("", original)
    return None
