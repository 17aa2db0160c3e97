"""MkDocs plugin: the offline bundle's switches, and the "Read offline" link of the online site.

Offline build (``mkdocs.offline.yml`` sets ``extra.offline: true``). MkDocs merges an
INHERIT-ed config key by key, but a list in the child *replaces* the parent's list, so the
child cannot add a plugin or drop one feature without copying the whole list (and drifting).
The switches therefore live here, keyed on that one flag:

* ``use_directory_urls: false`` (file:// has no folder index) and Material's ``offline``
  plugin on (listed in mkdocs.yml, disabled there): search index as a script;
* ``navigation.instant*`` off: it fetches pages, which file:// forbids;
* the iframe-worker shim (search on file://) from ``vendor/`` instead of unpkg.com —
  the offline plugin adds the CDN address only when no ``iframe-worker`` polyfill is set;
* ``single-page.html``: every page in reading order (see ``explainer.offline.single_page``).

Online build: when ``EX_OFFLINE_ZIP`` names the bundle (``scripts/build.py`` builds it
first), the zip is published as ``downloads/<name>`` and every page links to it, with its size;
so are the EPUB and ZIM editions named in ``EX_OFFLINE_EDITIONS`` (``explainer.offline.editions``),
with their format, size, SHA-256 and what opens them.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from explainer.core.errors import ContentError
from explainer.core.escape import plain_title
from explainer.mkdocs_glue import content_errors, project_root
from explainer.offline import bundle, editions, single_page
from explainer.offline.config import OfflineConfig
from explainer.sources.markdown import REFERENCES_ID

OFFLINE_PLUGINS = ("material/offline",)
# Each page's own list of sources is left out of the single-page edition (its citations
# point at the sources page instead).
OMIT_IDS = frozenset({REFERENCES_ID})


def _offline(config) -> bool:
    return bool(config.extra.get("offline"))


def _headings(items) -> tuple[single_page.Heading, ...]:
    return tuple(single_page.Heading(item.level, item.id, item.title, _headings(item.children)) for item in items)


def _anchor_links(headings, level: int) -> list[AnchorLink]:
    links = []
    for heading in headings:
        link = AnchorLink(heading.title, heading.id, level)
        link.children = _anchor_links(heading.children, level + 1)
        links.append(link)
    return links


def _sidebar_toc(title: str, chapters) -> TableOfContents:
    """One level-1 entry (the document) holding the chapters: Material's sidebar lists the
    children of a leading level-1 entry, so every chapter shows there."""
    top = AnchorLink(title, single_page.TITLE_ID, 1)
    top.children = _anchor_links(chapters, 2)
    return TableOfContents([top])


class OfflinePlugin(BasePlugin[OfflineConfig]):
    @event_priority(100)  # before Material's offline plugin reads extra.polyfills
    def on_config(self, config):
        root = project_root(config)
        self.root = root
        self.offline = _offline(config)
        self.chapters: dict[str, single_page.Chapter] = {}
        self.order: list[str] = []
        self.zip: Path | None = None
        self.editions: list[Path] = []
        epoch = os.environ.get("SOURCE_DATE_EPOCH", str(bundle.EARLIEST_ZIP_TIME))
        if self.offline:
            config.use_directory_urls = False
            config.theme["features"] = bundle.offline_features(list(config.theme["features"] or []))
            config.extra.pop("version", None)  # the version selector fetches versions.json
            for name in OFFLINE_PLUGINS:
                plugin: Any = config.plugins.get(name)
                if plugin is None:
                    raise PluginError(f"mkdocs.yml: the '{name.split('/')[-1]}' plugin is not listed — "
                                      "add it under plugins: with 'enabled: false' (mkdocs.offline.yml turns it on)")
                plugin.config.enabled = True
            with content_errors():
                for item in bundle.VENDORED:
                    for file in item.files:
                        if not (root / item.source / file).is_file():
                            raise ContentError(f"{item.source}/{file}", None, "vendored file is missing",
                                               f"restore it as {item.source}/README.md explains")
            config.extra["polyfills"] = [bundle.SHIM]
            config.extra["offline_copy"] = {"date": bundle.build_date(epoch), "single_page": bundle.SINGLE_PAGE,
                                            "single_page_src": bundle.SINGLE_PAGE_SRC}
        else:
            zip_path = os.environ.get(bundle.ZIP_ENV)
            if zip_path:
                path = Path(zip_path)
                if not path.is_file():
                    raise PluginError(f"{bundle.ZIP_ENV}={zip_path}: no such file — build the offline bundle first "
                                      "(python scripts/build.py --dist-dir dist)")
                self.zip = path
                config.extra["offline_download"] = dict(editions.describe(path),
                                                        href=f"{bundle.DOWNLOADS}/{path.name}")
                self.editions = editions.from_env()
                for edition in self.editions:
                    if not edition.is_file():
                        raise PluginError(f"{editions.EDITIONS_ENV}: {edition}: no such file — build with "
                                          "python scripts/build.py --dist-dir dist")
                config.extra["offline_editions"] = [
                    dict(editions.describe(path), href=f"{bundle.DOWNLOADS}/{path.name}") for path in self.editions]
        return config

    @event_priority(-100)  # after other plugins added their files
    def on_files(self, files, config):
        src = bundle.SINGLE_PAGE_SRC
        if self.offline:
            root = self.root
            for item in bundle.VENDORED:
                for file in item.files:
                    files.append(File.generated(config, item.path(file), abs_src_path=str(root / item.source / file)))
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"{Path(config.docs_dir).name}/{src}: this name is taken by the offline bundle's "
                                  "single-page edition — rename the page")
            front_matter = ("---\n"
                            f"title: {self.config.single_page_title}\n"
                            "description: Every page of the explainer in reading order, for printing and e-readers.\n"
                            "search:\n  exclude: true\n"
                            "---\n\n"
                            "The whole explainer.\n")
            files.append(File.generated(config, src, content=front_matter,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        elif self.zip is not None:
            for path in [self.zip, *self.editions]:
                files.append(File.generated(config, f"{bundle.DOWNLOADS}/{path.name}", abs_src_path=str(path)))
        return files

    def on_nav(self, nav, config, files):
        self.order = [page.url for page in nav.pages]
        return nav

    @event_priority(-200)  # after every plugin that adds to page.content (glossary texts: -100)
    def on_page_context(self, context, page, config, nav):
        if not self.offline:
            return context
        if page.file.src_uri != bundle.SINGLE_PAGE_SRC:
            self.chapters[page.url] = single_page.Chapter(page.url, plain_title(page.title), page.content or "",
                                                          _headings(page.toc))
            return context
        missing = [url for url in self.order if url not in self.chapters]
        if missing:
            raise PluginError(f"the single-page edition is built before {', '.join(missing)} — "
                              "a plugin added pages after explainer/offline; list it after that plugin")
        urls = single_page.reading_order(self.order, [f.replace(".md", ".html") for f in self.config.at_end])
        copy = config.extra["offline_copy"]
        intro = (f'<p class="ex-single__intro">Every page of the explainer in reading order, as of '
                 f'{copy["date"]}: for printing, e-readers and “Save as PDF”. The sources come once, at the end. '
                 f'Latest version: <a href="{config.site_url}">{config.site_url}</a></p>')
        edition = single_page.combine([self.chapters[url] for url in urls], title=config.site_name,
                                      intro_html=intro, here="", omit=OMIT_IDS)
        page.content = edition.html
        page.toc = _sidebar_toc(html.escape(config.site_name), edition.toc)
        return context
