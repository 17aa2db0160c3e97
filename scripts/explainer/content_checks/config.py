"""Options of the ``explainer/content_checks`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ContentChecksConfig(Config):
    # Marks of the inputs that passed their checks (explainer.core.passed_checks), one folder per
    # configuration file, relative to mkdocs.yml.
    checks_cache_dir = c.Type(str, default=".cache/checks")
