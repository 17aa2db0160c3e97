"""MkDocs plugin: the sources registry and ``[@id]`` citations (see explainer.sources.registry)."""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from explainer.core.escape import plain_title
from explainer.mkdocs_glue import content_errors, line_offset, link_from, page_source, source_registry
from explainer.sources import registry
from explainer.sources.config import SourcesConfig
from explainer.sources.markdown import CitationExtension

log = logging.getLogger("mkdocs.plugins.explainer.sources")


class SourcesPlugin(BasePlugin[SourcesConfig]):
    def on_config(self, config):
        with content_errors():
            sources = source_registry(config)
        self.index = registry.CitationIndex(sources)
        self.page: Any = None
        self.sources_page: Any = None
        config.markdown_extensions.append(
            CitationExtension(self.index, lambda: link_from(self.page, self.config.sources_page)))
        return config

    def on_page_markdown(self, markdown, page, config, files):
        index = self.index
        with content_errors():
            registry.check_citations(markdown, index.sources, page_source(page, config),
                                      line_offset(page, markdown))
        self.page = page
        index.begin_page(page.url, plain_title(page.title))
        if page.file.src_uri == self.config.sources_page:
            self.sources_page = page
            markdown = markdown.replace(self.config.marker, registry.render_registry(index.sources))
        return markdown

    def on_env(self, env, config, files):
        index = self.index
        for source_id in index.uncited():
            source = index.sources[source_id]
            log.warning(f"{self.config.sources_file}:{source.line}: source {source_id!r} is never cited — "
                        "cite it where its fact is used, or remove it from the registry")
        return env

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context, page, config, nav):
        if page is self.sources_page:
            page.content = registry.fill_backlinks(
                page.content, self.index, lambda url: get_relative_url(url, page.url))
        return context
