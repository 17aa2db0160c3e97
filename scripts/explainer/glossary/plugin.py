"""MkDocs plugin: glossary references in every page and the glossary page (see explainer.glossary.terms)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from explainer.core.errors import ContentError
from explainer.core.escape import plain_title
from explainer.glossary import terms as glossary
from explainer.glossary.config import GlossaryConfig
from explainer.glossary.markdown import GlossaryExtension
from explainer.mkdocs_glue import content_errors, project_root, source_registry


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    def on_config(self, config):
        root = project_root(config)
        with content_errors():
            sources = source_registry(config)
            self.terms = glossary.load_glossary(root / self.config.glossary_file, sources, root)
        self.usage = glossary.Usage()
        self.page: Any = None
        self.pages: dict[str, Any] = {}
        self.nav_urls: list[str] = []
        self.href = ""
        self.glossary_url = ""
        config.markdown_extensions.append(GlossaryExtension(
            glossary.Matcher(self.terms), self.usage, lambda: self.href, enabled=lambda: self.page is not None))
        return config

    def on_files(self, files, config):
        name, marker = self.config.glossary_page, self.config.marker
        with content_errors():
            page = files.get_file_from_path(name)
            if page is None:
                raise ContentError(f"{Path(config.docs_dir).name}/{name}", None, "the glossary page is missing",
                                   f"create it with the line {marker} where the entries go")
            if marker not in page.content_string:
                raise ContentError(f"{Path(config.docs_dir).name}/{name}", None,
                                   f"the glossary page has no {marker} marker",
                                   "add the marker on a line of its own where the entries go")
        self.glossary_url = page.url
        return files

    def on_nav(self, nav, config, files):
        self.nav_urls = [page.url for page in nav.pages]
        self.pages = {}
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        self.page = page
        self.pages[page.url] = page
        self.href = _href(self.glossary_url, page.url)
        self.usage.begin_page(page.url)
        if page.file.src_uri == self.config.glossary_page:
            # The entries' own links ("related") are Markdown links, which MkDocs checks.
            markdown = markdown.replace(self.config.marker,
                                        glossary.render_glossary(self.terms, self.config.glossary_page))
        return markdown

    @event_priority(-100)  # after the search plugin: the long "used on" lists stay out of the search index
    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri == self.config.glossary_page:
            # Reading order: the nav first, then pages outside it (e.g. generated ones) by URL.
            pages = self.pages
            order = [url for url in self.nav_urls if url in pages] + sorted(set(pages) - set(self.nav_urls))
            titles = {url: plain_title(pages[url].title) or url for url in order}
            page.content = glossary.fill_used_on(page.content, self.usage, titles,
                                                 lambda url: _href(url, page.url), glossary_url=page.url)
        return context


def _href(url: str, from_url: str) -> str:
    """A link to the page at *url*, to which an #anchor can be appended ("../", not "..")."""
    href = get_relative_url(url, from_url)
    return href + "/" if href in (".", "..") or href.endswith("/..") else href
