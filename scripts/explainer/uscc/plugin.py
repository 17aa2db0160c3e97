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

from mkdocs_glue import content_errors, project_root, source_registry  # noqa: E402
from explainer import uscc  # noqa: E402

TABLES_FILE = "data/uscc.yml"
DATA_JS = "assets/javascripts/uscc-data.js"
VECTORS_JSON = "assets/uscc-vectors.json"

_state: dict = {}


def on_config(config):
    """Check the tables before anything is built, so bad data fails fast."""
    root = project_root(config)
    with content_errors():
        _state["tables"] = uscc.load_tables(root / TABLES_FILE, root, known_sources=source_registry(config))
    return config


def _write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def on_post_build(config):
    tables = _state["tables"]  # loaded and checked in on_config
    with content_errors():
        vector_list = uscc.vectors(tables)
    site = pathlib.Path(config["site_dir"])
    _write(site / DATA_JS, uscc.export_js(tables))
    _write(site / VECTORS_JSON, uscc.export_vectors(vector_list))
