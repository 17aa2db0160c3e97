"""MkDocs hook: the sources registry and ``[@id]`` citations (see explainer.sources)."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from mkdocs_glue import SOURCES_FILE, content_errors, line_offset, link_from, page_source, project_root, source_registry  # noqa: E402
from explainer import sources as registry  # noqa: E402
from explainer.citations_md import CitationExtension  # noqa: E402
from explainer.escape import plain_title  # noqa: E402

log = logging.getLogger("mkdocs.plugins.explainer.sources")

SOURCES_PAGE = "sources.md"
MARKER = "<!-- sources-registry -->"

_state: dict = {}


def on_config(config):
    root = project_root(config)
    with content_errors():
        sources = source_registry(config)
    index = registry.CitationIndex(sources)
    _state.update(root=root, index=index, page=None, sources_page=None)
    config.markdown_extensions.append(
        CitationExtension(index, lambda: link_from(_state["page"], SOURCES_PAGE)))
    return config


def on_page_markdown(markdown, page, config, files):
    index = _state["index"]
    with content_errors():
        registry.check_citations(markdown, index.sources, page_source(page, config),
                                  line_offset(page, markdown))
    _state["page"] = page
    index.begin_page(page.url, plain_title(page.title))
    if page.file.src_uri == SOURCES_PAGE:
        _state["sources_page"] = page
        markdown = markdown.replace(MARKER, registry.render_registry(index.sources))
    return markdown


def on_env(env, config, files):
    index = _state["index"]
    for source_id in index.uncited():
        source = index.sources[source_id]
        log.warning(f"{SOURCES_FILE}:{source.line}: source {source_id!r} is never cited — "
                    "cite it where its fact is used, or remove it from the registry")
    return env


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    if page is _state.get("sources_page"):
        page.content = registry.fill_backlinks(
            page.content, _state["index"], lambda url: get_relative_url(url, page.url))
    return context
