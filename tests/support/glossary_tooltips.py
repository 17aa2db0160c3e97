"""Browser checks of the glossary tooltips, shared by the online and offline-bundle tests.

``check_glossary_tooltips(page, url)`` runs all three checks (hover, keyboard focus, tap)
on the page at *url*; *page* must come from a context with ``has_touch=True`` (hover and
Tab work there too). Each check can also be called on its own. They wait for conditions
(Playwright's ``expect``), never for fixed times, and work for http:// and file:// URLs.
"""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .browser import tab_to

TIP = "#ex-gtip"
TERMS = "article a.ex-term"


def _parts(link) -> dict:
    """The parts of a reference's title, "Term · 中文 · pīnyīn — definition" (glossary.js
    keeps it as data-ex-title)."""
    title = link.get_attribute("data-ex-title") or link.get_attribute("title")
    names, definition = title.split(" — ", 1)
    term, zh, pinyin = names.split(" · ")
    return {"term": term, "zh": zh, "pinyin": pinyin, "definition": definition}


def _expect_tooltip_for(page: Page, link) -> None:
    parts = _parts(link)
    tip = page.locator(TIP)
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("data-term", link.get_attribute("data-term"))
    expect(tip.locator(".ex-gtip__term")).to_have_text(parts["term"])
    expect(tip.locator('[lang="zh-Hans"]')).to_have_text(parts["zh"])
    expect(tip.locator('[lang="zh-Latn-pinyin"]')).to_have_text(parts["pinyin"])
    expect(tip.locator(".ex-gtip__text")).to_have_text(parts["definition"])
    # Screen readers: the reference is described by the definition, Chinese and pinyin.
    described = link.get_attribute("aria-describedby")
    assert described, "the reference has no aria-describedby"
    expect(page.locator(f"[id='{described}']")).to_have_text(
        f"{parts['zh']}, {parts['pinyin']}: {parts['definition']}")
    # The whole tooltip is on screen, even on a phone.
    box = tip.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box


def check_hover(page: Page, url: str) -> str:
    """Mouse over a reference shows its tooltip; moving away hides it."""
    page.goto(url)
    link = page.locator(TERMS).nth(1)
    term_id = link.get_attribute("data-term")
    link.hover()
    _expect_tooltip_for(page, link)
    page.mouse.move(1, page.viewport_size["height"] - 2)
    expect(page.locator(TIP)).to_be_hidden()
    return term_id


def check_focus(page: Page, url: str, max_tabs: int = 200) -> str:
    """Tab reaches a reference (it is in the tab order) and shows its tooltip; Escape hides it."""
    page.goto(url)
    tab_to(page, "a.ex-term", max_tabs)
    link = page.locator("a.ex-term:focus")
    term_id = link.get_attribute("data-term")
    _expect_tooltip_for(page, link)
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_be_hidden()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus comes back: the tooltip shows again
    expect(page.locator("a.ex-term:focus")).to_have_attribute("data-term", term_id)
    _expect_tooltip_for(page, page.locator("a.ex-term:focus"))
    return term_id


def check_tap(page: Page, url: str) -> str:
    """A tap shows the tooltip without leaving the page; a tap elsewhere hides it;
    two taps lead to the term's glossary entry."""
    page.goto(url)
    link = page.locator(TERMS).nth(2)
    term_id = link.get_attribute("data-term")
    link.tap()
    _expect_tooltip_for(page, link)
    assert page.url == url, f"the first tap navigated to {page.url}"
    page.locator("article h1").tap()
    expect(page.locator(TIP)).to_be_hidden()
    link.tap()
    _expect_tooltip_for(page, link)
    link.tap()
    page.wait_for_url(re.compile(rf"glossary(/|\.html)?#{re.escape(term_id)}$"))
    expect(page.locator(f"[id='{term_id}']")).to_be_visible()
    return term_id


def check_glossary_tooltips(page: Page, url: str) -> None:
    """All three ways in: mouse hover, keyboard focus, touch tap."""
    check_hover(page, url)
    check_focus(page, url)
    check_tap(page, url)
