"""Options of the ``explainer/uscc`` plugin."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class UsccConfig(Config):
    tables_file = c.Type(str, default="data/uscc.yml")                     # relative to mkdocs.yml
    data_js = c.Type(str, default="assets/javascripts/uscc-data.js")       # window.USCC_DATA, in the site
    vectors_json = c.Type(str, default="assets/uscc-vectors.json")         # the shared test vectors, in the site
