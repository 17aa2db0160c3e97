"""Helpers shared by the MkDocs plugins (``explainer/<feature>/plugin.py``, and only by them).

Everything MkDocs-specific that more than one plugin needs lives here, so that a move
to another MkDocs-compatible engine changes this file and the plugins, not the
feature modules beside them.
"""
from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from explainer.core.errors import ContentError

SOURCES_FILE = "data/sources.yml"  # the default; the explainer/sources plugin's sources_file
SOURCES_PLUGIN = "explainer/sources"
_registry_cache: dict = {}


def project_root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent  # MkDocsConfig or a plain dict


def build_cache(config: Any, folder: str) -> Path:
    """The cache *folder* (relative to mkdocs.yml) of this configuration file's builds: the
    offline and the online builds' pages differ, and each build prunes what it did not use."""
    return project_root(config) / folder / Path(config["config_file_path"]).stem


@contextlib.contextmanager
def content_errors() -> Iterator[None]:
    """Turn a ``ContentError`` into a clean MkDocs build failure (no traceback)."""
    try:
        yield
    except ContentError as err:
        raise PluginError(str(err)) from None


def page_source(page: Any, config: Any) -> str:
    """The page's Markdown file, relative to the project root (for messages)."""
    return posixpath.join(Path(config.docs_dir).name, page.file.src_uri)


def line_offset(page: Any, markdown: str) -> int:
    """Lines of the source file before line 1 of *markdown* (front matter MkDocs removed)."""
    if not page.file.abs_src_path:
        return 0
    raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    head = markdown.lstrip("\n")
    position = raw.find(head[:200]) if head else -1
    if position < 0:
        return 0
    return raw.count("\n", 0, position) - (len(markdown) - len(head))


def link_from(page: Any, target_src_uri: str) -> str:
    """A Markdown link target from *page* to the docs file *target_src_uri*."""
    here = posixpath.dirname(page.file.src_uri)
    return posixpath.relpath(target_src_uri, here or ".")


def sources_file(config: Any) -> str:
    """The sources registry's path (relative to the project): the sources plugin's option."""
    plugin = config["plugins"].get(SOURCES_PLUGIN) if "plugins" in config else None
    return plugin.config.sources_file if plugin is not None else SOURCES_FILE


def source_registry(config: Any) -> dict:
    """The sources registry, read once per build however many plugins need it.

    Cached by the file's modification time, so ``mkdocs serve`` picks up edits.
    Raises ``ContentError`` like ``explainer.sources.registry.load_sources``.
    """
    from explainer.sources.registry import load_sources

    root = project_root(config)
    path = root / sources_file(config)
    key = (str(path), path.stat().st_mtime_ns if path.exists() else None)
    if key not in _registry_cache:
        _registry_cache.clear()
        _registry_cache[key] = load_sources(path, root)
    return _registry_cache[key]
