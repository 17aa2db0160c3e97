"""Options of the ``explainer/corrections`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CorrectionsConfig(Config):
    corrections_file = c.Type(str, default="data/corrections.yml")  # the log, relative to mkdocs.yml
    corrections_page = c.Type(str, default="corrections.md")        # the page that lists the corrections
    marker = c.Type(str, default="<!-- corrections -->")             # where on a page the list goes
