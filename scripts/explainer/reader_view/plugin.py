"""MkDocs plugin: no heading or paragraph of a page disappears in reader views (see
explainer.reader_view.view)."""
from __future__ import annotations

from mkdocs.plugins import BasePlugin, event_priority

from explainer.reader_view.config import ReaderViewConfig
from explainer.reader_view.view import keep_in_reader_views


class ReaderViewPlugin(BasePlugin[ReaderViewConfig]):
    @event_priority(-100)  # after the plugins that write the page's HTML
    def on_page_content(self, html, page, config, files):
        return keep_in_reader_views(html)
