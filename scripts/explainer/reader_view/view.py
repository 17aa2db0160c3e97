"""Keep every part of a page in reader views (Firefox's reader view, read-later apps), which
use Mozilla Readability.

Before choosing the article, Readability deletes every element whose class and id together
match words it takes for page furniture ("social", "related", "comment", "footer" …) unless
they also match words it takes for content ("content", "article", "main" …). Our ids are
permanent addresses and some name such things: the glossary's "Social credit system"
(``id="social-credit-system"``) and its "Related:" lines vanished. ``keep_in_reader_views``
gives each such element in the page's HTML the class ``ex-reader-content``, which Readability
reads as content; nothing styles it.

The two patterns are Readability 0.6.0's ``unlikelyCandidates`` and ``okMaybeItsACandidate``
(package-lock.json pins it; tests/test_reader_views.py runs it on every page).
"""
from __future__ import annotations

import re

UNLIKELY_RE = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|"
    r"supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", re.I)
MAYBE_CONTENT_RE = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.I)
KEEP_CLASS = "ex-reader-content"

# Start tags as the Markdown serializer writes them (attribute values in double quotes);
# links are never deleted, so they are left alone.
_START_TAG_RE = re.compile(r"<(?!a\b)([a-z][a-z0-9]*)\b([^<>]*)>")
_CLASS_RE = re.compile(r'\sclass="([^"]*)"')
_ID_RE = re.compile(r'\sid="([^"]*)"')


def _keep(match: re.Match) -> str:
    tag, attributes = match.group(1), match.group(2)
    classes = _CLASS_RE.search(attributes)
    identifier = _ID_RE.search(attributes)
    words = f"{classes.group(1) if classes else ''} {identifier.group(1) if identifier else ''}"
    if not UNLIKELY_RE.search(words) or MAYBE_CONTENT_RE.search(words):
        return match.group(0)
    if classes:
        attributes = attributes.replace(classes.group(0), f' class="{classes.group(1)} {KEEP_CLASS}"', 1)
    else:
        attributes = f' class="{KEEP_CLASS}"' + attributes
    return f"<{tag}{attributes}>"


def keep_in_reader_views(html: str) -> str:
    """*html* with ``ex-reader-content`` added to each element Readability would delete."""
    return _START_TAG_RE.sub(_keep, html)
