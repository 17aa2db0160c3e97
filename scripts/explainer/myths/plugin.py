"""MkDocs plugin: expands ``<!-- myths -->`` and ``<!-- verdict-scale -->`` on the myths page.

It also gives each myth its own small page (``myths/<id>/``, for link previews), a share
line under the myth, and ClaimReview JSON-LD on the myths page (see explainer.myths.links).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from explainer.core.errors import ContentError
from explainer.mkdocs_glue import content_errors, link_from, project_root, source_registry
from explainer.myths import links as myth_links
from explainer.myths import record_dates
from explainer.myths import records as myth_data
from explainer.myths.config import MythsConfig


class MythsPlugin(BasePlugin[MythsConfig]):
    def on_config(self, config):
        self.myths: list[myth_data.Myth] = []
        self.titles: dict[str, str] = {}
        self.myths_page: Any = None
        return config

    def on_files(self, files, config):
        root = project_root(config)
        pages = {f.src_uri for f in files.documentation_pages()}
        with content_errors():
            sources = source_registry(config)
            self.myths = myth_data.load_myths(root / self.config.myths_file, sources, pages, root)
            if self.config.myths_page in pages:
                epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)
                dates = record_dates.record_dates(root, self.config.myths_file, epoch)
                for myth in self.myths:
                    self._add_route(files, config, myth, dates[myth.id])
        return files

    def _add_route(self, files, config, myth, dates) -> None:
        src = myth_links.route_src(myth.id)
        if files.get_file_from_path(src) is not None:
            shown = f"{Path(config.docs_dir).name}/{src}"
            raise ContentError(shown, None, f"{shown} clashes with the generated page of myth {myth.id!r}",
                               "rename or move the file; myths/<id>/ is reserved for myths")
        link = os.path.relpath(self.config.myths_page, os.path.dirname(src)).replace(os.sep, "/")
        when = {"published": record_dates.iso(dates.published), "modified": record_dates.iso(dates.modified)}
        files.append(File.generated(config, src, content=myth_links.route_markdown(myth, link, when),
                                    inclusion=InclusionLevel.NOT_IN_NAV))

    def on_nav(self, nav, config, files):
        self.titles = {page.file.src_uri: page.title for page in nav.pages}
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        myths_marker, scale_marker = self.config.myths_marker, self.config.scale_marker
        if myths_marker not in markdown and scale_marker not in markdown:
            return markdown
        titles = self.titles
        body = myth_data.render_myths(
            self.myths, lambda target: link_from(page, target),
            lambda target: titles.get(target.split("#")[0]) or target,
            share_for=lambda myth: _share(page, files, myth))
        if myths_marker in markdown:
            self.myths_page = page
        return markdown.replace(scale_marker, myth_data.render_scale()).replace(myths_marker, body)

    def on_page_content(self, html, page, config, files):
        """ClaimReview JSON-LD for every myth, on the page that shows the verdicts."""
        if page is not self.myths_page or not config.site_url:
            return html
        date = myth_links.publication_date(page.meta.get("reviewed"), os.environ.get("SOURCE_DATE_EPOCH"))
        base = page.canonical_url or config.site_url
        reviews = [myth_links.claim_review(m, f"{base}#{m.id}", config.site_name, config.site_url, date)
                   for m in self.myths]
        return html + myth_links.claim_reviews_script(reviews)


def _share(page, files, myth) -> str:
    route = myth_links.route_src(myth.id)
    if files.get_file_from_path(route) is None:
        return ""
    return myth_links.share_markup(myth, link_from(page, route))
