"""Options of the ``explainer/csp`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CspConfig(Config):
    headers_file = c.Type(str, default="_headers")  # Netlify/Cloudflare Pages headers, in the online site
    # What each page has inline, by a hash of the page (csp.inline_cache): one folder per
    # configuration file, relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/csp")
