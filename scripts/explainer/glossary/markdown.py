"""Python-Markdown extension: every glossary term in body text becomes a reference.

A tree processor runs last, after inline processing, ``attr_list``, ``abbr``, the table of
contents (which has read the headings) and MkDocs' link processor. It wraps each
occurrence of a term or alias in body text in

    <a class="ex-term" href="URL#ID" data-term="ID" title="Term · 中文 · pīnyīn — definition">

where URL is the glossary page's address relative to the page being rendered, which the
plugin computes once per page (for directory and file URLs alike). Running after MkDocs'
link processor spares it resolving the same link again for every one of the many
references (measured: a large part of the glossary's build time). Left alone: headings,
links, code, tab titles (labels), summaries,
admonition titles, table headers, ``<abbr>``, citations (``sup.ex-cite``), the per-page
source list, bare URLs, anything inside ``.ex-no-glossary`` and, on the glossary page,
each entry's own term (``data-gloss-self``).

In the browser (``overrides/assets/javascripts/glossary.js``): without JavaScript each
reference is a plain link to its entry whose title, "Term · 中文 · pīnyīn — definition",
is the browser's tooltip and the description screen readers announce. The script turns
the title into a styled tooltip (the Chinese and pinyin with their ``lang``) shown on
mouse hover, on keyboard focus and on a tap (the first tap opens it, a second tap or its
"Glossary entry" link follows the link; Escape, a tap elsewhere or leaving closes it),
and into a hidden description (``#ex-gdefs``, outside the page content) that the
reference's ``aria-describedby`` points to, both made on the reference's first hover,
focus or tap (nothing per reference at load: a phone paid for dozens of them before the
first screen); the title then moves to ``data-ex-title``. Material's own tooltips
(``content.tooltips``) must stay off: they would take over every element with a title
and ignore touch. It works with and without instant navigation, and on file://.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from explainer.glossary.terms import Matcher, Usage, reference_anchor

SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
                       "label", "summary", "abbr", "th", "button", "textarea", "svg", "math", "select", "option"})
SKIP_CLASSES = frozenset({"ex-cite", "ex-references", "headerlink", "admonition-title", "ex-no-glossary", "toc",
                          "tabbed-labels"})
SELF_ATTR = "data-gloss-self"


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md, ext: GlossaryExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        if not self.ext.enabled():
            return
        self._href = self.ext.glossary_link()  # the same for every reference on the page
        self._search = self.ext.matcher.fast.search  # a cheap test before the full match
        self._walk(root, None)

    @staticmethod
    def _skip(el) -> bool:
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            return True
        classes = el.get("class")
        return bool(classes) and not SKIP_CLASSES.isdisjoint(classes.split())

    def _walk(self, el, self_id):
        if SELF_ATTR in el.attrib:
            self_id = el.attrib.pop(SELF_ATTR)
        search, skip, split = self._search, self._skip, self._split
        text = el.text
        if text and search(text):
            nodes = split(text, self_id)
            if nodes:
                el.text = nodes[0]
                for offset, node in enumerate(nodes[1:]):
                    el.insert(offset, node)
        children = list(el)
        if not children:
            return
        inserted = 0
        for position, child in enumerate(children):
            if len(child) or (child.text and search(child.text)) or SELF_ATTR in child.attrib:
                if not skip(child):
                    self._walk(child, self_id)
            tail = child.tail
            if tail and search(tail):
                nodes = split(tail, self_id)
                if nodes:
                    child.tail = nodes[0]
                    at = position + inserted + 1
                    for offset, node in enumerate(nodes[1:]):
                        el.insert(at + offset, node)
                    inserted += len(nodes) - 1

    def _split(self, text: str, self_id):
        """[leading text, <a>, <a>, …] for the references in *text* (or [] if none)."""
        matches = [m for m in self.ext.matcher.find(text) if m[2] != self_id]
        if not matches:
            return []
        out: list = [text[:matches[0][0]]]
        for index, (start, end, term_id) in enumerate(matches):
            out.append(self._reference(text[start:end], term_id))
            following = matches[index + 1][0] if index + 1 < len(matches) else len(text)
            out[-1].tail = text[end:following]
        return out

    def _reference(self, text: str, term_id: str):
        link = etree.Element("a", {
            "class": "ex-term",
            "href": f"{self._href}#{term_id}",
            "data-term": term_id,
            "title": self.ext.titles[term_id],
        })
        if self.ext.usage.record(term_id):
            link.set("id", reference_anchor(term_id))
        link.text = text
        return link


class GlossaryExtension(Extension):
    """*glossary_link()* gives the address of the glossary page as seen from the page
    being rendered ("../glossary/"); *enabled()* may switch the processor off per page."""

    def __init__(self, matcher: Matcher, usage: Usage, glossary_link: Callable[[], str],
                 enabled: Callable[[], bool] = lambda: True):
        super().__init__()
        self.matcher = matcher
        self.usage = usage
        self.glossary_link = glossary_link
        self.enabled = enabled
        self.titles = {term_id: term.title_text() for term_id, term in matcher.terms.items()}

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown API)
        # After inline (20), attr_list (8), abbr (7), toc (5) and MkDocs' "relpath" (0):
        # the hrefs written here are final.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "ex-glossary", -10)
