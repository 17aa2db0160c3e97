"""MkDocs plugin: ```mermaid fences rendered at build time to inline SVG figures.

See explainer.diagrams.markdown for the authoring format, explainer.diagrams.renderer for
the renderer and its cache (.cache/diagrams/), explainer.diagrams.svg for theming and ids.
The plugin injects the superfences custom fence (so mkdocs.yml needs no Python
import), then checks and renders every diagram of a page in on_page_markdown,
where file and line are known: a missing title or text alternative, an unknown
source id or a Mermaid syntax error stops the build with file, line and fix.
"""
from __future__ import annotations

import logging
import time
from typing import NoReturn

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from pymdownx.superfences import SuperFencesException

from explainer.core import disk_cache
from explainer.core.errors import ContentError
from explainer.diagrams import renderer
from explainer.diagrams.config import DiagramsConfig
from explainer.diagrams.markdown import (
    DiagramExtension,
    Prepared,
    file_line,
    find_diagram_fences,
    normalize,
    parse_diagram,
    text_offset,
)
from explainer.mkdocs_glue import content_errors, line_offset, page_source, project_root, source_registry
from explainer.sources.registry import check_citations

log = logging.getLogger("mkdocs.plugins.explainer.diagrams")

SUPERFENCES = "pymdownx.superfences"


class DiagramBuildError(PluginError, SuperFencesException):
    """A content error raised inside a superfences formatter (which re-raises only its own type)."""


def _raise(err: ContentError) -> NoReturn:
    raise DiagramBuildError(str(err)) from None


class DiagramsPlugin(BasePlugin[DiagramsConfig]):
    def on_startup(self, *, command, dirty):
        self.dirty = dirty  # a --dirty build renders only some pages: it must not prune

    def on_config(self, config):
        root = project_root(config)
        with content_errors():
            self.sources = source_registry(config)
        extension = DiagramExtension(self._prepare_unseen, _raise)
        self.cache = root / self.config.cache_dir
        self.page_path = ""
        self.prepared: dict[str, Prepared] = {}
        self.rendered = self.cached = 0
        self.seconds = 0.0
        self.used: set[str] = set()
        if SUPERFENCES not in config.markdown_extensions:
            raise PluginError(f"mkdocs.yml: diagrams need the {SUPERFENCES} extension — "
                              f"add '- {SUPERFENCES}' to markdown_extensions")
        fences = config.mdx_configs.setdefault(SUPERFENCES, {}).setdefault("custom_fences", [])
        fences[:] = [fence for fence in fences if fence.get("name") != extension.custom_fence()["name"]]
        fences.append(extension.custom_fence())
        config.markdown_extensions.append(extension)
        return config

    def on_page_markdown(self, markdown, page, config, files):
        path = page_source(page, config)
        offset = line_offset(page, markdown)
        self.page_path = path
        self.prepared = prepared = {}
        with content_errors():
            for fence in find_diagram_fences(markdown):
                diagram = parse_diagram(fence.source, path, fence.line + offset)
                prepared[normalize(fence.source)] = self._render(diagram)
        return markdown

    def _prepare_unseen(self, source: str) -> Prepared:
        """A fence the page scan did not see (e.g. from an included snippet): check it now."""
        prepared = self.prepared.get(normalize(source))
        if prepared is None:
            prepared = self._render(parse_diagram(source, self.page_path + " (in included text)", 0))
        return prepared

    def _render(self, diagram) -> Prepared:
        self._check_citations(diagram)
        started = time.perf_counter()
        try:
            raw, from_cache = renderer.render_cached(diagram.render_source, self.cache)
        except renderer.DiagramSyntaxError as err:
            raise ContentError(diagram.path, file_line(diagram, err.line),
                               f"Mermaid cannot render this diagram: {err.message}",
                               "fix the diagram's syntax (https://mermaid.js.org/intro/syntax-reference.html)"
                               ) from None
        self.seconds += time.perf_counter() - started
        if from_cache:
            self.cached += 1
        else:
            self.rendered += 1
        self.used.add(renderer.cache_key(diagram.render_source))
        return Prepared(diagram, raw)

    def _check_citations(self, diagram) -> None:
        """Unknown ids, weak-only citations and unbacked quotations, as in the prose."""
        for text in (diagram.title, diagram.description):
            check_citations(text, self.sources, diagram.path, text_offset(diagram, text))

    def on_post_build(self, config):
        if self.rendered or self.cached:
            pruned = 0 if getattr(self, "dirty", False) else disk_cache.prune(self.cache, self.used, ".svg")
            log.info(f"diagrams: {self.rendered} rendered, {self.cached} from the cache "
                     f"({self.seconds:.2f} s)" + (f"; {pruned} unused renders pruned" if pruned else ""))
