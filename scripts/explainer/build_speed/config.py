"""Options of the ``explainer/build_speed`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class BuildSpeedConfig(Config):
    # gc.set_threshold's three generations (see plugin.py for the measurements behind them).
    thresholds = c.ListOfItems(c.Type(int), default=[100_000, 50, 100])
    # Compiled templates (Jinja's bytecode cache), relative to mkdocs.yml.
    template_cache_dir = c.Type(str, default=".cache/jinja")
