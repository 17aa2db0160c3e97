"""MkDocs plugin: the data behind the social-credit-code checker (see explainer.uscc.codes).

After the build it writes, byte for byte the same on every build:

* ``assets/javascripts/uscc-data.js``: ``window.USCC_DATA``, the tables of
  ``data/uscc.yml`` and the checker's messages, read by ``uscc.js``;
* ``assets/uscc-vectors.json``: the shared test vectors (Python's verdicts),
  which the browser test runs through the page's checker.
"""
from __future__ import annotations

import pathlib

from mkdocs.plugins import BasePlugin

from explainer.mkdocs_glue import content_errors, project_root, source_registry
from explainer.uscc import codes as uscc
from explainer.uscc.config import UsccConfig


def _write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


class UsccPlugin(BasePlugin[UsccConfig]):
    def on_config(self, config):
        """Check the tables before anything is built, so bad data fails fast."""
        root = project_root(config)
        with content_errors():
            self.tables = uscc.load_tables(root / self.config.tables_file, root, known_sources=source_registry(config))
        return config

    def on_post_build(self, config):
        tables = self.tables  # loaded and checked in on_config
        with content_errors():
            vector_list = uscc.vectors(tables)
        site = pathlib.Path(config["site_dir"])
        _write(site / self.config.data_js, uscc.export_js(tables))
        _write(site / self.config.vectors_json, uscc.export_vectors(vector_list))
