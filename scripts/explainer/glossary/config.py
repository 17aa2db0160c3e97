"""Options of the ``explainer/glossary`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GlossaryConfig(Config):
    glossary_file = c.Type(str, default="data/glossary.yml")  # the terms, relative to mkdocs.yml
    glossary_page = c.Type(str, default="glossary.md")        # the page that lists every term
    marker = c.Type(str, default="<!-- glossary -->")          # where on that page the entries go
