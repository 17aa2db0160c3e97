"""MkDocs hook: the data behind the social-credit-code checker (see explainer.uscc).

After the build it writes, byte for byte the same on every build:

* ``assets/javascripts/uscc-data.js``: ``window.USCC_DATA``, the tables of
  ``data/uscc.yml`` and the checker's messages, read by ``uscc.js``;
* ``assets/uscc-vectors.json``: the shared test vectors (Python's verdicts),
  which the browser test runs through the page's checker.
"""
from __future__ import annotations

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError  # noqa: E402

from explainer import uscc  # noqa: E402
from explainer.errors import ContentError  # noqa: E402
from explainer.sources import load_sources  # noqa: E402

TABLES_FILE = "data/uscc.yml"
SOURCES_FILE = "data/sources.yml"
DATA_JS = "assets/javascripts/uscc-data.js"
VECTORS_JSON = "assets/uscc-vectors.json"

_state: dict = {}


def _root(config) -> pathlib.Path:
    return pathlib.Path(config["config_file_path"]).resolve().parent


def _load(root: pathlib.Path) -> dict:
    sources = load_sources(root / SOURCES_FILE, root)
    return uscc.load_tables(root / TABLES_FILE, root, known_sources=sources)


def on_config(config):
    """Check the tables before anything is built, so bad data fails fast."""
    try:
        _state["tables"] = _load(_root(config))
    except ContentError as err:
        raise PluginError(str(err)) from None
    return config


def _write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def on_post_build(config):
    try:
        tables = _state.get("tables") or _load(_root(config))
        vector_list = uscc.vectors(tables)
    except ContentError as err:
        raise PluginError(str(err)) from None
    site = pathlib.Path(config["site_dir"])
    _write(site / DATA_JS, uscc.export_js(tables))
    _write(site / VECTORS_JSON, uscc.export_vectors(vector_list))
