"""MkDocs hook: the search plugin reads each page without glossary references and
citation markers (see explainer.search_view); the page itself keeps them."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402

from mkdocs_glue import content_errors, page_source  # noqa: E402
from explainer.errors import ContentError  # noqa: E402
from explainer.search_view import restored, search_view  # noqa: E402

_state: dict = {}


@event_priority(50)  # after the sources hook (100) has added the page's source list; before search (0)
def _before_search(context, page, config, nav):
    original = page.content
    page.content = search_view(original)
    _state["view"] = (page.content, original)
    return context


@event_priority(-50)  # after search; before the hooks that add what search must not see (-100 and lower)
def _after_search(context, page, config, nav):
    shown, original = _state.pop("view")
    content = restored(page.content, shown, original)
    if content is None:
        with content_errors():
            raise ContentError(page_source(page, config), None,
                               "the page changed while the search plugin read it, and the change would be lost",
                               "give that hook or plugin an on_page_context priority above 50 or below -50")
    page.content = content
    return context


on_page_context = CombinedEvent(_before_search, _after_search)
