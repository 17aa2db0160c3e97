"""MkDocs hook: expands ``<!-- myths -->`` and ``<!-- verdict-scale -->`` on the myths page."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs_glue import content_errors, link_from, project_root  # noqa: E402
from explainer import myths as myth_data  # noqa: E402
from explainer.sources import load_sources  # noqa: E402

MYTHS_FILE = "data/myths.yml"
SOURCES_FILE = "data/sources.yml"
MYTHS_MARKER = "<!-- myths -->"
SCALE_MARKER = "<!-- verdict-scale -->"

_state: dict = {}


def on_files(files, config):
    root = project_root(config)
    pages = {f.src_uri for f in files.documentation_pages()}
    with content_errors():
        sources = load_sources(root / SOURCES_FILE, root)
        _state["myths"] = myth_data.load_myths(root / MYTHS_FILE, sources, pages, root)
    return files


def on_nav(nav, config, files):
    _state["titles"] = {page.file.src_uri: page.title for page in nav.pages}
    return nav


def on_page_markdown(markdown, page, config, files):
    if MYTHS_MARKER not in markdown and SCALE_MARKER not in markdown:
        return markdown
    titles = _state.get("titles", {})
    body = myth_data.render_myths(
        _state["myths"], lambda target: link_from(page, target),
        lambda target: titles.get(target.split("#")[0]) or target)
    return markdown.replace(SCALE_MARKER, myth_data.render_scale()).replace(MYTHS_MARKER, body)
