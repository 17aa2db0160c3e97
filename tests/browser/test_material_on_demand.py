"""Material's bundle loads on the reader's first interaction (material_on_demand.js), online
and from file://.

A page only loaded never fetches it; a scroll, a tap, a key or a mouse move loads it and
Material runs (its header shows the page title once the reader has scrolled past it); a key
Material answers ("/") does what it does; a ?q= address starts it at once. No page error.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import PHONE, watched_pages
from support.offline import built_bundle

pytestmark = pytest.mark.browser

BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
STARTED = "() => !!window.component$ && !!window.document$"


@pytest.fixture(scope="module")
def offline_home(tmp_path_factory):
    return (built_bundle(tmp_path_factory).folder / "index.html").as_uri()


@pytest.fixture
def watched(browser):
    """``make(**context_options) -> (page, bundle requests seen, page errors)``."""
    yield from watched_pages(browser, BUNDLE)


def _loaded_and_left(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # the loader ran


@pytest.mark.parametrize("where", ["online", "offline"])
def test_a_page_only_loaded_fetches_no_bundle_and_a_scroll_starts_material(where, site_url, offline_home, watched):
    page, seen, errors = watched()
    _loaded_and_left(page, site_url if where == "online" else offline_home)
    assert seen == [], "Material's bundle loaded before any interaction"
    assert page.evaluate(STARTED) is False
    title = page.locator(".md-header__title")
    expect(title).not_to_have_class(re.compile("md-header__title--active"))
    page.mouse.move(640, 500)
    page.mouse.wheel(0, 1500)  # past the page's title
    page.wait_for_function(STARTED)
    assert len(seen) == 1, seen
    expect(title).to_have_class(re.compile("md-header__title--active"))  # Material at work
    assert errors == []


@pytest.mark.parametrize("gesture", ["tap", "tab key", "mouse move"])
def test_each_first_interaction_starts_material(gesture, site_url, watched):
    page, seen, errors = watched(**PHONE) if gesture == "tap" else watched()
    _loaded_and_left(page, site_url + "blacklists/")
    assert seen == []
    if gesture == "tap":
        page.locator("article p").first.tap()
    elif gesture == "tab key":
        page.keyboard.press("Tab")
    else:
        page.mouse.move(300, 400)
    page.wait_for_function(STARTED)
    assert len(seen) == 1 and errors == [], (seen, errors)


@pytest.mark.parametrize("where", ["online", "offline"])
def test_the_slash_key_as_first_interaction_opens_search(where, site_url, offline_home, watched):
    page, seen, errors = watched()
    _loaded_and_left(page, site_url if where == "online" else offline_home)
    page.keyboard.press("/")
    page.wait_for_function(STARTED)
    field = page.locator(".md-search__input")
    expect(field).to_be_focused()
    page.keyboard.type("sesame")
    expect(page.locator(".md-search-result__item").first).to_contain_text(re.compile("sesame", re.I))
    assert errors == []


def test_a_search_address_starts_material_at_once(site_url, watched):
    page, seen, errors = watched()
    page.goto(site_url + "?q=sesame")
    page.wait_for_function(STARTED)
    expect(page.locator(".md-search-result__item").first).to_contain_text(re.compile("sesame", re.I))
    assert len(seen) == 1 and errors == []


def test_without_the_bundle_the_page_reads_and_its_menu_opens(site_url, browser):
    """Should the bundle never come (a blocked request), the page is read and navigated."""
    context = browser.new_context(**PHONE)
    try:
        context.route(BUNDLE, lambda route: route.abort())
        page = context.new_page()
        page.goto(site_url)
        page.locator("article").first.tap()
        expect(page.locator("article h1")).to_be_visible()
        page.locator("label.md-header__button[for=__drawer]").tap()
        expect(page.locator("nav.md-nav--primary").first).to_be_in_viewport()
    finally:
        context.close()
