"""MkDocs hook: no heading or paragraph of a page disappears in reader views (see
explainer.reader_view)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402

from explainer.reader_view import keep_in_reader_views  # noqa: E402


@event_priority(-100)  # after the hooks that write the page's HTML
def on_page_content(html, page, config, files):
    return keep_in_reader_views(html)
