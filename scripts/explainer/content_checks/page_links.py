"""Links from a page to other pages of the site that do not exist, with their lines.

MkDocs reports such a link only as a warning naming the page (strict mode then stops
without a line); this finds the line first. Only Markdown links to ``.md`` files are
checked (``[text](other.md#id)``); fenced code and inline code are skipped.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from explainer.core.md_lines import prose_lines

_LINK_RE = re.compile(r"\]\(\s*<?(?P<target>[^)\s>#?]+\.md)(?:[#?][^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


def missing_links(markdown: str, src_uri: str, exists: Callable[[str], bool]) -> list[tuple[int, str]]:
    """(line, target) of every relative link to a ``.md`` file for which *exists* is false."""
    found = []
    here = posixpath.dirname(src_uri)
    for number, line in prose_lines(markdown):
        for match in _LINK_RE.finditer(line):
            target = match.group("target")
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
                continue
            resolved = posixpath.normpath(posixpath.join(here, target))
            if not exists(resolved):
                found.append((number, target))
    return found
