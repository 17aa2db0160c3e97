"""Options of the ``explainer/sources`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SourcesConfig(Config):
    sources_file = c.Type(str, default="data/sources.yml")  # the registry, relative to mkdocs.yml
    sources_page = c.Type(str, default="sources.md")        # the page that lists every source
    marker = c.Type(str, default="<!-- sources-registry -->")  # where on that page the list goes
