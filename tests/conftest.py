"""Shared fixtures: one real build per session, an HTTP server, headless Chromium.

The helpers they are built on live in tests/support/. Browser tests are marked ``browser``.
They skip when Chromium is missing, except under ``CI=true`` where a missing browser is a
failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS, PHONE, chromium
from support.project import IN_CI, ROOT, copy_project, run_build
from support.serving import served


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real online site, built once for the whole session."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = run_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"the site does not build:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in "/") of an HTTP server on 127.0.0.1 serving the built site."""
    with served(built_site) as url:
        yield url


@pytest.fixture
def phone_page(browser):
    """A page in a fresh phone-sized context with touch (``tap()`` works there)."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if not executable:
        message = "Chromium or Playwright is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + " — browser tests may not skip in CI")
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)
