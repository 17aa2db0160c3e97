"""Citation tooltips in headless Chromium: the source of a numbered citation shows on
mouse hover and keyboard focus (glossary.js, one box for references and citations), the
title stays for screen readers, and a tap follows the link to the source's entry."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import tab_to
from support.glossary_tooltips import TIP

pytestmark = pytest.mark.browser

PAGE = "sesame-credit/"
CITES = "article a.ex-cite__link"


def test_hover_shows_the_source_without_the_browsers_own_tooltip(page, site_url):
    page.goto(site_url + PAGE)
    link = page.locator(CITES + ":not([data-ex-passages])").nth(1)
    source = link.get_attribute("title")
    assert source
    link.hover()
    tip = page.locator(TIP)
    expect(tip).to_be_visible()
    expect(tip.locator(".ex-gtip__text")).to_have_text(source)
    expect(tip.locator(".ex-gtip__more")).to_have_count(0)  # no "Glossary entry" link
    # While the box shows the source, the title is set aside (no second, native tooltip) ...
    expect(link).not_to_have_attribute("title", source)
    page.mouse.move(1, page.viewport_size["height"] - 2)
    expect(tip).to_be_hidden()
    # ... and it is back afterwards, for screen readers and readers without JavaScript.
    expect(link).to_have_attribute("title", source)


def test_keyboard_focus_shows_the_source_and_keeps_the_title(page, site_url):
    page.goto(site_url + PAGE)
    tab_to(page, "a.ex-cite__link")
    link = page.locator("a.ex-cite__link:focus")
    source = link.get_attribute("title")
    assert source, "the focused citation lost its title (its accessible description)"
    expect(page.locator(TIP)).to_be_visible()
    expect(page.locator(f"{TIP} .ex-gtip__text")).to_have_text(source)
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_be_hidden()


def test_a_tap_on_a_citation_follows_it(phone_page, site_url):
    """(A citation of a quotation opens its passage first: tests/browser/test_passage_tooltips.py.)"""
    phone_page.goto(site_url + PAGE)
    link = phone_page.locator(CITES + ":not([data-ex-passages])").first
    target = link.get_attribute("href").split("#", 1)[1]
    link.tap()
    phone_page.wait_for_url(re.compile(rf"sources/#{re.escape(target)}$"))


def test_the_theme_mounts_no_tooltips_of_its_own(page, site_url):
    """content.tooltips is off: no Material tooltip components on a page full of titles."""
    page.goto(site_url + PAGE)
    page.locator(CITES).first.hover()
    expect(page.locator(TIP)).to_be_visible()
    assert page.locator(".md-tooltip, .md-tooltip2").count() == 0
