"""MkDocs plugin: the corrections log (``data/corrections.yml``) and the Atom feed.

Expands ``<!-- corrections -->`` on the corrections page (see explainer.corrections.log),
checks once every page is rendered that each corrected section exists, and writes
``feed.xml`` (explainer.corrections.feed): the corrections and every page whose front matter
has ``published: YYYY-MM-DD``. The feed is a generated file whose text is set in on_env,
once every page has been read (MkDocs copies such files after on_env), so pages can link
to it like to any file. Every page of the site names it in a ``<link rel="alternate">``
(``overrides/partials/ex-meta.html``). The offline bundle's pages do not: Material's
script fetches ``sitemap.xml`` beside every alternate link it finds, which from file://
is a failed load (relative link) or a request to the network (link to the public feed).
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from explainer.anchors import ids as anchors
from explainer.core.errors import ContentError
from explainer.corrections import feed
from explainer.corrections import log as corrections
from explainer.corrections.config import CorrectionsConfig
from explainer.diagrams.markdown import plain_text
from explainer.mkdocs_glue import content_errors, link_from, page_source, project_root, source_registry
from explainer.previews import meta


class CorrectionsPlugin(BasePlugin[CorrectionsConfig]):
    def on_config(self, config):
        self.log: list[corrections.Correction] = []
        self.titles: dict = {}
        self.ids: dict[str, set[str]] = {}
        self.published: dict[str, tuple[str, str, str]] = {}
        self.feed: File | None = None
        return config

    def on_files(self, files, config):
        root = project_root(config)
        docs = Path(config.docs_dir)
        pages = {f.src_uri for f in files.documentation_pages()}
        with content_errors():
            self.log = corrections.load_corrections(root / self.config.corrections_file, source_registry(config),
                                                    pages, root)
            self.titles = {page: corrections.section_titles(docs / page) for page in {c.page for c in self.log}}
        self.ids, self.published = {}, {}
        if files.get_file_from_path(feed.FEED_PATH) is not None:
            raise PluginError(f"{docs.name}/{feed.FEED_PATH}: this name is taken by the Atom feed — rename the file")
        self.feed = File.generated(config, feed.FEED_PATH, content="")
        files.append(self.feed)
        return files

    def _title(self, correction) -> str:
        page_title, headings = self.titles[correction.page]
        return corrections.title_of(correction, page_title, headings)

    def on_page_markdown(self, markdown, page, config, files):
        # Read from the file: MkDocs drops the whole front matter, silently, when YAML cannot
        # make a date of it (published: 2026-11-31).
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else ""
        published, line = corrections.front_matter_value(raw, "published")
        if published is not None:
            with content_errors():
                try:
                    corrections.check_date(published)
                except ValueError:
                    raise ContentError(page_source(page, config), line,
                                       f"published {published!r} is not a date written YYYY-MM-DD",
                                       "write it like published: 2026-12-02") from None
            self.published[page.file.src_uri] = (published, page.meta.get("title") or page.title or "",
                                                 str(page.meta.get("description") or ""))
        if self.config.marker in markdown:
            body = corrections.render_corrections(
                self.log, lambda c: f"{link_from(page, c.page)}#{c.anchor}", self._title)
            markdown = markdown.replace(self.config.marker, body)
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri in self.titles:  # only corrected pages: their anchors are checked
            self.ids[page.file.src_uri] = set(anchors.collect_ids(html).all_ids)
        return html

    def on_env(self, env, config, files):
        with content_errors():
            corrections.check_anchors(self.log, self.ids)
        site_url = config.site_url or ""
        assert self.feed is not None  # added in on_files
        self.feed.content_string = feed.render_feed(
            config.site_name, site_url, self.entries(site_url), feed.epoch_date(os.environ.get("SOURCE_DATE_EPOCH")))
        if not config.extra.get("offline"):
            env.globals["ex_feed"] = {"title": feed.feed_title(config.site_name), "path": feed.FEED_PATH}
        return env

    def entries(self, site_url: str) -> list[feed.Entry]:
        found = []
        for c in self.log:
            summary = (f"Before: {plain_text(c.before)} Now: {plain_text(c.after)} Why: {plain_text(c.why)}")
            found.append(feed.Entry(id=_address(site_url, self.config.corrections_page, c.id),
                                    title=f"Correction: {self._title(c)}",
                                    link=_address(site_url, c.page, c.anchor), date=c.date, summary=summary))
        for src_uri, (date, title, description) in sorted(self.published.items()):
            found.append(feed.Entry(id=_address(site_url, src_uri), title=f"New page: {title}",
                                    link=_address(site_url, src_uri), date=date, summary=description))
        return found


def _address(site_url: str, src_uri: str, anchor: str = "") -> str:
    return meta.absolute(site_url, anchors.page_address(src_uri)) + (f"#{anchor}" if anchor else "")
