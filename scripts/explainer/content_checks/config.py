"""Options of the ``explainer/content_checks`` plugin (none yet)."""
from __future__ import annotations

from mkdocs.config.base import Config


class ContentChecksConfig(Config):
    pass
