"""Options of the ``explainer/content_checks`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ContentChecksConfig(Config):
    # Marks of the values that passed their JSON Schema (explainer.core.schema_passes), relative to mkdocs.yml.
    schema_cache_dir = c.Type(str, default=".cache/schema")
