"""Shared fixtures: one real build per session, an HTTP server, headless Chromium.

Browser tests are marked ``browser``. They skip when Chromium is missing, except
under ``CI=true`` where a missing browser is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() == "true"

# What a test copy of the project needs (never .venv, site/, dist/, caches).
PROJECT_PARTS = ["docs", "data", "overrides", "scripts", "mkdocs.yml", "mkdocs.offline.yml", "vendor"]


def run_build(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run the project's atomic build (scripts/build.py) on *project* into *site_dir*."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"))
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build.py"), "--config-file", str(project / config),
         "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True)


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's sources, for tests that break its content."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    cache = ROOT / ".cache"
    if cache.is_dir():  # rendered diagrams: keeps broken-input builds fast
        shutil.copytree(cache, dest / ".cache")
    return dest


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in "/") of an HTTP server on 127.0.0.1 serving the built site."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# A phone: its width, touch events and mobile viewport (Playwright context options).
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone_page(browser):
    """A page in a fresh phone-sized context with touch (``tap()`` works there)."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
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
