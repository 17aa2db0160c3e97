# The two commands a newcomer needs: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Deterministic output: dates come from the last commit, never from the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast bench clean requirements

site: $(VENV)/.deps
	$(PY) scripts/build.py

serve: $(VENV)/.deps
	$(PY) -m mkdocs serve

test: $(VENV)/.dev
	$(PY) -m pytest

# Without the browser tests: quick feedback while writing.
test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not browser"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
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
