"""MkDocs hook: ```mermaid fences rendered at build time to inline SVG figures.

See explainer.diagrams_md for the authoring format, explainer.diagrams for the
renderer and its cache (.cache/diagrams/), explainer.diagram_svg for theming and ids.
The hook injects the superfences custom fence (so mkdocs.yml needs no Python
import), then checks and renders every diagram of a page in on_page_markdown,
where file and line are known: a missing title or text alternative, an unknown
source id or a Mermaid syntax error stops the build with file, line and fix.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError  # noqa: E402
from pymdownx.superfences import SuperFencesException  # noqa: E402

from mkdocs_glue import content_errors, line_offset, page_source, project_root, source_registry  # noqa: E402
from explainer import diagrams as renderer  # noqa: E402
from explainer import disk_cache  # noqa: E402
from explainer.diagrams_md import (  # noqa: E402
    DiagramExtension, Prepared, file_line, find_diagram_fences, normalize, parse_diagram, text_offset)
from explainer.sources import check_citations  # noqa: E402
from explainer.errors import ContentError  # noqa: E402

log = logging.getLogger("mkdocs.plugins.explainer.diagrams")

CACHE_DIR = ".cache/diagrams"
SUPERFENCES = "pymdownx.superfences"

_state: dict = {}


class DiagramBuildError(PluginError, SuperFencesException):
    """A content error raised inside a superfences formatter (which re-raises only its own type)."""


def _raise(err: ContentError) -> None:
    raise DiagramBuildError(str(err)) from None


def on_config(config):
    root = project_root(config)
    with content_errors():
        sources = source_registry(config)
    extension = DiagramExtension(_prepare_unseen, _raise)
    _state.update(root=root, sources=sources, cache=root / CACHE_DIR, page_path="", prepared={},
                  rendered=0, cached=0, seconds=0.0, used=set())
    if SUPERFENCES not in config.markdown_extensions:
        raise PluginError(f"mkdocs.yml: diagrams need the {SUPERFENCES} extension — "
                          f"add '- {SUPERFENCES}' to markdown_extensions")
    fences = config.mdx_configs.setdefault(SUPERFENCES, {}).setdefault("custom_fences", [])
    fences[:] = [fence for fence in fences if fence.get("name") != extension.custom_fence()["name"]]
    fences.append(extension.custom_fence())
    config.markdown_extensions.append(extension)
    return config


def on_page_markdown(markdown, page, config, files):
    path = page_source(page, config)
    offset = line_offset(page, markdown)
    _state["page_path"] = path
    _state["prepared"] = prepared = {}
    with content_errors():
        for fence in find_diagram_fences(markdown):
            diagram = parse_diagram(fence.source, path, fence.line + offset)
            prepared[normalize(fence.source)] = _render(diagram)
    return markdown


def _prepare_unseen(source: str) -> Prepared:
    """A fence the page scan did not see (e.g. from an included snippet): check it now."""
    prepared = _state["prepared"].get(normalize(source))
    if prepared is None:
        prepared = _render(parse_diagram(source, _state["page_path"] + " (in included text)", 0))
    return prepared


def _render(diagram) -> Prepared:
    _check_citations(diagram)
    started = time.perf_counter()
    try:
        raw, from_cache = renderer.render_cached(diagram.render_source, _state["cache"])
    except renderer.DiagramSyntaxError as err:
        raise ContentError(diagram.path, file_line(diagram, err.line),
                           f"Mermaid cannot render this diagram: {err.message}",
                           "fix the diagram's syntax (https://mermaid.js.org/intro/syntax-reference.html)") from None
    _state["seconds"] += time.perf_counter() - started
    _state["cached" if from_cache else "rendered"] += 1
    _state["used"].add(renderer.cache_key(diagram.render_source))
    return Prepared(diagram, raw)


def _check_citations(diagram) -> None:
    """Unknown ids, weak-only citations and unbacked quotations, as in the prose."""
    for text in (diagram.title, diagram.description):
        check_citations(text, _state["sources"], diagram.path, text_offset(diagram, text))


def on_startup(command, dirty):
    _state["dirty"] = dirty  # a --dirty build renders only some pages: it must not prune


def on_post_build(config):
    if _state.get("rendered") or _state.get("cached"):
        pruned = 0 if _state.get("dirty") else disk_cache.prune(_state["cache"], _state["used"], ".svg")
        log.info(f"diagrams: {_state['rendered']} rendered, {_state['cached']} from the cache "
                 f"({_state['seconds']:.2f} s)" + (f"; {pruned} unused renders pruned" if pruned else ""))
