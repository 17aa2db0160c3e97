"""Options of the ``explainer/csp`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CspConfig(Config):
    headers_file = c.Type(str, default="_headers")  # Netlify/Cloudflare Pages headers, in the online site
