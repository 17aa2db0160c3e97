# The two commands a newcomer needs: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Deterministic output: dates come from the last commit, never from the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1
NODE_TOOLS := node_modules/.package-lock.json

.PHONY: site serve test test-fast bench clean requirements anchors

# The offline bundle (dist/<name>-offline.zip) first, then the online site that links to it.
site: $(VENV)/.deps
	$(PY) scripts/build.py --dist-dir dist

serve: $(VENV)/.deps
	$(PY) -m mkdocs serve

test: $(VENV)/.dev $(NODE_TOOLS)
	$(PY) -m pytest

# After adding headings or pages: record their permanent anchors in data/anchors.lock.
anchors: $(VENV)/.deps
	$(PY) scripts/anchors.py --update

# Without the browser tests: quick feedback while writing.
test-fast: $(VENV)/.dev $(NODE_TOOLS)
	$(PY) -m pytest -m "not browser"

# Build speed at scale, page weight, Lighthouse, against a stock Material build: bench/results.md.
bench: $(VENV)/.dev $(NODE_TOOLS)
	PYTHONPATH=tests $(PY) bench/run.py

# Pinned Node tools for the quality gates and bench (vnu-jar, lighthouse: package-lock.json).
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's java runs it.
$(NODE_TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The pinned dependencies, then this project's own package (pyproject.toml: the explainer/*
# MkDocs plugins), editable so that edits under scripts/explainer/ take effect at once.
$(VENV)/.deps: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.deps
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Re-pin after editing requirements.in or requirements-dev.in.
requirements: | $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --output-file requirements-dev.txt requirements-dev.in

clean:
	rm -rf site dist .cache .pytest_cache .hypothesis $(VENV)
