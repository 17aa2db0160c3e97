"""The explainer's build: one folder per feature, each a MkDocs plugin over plain Python.

In every feature folder ``plugin.py`` (with its options in ``config.py``) is the MkDocs
adapter, ``markdown.py`` the Python-Markdown extension where there is one, and the other
modules plain functions with no MkDocs imports. ``core/`` holds what every feature shares;
``mkdocs_glue.py`` the few MkDocs helpers the plugins share. Data flows one way:
YAML files -> validated records -> Markdown/HTML fragments.
"""
