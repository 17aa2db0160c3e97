"""Check a page's front matter before the page is rendered.

MkDocs reads front matter leniently: broken YAML (``title: [About``) is silently treated
as body text and any value of any type is accepted. Here the block is read with the same
bounded loader as the data files (``datafile``), then checked against
``schemas/front-matter.json``; a title must also be drawable on a preview card.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from explainer.core import schema
from explainer.core.datafile import Record, parse_yaml, read_text
from explainer.core.errors import ContentError

_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_CARD_FIELDS = ("title", "description")


def check_page(path: Path, shown: str) -> Record | None:
    """Read and check the front matter of the Markdown file *path*; its values, or None."""
    text = read_text(path, shown)
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((n for n, line in enumerate(lines[1:], start=1) if _CLOSE_RE.match(line)), None)
    if end is None:
        raise ContentError(shown, 1, "the front matter is never closed",
                           "end it with a line '---' after the last field")
    block = "\n".join(lines[1:end]) + "\n"
    try:
        data = parse_yaml(block, shown)
    except ContentError as err:  # lines of the block are counted from the line after '---'
        problem = re.sub(r"on line (\d+)", lambda m: f"on line {int(m.group(1)) + 1}", err.problem)
        raise ContentError(shown, (err.line or 1) + 1, problem.replace("broken YAML", "broken front matter"),
                           err.fix) from None
    if data is None:
        return None
    if not isinstance(data, Record):
        raise ContentError(shown, 2, "the front matter is not a list of 'key: value' fields",
                           "write one 'key: value' per line between the two '---' lines")
    schema.check(data, schema.FRONT_MATTER, shown, line_offset=1)
    for key in _CARD_FIELDS:
        char = undrawable(data.get(key) or "")
        if char:
            raise ContentError(shown, data.line_of(key) + 1,
                               f"the {key} contains {char!r} (U+{ord(char):04X}), which the preview card font "
                               "cannot draw", "keep emoji and Chinese characters out of titles and descriptions "
                               "(use them in the page body)")
    return data


def undrawable(text: str) -> str | None:
    """The first character the card fonts (Latin, Greek, Cyrillic) cannot draw, if any."""
    # The rule of explainer.previews.cards.check_text, applied here where the line is known.
    return next((char for char in text if unicodedata.east_asian_width(char) in ("W", "F")), None)
