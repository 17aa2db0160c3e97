"""Options of the ``explainer/asset_bundle`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AssetBundleConfig(Config):
    # Material's style sheets (assets/stylesheets/<name>.<hash>.min.css) trimmed to what the pages use.
    theme_css = c.ListOfItems(c.Type(str), default=["main", "palette"])
    # Outlines of the style sheets (css_outline) and the names each page holds, by a hash of
    # their content; relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/css")
