"""What raw HTML a page may carry (the policy is in README.md, "Raw HTML in pages").

Page authors are trusted with structure, not with script: Markdown pages may use raw HTML
for layout (``<div markdown>``, ``<details>``, tables), but the rendered page must not run
anything or fetch anything from elsewhere. Refused, in a page's rendered HTML:

- ``<script>`` elements (scripts are files under overrides/assets/javascripts/, listed in
  mkdocs.yml or a page's ``page_scripts``), and ``<iframe>``, ``<object>``, ``<embed>``,
  ``<base>``, ``<form>``, ``<meta http-equiv>``;
- inline event handlers (``onclick=``, ``onerror=`` …) and ``style`` attributes holding ``url(``;
- ``javascript:``, ``vbscript:`` and ``data:`` (except ``data:image/``) addresses in any link
  or resource attribute;
- resources (``src``, ``srcset``, ``poster``, ``<link href>``) on another site: the site makes
  no third-party requests. Ordinary ``<a href>`` links may go anywhere.

The check runs on the HTML Markdown produced, so it also covers Markdown links and
the Markdown fields of data files. The line is found in the page's source where it can be.
"""
from __future__ import annotations

import functools
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from explainer.core import passed_checks
from explainer.core.errors import ContentError

FORBIDDEN_ELEMENTS = {"script", "iframe", "frame", "object", "embed", "base", "form", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background",
                  "cite", "srcset", "longdesc", "ping", "manifest", "codebase"}
RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
_BAD_SCHEME_RE = re.compile(r"^\s*(?:javascript|vbscript|data(?!:image/(?:png|gif|jpeg|webp|svg\+xml)[;,]))\s*:",
                            re.I)
_OFF_SITE_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
FIX = "see 'Raw HTML in pages' in README.md: put scripts in files under overrides/assets/javascripts/"


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str]] = []  # (what is wrong, text to look for in the source)

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag in FORBIDDEN_ELEMENTS and not (tag == "script" and attributes.get("type") == "application/ld+json"
                                              and "src" not in attributes):
            self.problems.append((f"a <{tag}> element", f"<{tag}"))
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(("a <meta http-equiv> element", "http-equiv"))
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append((f"an inline event handler ({name}=)", name))
            elif name in URL_ATTRIBUTES and _BAD_SCHEME_RE.match(value):
                scheme = value.strip().split(":", 1)[0].lower()
                self.problems.append((f"a {scheme}: address ({name}=)", f"{scheme}:"))
            elif (name in RESOURCE_ATTRIBUTES or (tag == "link" and name == "href")) and _OFF_SITE_RE.match(value) \
                    and not value.strip().lower().startswith("data:"):
                self.problems.append((f"a resource on another site ({name}=\"{value[:60]}\")", value[:60]))
            elif name == "style" and "url(" in value.lower():
                self.problems.append(("a style attribute that loads a resource (url(…))", "url("))


def check_page_html(page_html: str, path: str, source: str = "", body_start: int = 0) -> None:
    """Raise ``ContentError`` for the first thing the policy refuses in *page_html*. A page
    that passed in an earlier build, unchanged, is not parsed again (core.passed_checks)."""
    mark = passed_checks.key(_code_version(), page_html)
    if passed_checks.passed(mark):
        return
    finder = _Finder()
    finder.feed(page_html)
    finder.close()
    if finder.problems:
        problem, needle = finder.problems[0]
        raise ContentError(path, _line(source, needle, body_start), f"the page contains {problem}", FIX)
    passed_checks.remember(mark)


@functools.cache
def _code_version() -> bytes:
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


def _line(source: str, needle: str, body_start: int) -> int | None:
    if not source or not needle:
        return None
    lines = source.splitlines()
    lowered = needle.lower()
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        if lowered in line.lower():
            return number
    return None
