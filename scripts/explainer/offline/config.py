"""Options of the ``explainer/offline`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class OfflineConfig(Config):
    single_page_title = c.Type(str, default="The whole explainer on one page")
    # Reference pages go last in the single-page edition, once.
    at_end = c.ListOfItems(c.Type(str), default=["glossary.md", "sources.md"])
