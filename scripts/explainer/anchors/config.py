"""Options of the ``explainer/anchors`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from explainer.anchors.ids import LOCK_FILE


class AnchorsConfig(Config):
    lock_file = c.Type(str, default=LOCK_FILE)  # every published address and anchor, relative to mkdocs.yml
    # The ids of each page, by a hash of its HTML (one folder per configuration file), relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/anchors")
