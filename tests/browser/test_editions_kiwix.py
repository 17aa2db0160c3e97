"""The ZIM edition in Kiwix's own server (``kiwix-serve``, Debian kiwix-tools) on loopback,
read in headless Chromium: pages load with no missing file and no script error, the
glossary tooltips, the code checker and the search work, and without JavaScript a
glossary reference is still a link to its entry and the checker says what to do."""
from __future__ import annotations

import re
import select
import shutil
import socket
import subprocess

import pytest
from playwright.sync_api import expect

from support.project import IN_CI
from support.glossary_tooltips import check_hover
from support.offline import built_bundle

pytestmark = pytest.mark.browser

ZIM = "social-credit-untangled.zim"
EXAMPLE_CODE = "91350100M000100Y43"  # Wikipedia's example, as the codes page shows it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def kiwix(tmp_path_factory):
    """The base URL of the ZIM's pages in a kiwix-serve bound to 127.0.0.1."""
    server = shutil.which("kiwix-serve")
    if server is None:
        message = "kiwix-serve is not installed (apt-get install kiwix-tools)"
        if IN_CI:
            pytest.fail(message + " — .ci/run installs it")
        pytest.skip(message)
    zim = built_bundle(tmp_path_factory).out / "dist" / ZIM
    port = _free_port()
    process = subprocess.Popen([server, "--address", "127.0.0.1", "--port", str(port), str(zim)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/{zim.stem}/"
    try:
        # It says so once it listens ("The Kiwix server is running ..."); a failure ends the output.
        # A server that hangs without a word fails here, not at the suite's time limit.
        if not select.select([process.stdout], [], [], 60)[0]:
            raise AssertionError("kiwix-serve said nothing in 60 s")
        said = process.stdout.readline()
        if "is running" not in said:
            raise AssertionError(f"kiwix-serve did not start: {said}{process.stdout.read()[:500]}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def watched(page):
    """The page, with the requests that failed and the script errors it saw."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, problems


@pytest.mark.parametrize("path", ["index.html", "glossary.html", "myths.html", "social-credit-codes.html"])
def test_a_page_loads_every_file_with_no_script_error(kiwix, watched, path):
    page, problems = watched
    page.goto(kiwix + path)
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # Material's script ran
    expect(page.locator("article h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_glossary_tooltip_shows_the_definition(kiwix, page):
    check_hover(page, kiwix + "index.html")


def test_code_checker_reads_a_code(kiwix, page):
    page.goto(kiwix + "social-credit-codes.html")
    page.locator("#uscc-input").fill(EXAMPLE_CODE)
    expect(page.locator("#uscc-result")).to_contain_text("Valid code")


def test_search_finds_sesame(kiwix, watched):
    page, problems = watched
    page.goto(kiwix + "index.html")
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Sesame")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert problems == []


def test_without_javascript_references_are_links_and_the_checker_explains(kiwix, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(kiwix + "index.html")
        link = page.locator("article a.ex-term").first
        term = link.get_attribute("data-term")
        link.click()
        page.wait_for_url(f"**/glossary.html#{term}")
        expect(page.locator(f"[id='{term}']")).to_be_visible()
        page.goto(kiwix + "social-credit-codes.html")
        expect(page.locator(".uscc-noscript")).to_be_visible()
    finally:
        context.close()
