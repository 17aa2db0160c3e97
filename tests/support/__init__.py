"""What the tests (and ``bench/``) share, one module per concern; tests/conftest.py holds
only the pytest fixtures built on it.

- ``project``: the project's root, ``IN_CI``, ``copy_project`` (a throw-away copy of the
  sources) and ``run_build`` (scripts/build.py on a copy).
- ``browser``: the Chromium flags and the phone the browser tests emulate.
- ``serving``: a quiet HTTP handler for serving a built site.
- ``site``: reading the built site: nav pages, parsed HTML, a page's article.
- ``offline``: the full build (offline bundle, editions, online site) once per session,
  the unpacked bundle, static checks of its references.
- ``csp``: serving with the headers of ``_headers``, watching Chromium for CSP violations.
- ``glossary_tooltips``: the hover, focus and tap checks of the glossary tooltips.
- ``hostile``: hostile and broken inputs, each a change to a project copy
  (``python -m support.hostile PROJECT`` from tests/ prints their table).
- ``payload``: a project copy with a script payload in every text field.
- ``rules``: fixture content for the citation rules, appended to a project copy.
- ``readability``: the prose of a built page, as a reader reads it.
- ``quality_gates``: the quality gates over a built site (links, third-party requests,
  page weight, valid HTML); ``quality_tools``: the tools they need, axe and keyboard walks.
"""
