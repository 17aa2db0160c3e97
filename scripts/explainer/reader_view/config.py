"""Options of the ``explainer/reader_view`` plugin (none yet)."""
from __future__ import annotations

from mkdocs.config.base import Config


class ReaderViewConfig(Config):
    pass
