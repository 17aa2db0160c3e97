"""Options of the ``explainer/asset_bundle`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AssetBundleConfig(Config):
    # Material's style sheets (assets/stylesheets/<name>.<hash>.min.css) trimmed to what the pages use.
    theme_css = c.ListOfItems(c.Type(str), default=["main", "palette"])
    # The theme's other scripts (overrides/assets/javascripts/*.js that are not joined: the
    # loader of Material's bundle, one page's checker) are minified where they are.
    minify_scripts = c.Type(bool, default=True)
    # Outlines of the style sheets (css_outline) and the names each page holds, by a hash of
    # their content; relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/css")
