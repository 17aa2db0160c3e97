"""Options of the ``explainer/search_view`` plugin (none yet)."""
from __future__ import annotations

from mkdocs.config.base import Config


class SearchViewConfig(Config):
    pass
