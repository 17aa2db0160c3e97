"""The lines of a Markdown text that are prose: outside fenced code, without inline code.

A fence is closed only by a run of the same character (` or ~) at least as long as the one
that opened it, so a ~~~ fence may show a ``` fence as text (as CommonMark reads it).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, text with inline code removed) of every line outside fences."""
    fence = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = FENCE_RE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().lstrip(fence[0]):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, CODE_SPAN_RE.sub("", line)
