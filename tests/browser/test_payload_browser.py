"""No page runs script put into data files or front matter, in headless Chromium.

The payload build (tests/support/payload.py: every text field carries ``<img src=x
onerror=window.__pwned=1>`` and a ``</title><script>`` break-out) is served over HTTP; every
page is opened, glossary tooltips and the code checker are exercised, and the payload is
typed into the site search. Nothing may set ``window.__pwned``, open a dialog or request ``x``.
The offline bundle's single-page edition is opened from file:// the same way.
"""
from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from support.payload import RUNNER, build_payload_project
from support.serving import served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    site, zip_path = build_payload_project(tmp_path_factory.mktemp("payload-browser"))
    with served(site) as url:
        yield url, site, zip_path


def _watch(page) -> dict:
    seen = {"dialogs": [], "requests": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen["requests"].append(request.url))
    return seen


def _assert_clean(page, seen, where):
    assert page.evaluate("() => window.__pwned") is None, f"the payload ran on {where}"
    assert not seen["dialogs"], f"a dialog opened on {where}: {seen['dialogs']}"
    assert not [url for url in seen["requests"] if url.rstrip("/").endswith("/x")], f"{where} requested x"
    assert page.locator("img[src='x']").count() == 0, f"the payload became an element on {where}"


def test_no_page_runs_the_payload(page, payload_site):
    base, site, _ = payload_site
    seen = _watch(page)
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")) + ["404.html"]
    assert len(paths) > 10
    for path in paths:
        page.goto(base + path.removesuffix("index.html"))
        page.wait_for_load_state("load")
        for term in page.locator("article a.ex-term").all()[:3]:  # glossary tooltips show names and aliases
            term.focus()
            expect(page.locator("#ex-gtip.ex-gtip--open")).to_have_count(1)
        _assert_clean(page, seen, path)


def test_the_code_checker_shows_the_tables_as_text(page, payload_site):
    base, _, _ = payload_site
    seen = _watch(page)
    page.goto(base + "social-credit-codes/")
    page.locator("#uscc-input").fill("91350100M000100Y43")
    expect(page.locator("body")).to_contain_text("onerror")  # the table names, shown as text
    _assert_clean(page, seen, "the code checker")


def test_typing_the_payload_into_the_search_runs_nothing(page, payload_site):
    base, _, _ = payload_site
    seen = _watch(page)
    page.goto(base)
    search = page.locator("input.md-search__input")
    search.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_contain_text("Initializing", timeout=15000)  # the index is loaded
    search.press_sequentially(RUNNER)  # typed as a reader would, key by key
    expect(meta).to_contain_text("matching")
    _assert_clean(page, seen, "the search, payload typed")
    search.fill("")
    search.press_sequentially("Sesame")  # results whose titles and texts hold the payload
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result")).to_contain_text("onerror")
    _assert_clean(page, seen, "the search results")


def test_the_single_page_edition_runs_nothing_from_file(page, payload_site, tmp_path):
    _, _, zip_path = payload_site
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(tmp_path)
    single = next(tmp_path.rglob("single-page.html"))
    seen = _watch(page)
    page.goto(single.as_uri())
    page.wait_for_load_state("load")
    expect(page.locator("article")).to_contain_text(RUNNER)
    _assert_clean(page, seen, "the single-page edition")
