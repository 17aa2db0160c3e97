"""Helpers shared by the MkDocs hooks in ``scripts/hooks/`` (and only by them).

Everything MkDocs-specific that more than one hook needs lives here, so that a move
to another MkDocs-compatible engine changes this file and the hooks, not the
``explainer`` package.
"""
from __future__ import annotations

import contextlib
import posixpath
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from mkdocs.exceptions import PluginError  # noqa: E402

from explainer.errors import ContentError  # noqa: E402


SOURCES_FILE = "data/sources.yml"
_registry_cache: dict = {}


def project_root(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent  # MkDocsConfig or a plain dict


@contextlib.contextmanager
def content_errors():
    """Turn a ``ContentError`` into a clean MkDocs build failure (no traceback)."""
    try:
        yield
    except ContentError as err:
        raise PluginError(str(err)) from None


def page_source(page, config) -> str:
    """The page's Markdown file, relative to the project root (for messages)."""
    return posixpath.join(Path(config.docs_dir).name, page.file.src_uri)


def line_offset(page, markdown: str) -> int:
    """Lines of the source file before line 1 of *markdown* (front matter MkDocs removed)."""
    if not page.file.abs_src_path:
        return 0
    raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    head = markdown.lstrip("\n")
    position = raw.find(head[:200]) if head else -1
    if position < 0:
        return 0
    return raw.count("\n", 0, position) - (len(markdown) - len(head))


def link_from(page, target_src_uri: str) -> str:
    """A Markdown link target from *page* to the docs file *target_src_uri*."""
    here = posixpath.dirname(page.file.src_uri)
    return posixpath.relpath(target_src_uri, here or ".")


def source_registry(config) -> dict:
    """The sources registry, read once per build however many hooks need it.

    Cached by the file's modification time, so ``mkdocs serve`` picks up edits.
    Raises ``ContentError`` like ``explainer.sources.load_sources``.
    """
    from explainer.sources import load_sources

    root = project_root(config)
    path = root / SOURCES_FILE
    key = (str(path), path.stat().st_mtime_ns if path.exists() else None)
    if key not in _registry_cache:
        _registry_cache.clear()
        _registry_cache[key] = load_sources(path, root)
    return _registry_cache[key]
