"""Options of the ``explainer/previews`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PreviewsConfig(Config):
    cache_dir = c.Type(str, default=".cache/cards")  # drawn cards by content hash, relative to mkdocs.yml
