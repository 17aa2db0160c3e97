"""The unpacked offline bundle in headless Chromium, opened as file:// with no network at all.

Every request whose URL does not start with ``file:`` is aborted and counted; each test
ends by asserting that there were none, and no page errors and no missing files either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from support.browser import PHONE
from support.glossary_tooltips import check_focus, check_hover, check_tap
from support.offline import built_bundle, soup

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    return built_bundle(tmp_path_factory)


@dataclass
class Guard:
    """What a browser context tried that it must not: network requests, errors, missing files."""
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"non-file requests: {self.blocked}"
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.missing == [], f"files that failed to load: {self.missing}"


@pytest.fixture
def offline_page(browser):
    """``make(**context_options) -> (page, guard)``; every context is closed afterwards."""
    contexts = []

    def make(options=DESKTOP, **extra) -> tuple[Page, Guard]:
        guard = Guard()
        context = browser.new_context(**options, **extra)
        contexts.append(context)

        def route(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                guard.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        context.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
                   or r.url in guard.blocked else guard.blocked.append(r.url))
        # ERR_ABORTED is a load the browser itself cancelled (an icon when the page moves on),
        # not a missing file, which fails with ERR_FILE_NOT_FOUND.
        context.on("requestfailed", lambda r: guard.missing.append(r.url)
                   if r.url.startswith("file:") and r.failure != "net::ERR_ABORTED" else None)
        page = context.new_page()
        page.on("pageerror", lambda error: guard.errors.append(f"{page.url}: {error}"))
        return page, guard

    yield make
    for context in contexts:
        context.close()


def _url(offline, name: str) -> str:
    return (offline.folder / name).as_uri()


def _ready(page: Page) -> None:
    """Material's script has run (it swaps the no-js class for js)."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))


def test_every_page_opens_with_no_network_and_no_errors(offline, offline_page):
    page, guard = offline_page()
    pages = offline.pages()
    assert len(pages) >= 10
    for path in pages:
        page.goto(path.as_uri())
        _ready(page)
        expect(page.locator("article h1").first).to_be_visible()
    guard.assert_clean()


def test_search_finds_sesame_and_a_result_opens(offline, offline_page):
    page, guard = offline_page()
    page.goto(_url(offline, "index.html"))
    _ready(page)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Sesame")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))
    assert results.count() >= 2
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(r"^file://.*\.html"))
    _ready(page)
    assert page.url.split("?")[0].split("#")[0].endswith(target.split("?")[0].split("#")[0].lstrip("./"))
    expect(page.locator("article")).to_contain_text("Sesame")
    guard.assert_clean()


def test_navigation_reaches_every_page(offline, offline_page):
    page, guard = offline_page()
    page.goto(_url(offline, "index.html"))
    nav = soup(offline.folder / "index.html").select("nav.md-nav--primary a.md-nav__link[href]")
    hrefs = list(dict.fromkeys(a["href"] for a in nav if not a["href"].startswith("#")))
    assert len(hrefs) >= 8
    for href in reversed(hrefs):  # from the last page back to the first
        _ready(page)
        page.locator(f"nav.md-nav--primary a.md-nav__link[href='{href}']").first.click()
        page.wait_for_url(re.compile(re.escape(href.lstrip("./") or "index.html") + "$"))
        expect(page.locator("article h1").first).to_be_visible()
    # The footer's "next" link too.
    page.goto(_url(offline, "index.html"))
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(re.compile(r"\.html$"))
    assert page.url != _url(offline, "index.html")
    guard.assert_clean()


def test_citations_lead_to_sources_and_back(offline, offline_page):
    page, guard = offline_page()
    page.goto(_url(offline, "sesame-credit.html"))
    cite = page.locator("article a.ex-cite__link").first
    cite_id = cite.get_attribute("id")
    cite.click()
    page.wait_for_url(re.compile(r"sources\.html#src-"))
    anchor = page.url.split("#")[1]
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
    back = page.locator(f"a[href='sesame-credit.html#{cite_id}']")
    expect(back).to_have_count(1)
    back.click()
    page.wait_for_url(re.compile(rf"sesame-credit\.html#{cite_id}$"))
    expect(page.locator(f"[id='{cite_id}']")).to_be_in_viewport()
    guard.assert_clean()


def test_light_dark_switch_works_and_is_remembered(offline, offline_page):
    page, guard = offline_page(DESKTOP, color_scheme="light")
    page.goto(_url(offline, "index.html"))
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("label[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(_url(offline, "blacklists.html"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    guard.assert_clean()


def test_glossary_tooltip_on_hover(offline, offline_page):
    page, guard = offline_page()
    check_hover(page, _url(offline, "sesame-credit.html"))
    guard.assert_clean()


def test_glossary_tooltip_on_focus(offline, offline_page):
    page, guard = offline_page()
    check_focus(page, _url(offline, "sesame-credit.html"))
    guard.assert_clean()


def test_glossary_tooltip_on_tap(offline, offline_page):
    page, guard = offline_page(PHONE)
    check_tap(page, _url(offline, "sesame-credit.html"))
    guard.assert_clean()


def test_diagrams_are_visible(offline, offline_page):
    with_diagrams = [p for p in offline.pages() if soup(p).select("article figure.ex-diagram svg")]
    assert with_diagrams, "no diagram (figure.ex-diagram with an inline svg) anywhere in the bundle"
    page, guard = offline_page()
    for path in with_diagrams:
        page.goto(path.as_uri())
        diagrams = page.locator("article figure.ex-diagram svg")
        for index in range(diagrams.count()):
            svg = diagrams.nth(index)
            svg.scroll_into_view_if_needed()
            expect(svg).to_be_visible()
            box = svg.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, (path.name, index, box)
    guard.assert_clean()


def test_single_page_edition_renders_every_section(offline, offline_page):
    page, guard = offline_page()
    page.goto(_url(offline, "single-page.html"))
    _ready(page)
    sections = page.locator("section.ex-single__page")
    expected = len(soup(offline.folder / "single-page.html").select("section.ex-single__page"))
    expect(sections).to_have_count(expected)
    for index in range(expected):
        expect(sections.nth(index).locator("h1").first).to_be_visible()
    assert page.locator("article figure.ex-diagram svg").count() >= 1
    # The table of contents leads into the document.
    entry = page.locator("nav.ex-single__contents > ol > li > a").last
    target = entry.get_attribute("href")
    entry.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(f"[id='{target[1:]}']")).to_be_in_viewport()
    # Tooltips work there too (each definition is kept once, under its own id).
    check_hover(page, _url(offline, "single-page.html"))
    guard.assert_clean()
