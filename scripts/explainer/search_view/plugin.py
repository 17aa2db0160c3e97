"""MkDocs plugin: the search plugin reads each page without glossary references and
citation markers (see explainer.search_view.view); the page itself keeps them."""
from __future__ import annotations

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from explainer.core.errors import ContentError
from explainer.mkdocs_glue import content_errors, page_source
from explainer.search_view.config import SearchViewConfig
from explainer.search_view.view import restored, search_view


class SearchViewPlugin(BasePlugin[SearchViewConfig]):
    def on_config(self, config):
        self.view: tuple[str, str] | None = None
        return config

    @event_priority(50)  # after the sources plugin (100) has added the page's source list; before search (0)
    def _before_search(self, context, page, config, nav):
        original = page.content
        page.content = search_view(original)
        self.view = (page.content, original)
        return context

    @event_priority(-50)  # after search; before the plugins that add what search must not see (-100 and lower)
    def _after_search(self, context, page, config, nav):
        assert self.view is not None, "on_page_context ran out of order"
        shown, original = self.view
        self.view = None
        content = restored(page.content, shown, original)
        if content is None:
            with content_errors():
                raise ContentError(page_source(page, config), None,
                                   "the page changed while the search plugin read it, and the change would be lost",
                                   "give that plugin an on_page_context priority above 50 or below -50")
        page.content = content
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)
