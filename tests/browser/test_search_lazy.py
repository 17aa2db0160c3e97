"""Search loads on first use (overrides/assets/javascripts/search-lazy.js), online and from file://.

A page that is only read never fetches the search index or starts the search worker; the
first sign of search (the "/" key, a click on the field, a ?q= address) loads both, and the
query typed meanwhile is answered.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import PHONE, watched_pages
from support.offline import built_bundle
from support.serving import served

pytestmark = pytest.mark.browser

# The index (JSON online, a script from file://) and the worker (from file:// it runs in the
# iframe-worker shim's frame, which loads the same file).
SEARCH_FILES = re.compile(r"search/search_index\.(json|js)$|workers/search\.[0-9a-f]+\.min\.js$")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_bundle(tmp_path_factory)


@pytest.fixture(scope="module")
def online_url(built):
    """The online site of the full build, served over HTTP on 127.0.0.1."""
    with served(built.site) as url:
        yield url


@pytest.fixture
def watched(browser):
    """``make(**context_options) -> (page, search requests seen, page errors)``."""
    yield from watched_pages(browser, SEARCH_FILES)


def _settled(page: Page) -> None:
    """The page's scripts have run (material_on_demand.js marks <html> "js") and it has
    stopped loading."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    page.wait_for_load_state("networkidle")


def _answers(page: Page, query: str = "Sesame") -> None:
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))
    expect(results.first).to_contain_text(re.compile(query, re.I))


@pytest.mark.parametrize("where", ["online", "offline"])
def test_reading_a_page_loads_no_search_and_the_slash_key_does(where, built, online_url, watched):
    page, seen, errors = watched()
    page.goto(online_url if where == "online" else (built.folder / "index.html").as_uri())
    _settled(page)
    assert seen == [], f"search loaded before any sign of search: {seen}"
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("Sesame")  # typed at once, before the index has arrived
    _answers(page)
    assert any("search_index" in url for url in seen), seen
    assert errors == []


def test_a_tap_on_the_search_field_loads_search_on_a_phone(online_url, watched):
    page, seen, errors = watched(**PHONE)
    page.goto(online_url + "glossary/")
    _settled(page)
    assert seen == []
    page.locator('label.md-header__button[for="__search"]').tap()
    page.locator(".md-search__input").press_sequentially("blacklist")
    _answers(page, "blacklist")
    assert errors == []


def test_a_search_address_is_answered_without_a_key(online_url, watched):
    page, seen, errors = watched()
    page.goto(online_url + "?q=Sesame")
    _answers(page)
    assert errors == []
