"""Options of the ``explainer/myths`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class MythsConfig(Config):
    myths_file = c.Type(str, default="data/myths.yml")        # the myths, relative to mkdocs.yml
    myths_page = c.Type(str, default="myths.md")              # where the myths' own pages link back to
    myths_marker = c.Type(str, default="<!-- myths -->")       # where the myths go on a page
    scale_marker = c.Type(str, default="<!-- verdict-scale -->")  # where the verdicts' scale goes
