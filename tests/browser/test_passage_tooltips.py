"""A citation of a quotation shows the stored passage in its tooltip (glossary.js): below
the source, the original words (with their lang) then the translation, on mouse hover,
keyboard focus and a tap (the second tap follows the link). Without JavaScript the same
passage is on the sources page entry the citation links to.

Runs on a project copy with fixture content (tests/support/rules.py)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import PHONE, tab_to
from support.glossary_tooltips import TIP
from support.rules import PASSAGE, TRANSLATION, fixture_build
from support.serving import served

pytestmark = pytest.mark.browser

QUOTING = "article a.ex-cite__link[data-ex-passages]"


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory):
    _, site, _ = fixture_build(tmp_path_factory)
    with served(site) as url:
        yield url


def _expect_passage(page, link) -> None:
    tip = page.locator(TIP)
    expect(tip).to_be_visible()
    expect(tip.locator(".ex-gtip__text")).to_have_text(link.get_attribute("title") or
                                                       link.get_attribute("data-ex-title"))
    original = tip.locator(".ex-gtip__passage")
    expect(original).to_have_text(PASSAGE)
    expect(original).to_have_attribute("lang", "zh")
    translation = tip.locator(".ex-gtip__translation")
    expect(translation).to_have_text(TRANSLATION)
    expect(translation).to_have_attribute("lang", "en")
    # original first, then the translation, both below the source
    order = page.evaluate("""() => Array.from(document.querySelectorAll('#ex-gtip > *')).map(n => n.className)""")
    assert order.index("ex-gtip__text") < order.index("ex-gtip__passage") < order.index("ex-gtip__translation")


def test_hover_shows_the_passage(page, fixture_url):
    page.goto(fixture_url + "about/")
    link = page.locator(QUOTING).first
    link.hover()
    _expect_passage(page, link)
    page.mouse.move(1, page.viewport_size["height"] - 2)
    expect(page.locator(TIP)).to_be_hidden()


def test_keyboard_focus_shows_the_passage(page, fixture_url):
    page.goto(fixture_url + "about/")
    link = page.locator(QUOTING).first
    tab_to(page, "a.ex-cite__link[data-ex-passages]", max_tabs=400)
    _expect_passage(page, link)
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_be_hidden()


def test_a_tap_shows_the_passage_and_a_second_tap_follows_the_link(browser, fixture_url):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(fixture_url + "about/")
        link = page.locator(QUOTING).first
        link.scroll_into_view_if_needed()
        link.tap()
        _expect_passage(page, link)
        assert page.url.endswith("/about/")
        link.tap()
        page.wait_for_url(re.compile(r"/sources/#src-fx-law$"))
    finally:
        context.close()


def test_without_javascript_the_citation_leads_to_the_passage(browser, fixture_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fixture_url + "about/")
        page.locator(QUOTING).first.click()
        page.wait_for_url(re.compile(r"/sources/#src-fx-law$"))
        entry = page.locator("#src-fx-law + dd")
        expect(entry.locator("blockquote[lang='zh']")).to_have_text(PASSAGE)
        expect(entry.locator("blockquote[lang='en']")).to_have_text(TRANSLATION)
        expect(entry.locator("blockquote[lang='zh']")).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_passages_pass_axe_on_the_sources_page_and_in_the_tooltip(browser, fixture_url, scheme):
    from support.quality_tools import axe_violations, describe_violations, no_transitions

    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    problems = []
    try:
        page = context.new_page()
        page.goto(fixture_url + "sources/#src-fx-law")
        no_transitions(page)
        problems += describe_violations(f"[{scheme}] sources page", axe_violations(page))
        page.goto(fixture_url + "about/")
        no_transitions(page)
        page.locator(QUOTING).first.focus()
        expect(page.locator(f"{TIP} .ex-gtip__passage")).to_be_visible()
        problems += describe_violations(f"[{scheme}] passage tooltip", axe_violations(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
