"""Options of the ``explainer/diagrams`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class DiagramsConfig(Config):
    cache_dir = c.Type(str, default=".cache/diagrams")  # rendered SVGs by content hash, relative to mkdocs.yml
