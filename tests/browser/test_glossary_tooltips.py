"""Glossary tooltips in headless Chromium, on the online site (served over HTTP).

The checks themselves live in tests/support/glossary_tooltips.py so that the offline-bundle tests
can run them on file:// URLs.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support.browser import start_material
from support.glossary_tooltips import TIP, check_focus, check_hover, check_tap

pytestmark = pytest.mark.browser

PAGE = "sesame-credit/"


def test_hover_shows_the_definition(page, site_url):
    check_hover(page, site_url + PAGE)


def test_tab_focus_shows_the_definition(page, site_url):
    check_focus(page, site_url + PAGE)


def test_tap_shows_the_definition_and_a_second_tap_opens_the_entry(phone_page, site_url):
    check_tap(phone_page, site_url + PAGE)


# What Material's instant navigation does (integrations/instant: inject): put the new
# page's container in place of the old one, run its scripts, then emit on document$, on
# which Material mounts its components, its title tooltips among them. The site has
# instant navigation switched off (mkdocs.yml), so the test replays these steps.
INSTANT_NAVIGATION = """async (url) => {
  const html = await (await fetch(url)).text();
  const next = new DOMParser().parseFromString(html, "text/html");
  for (const selector of ["[data-md-component=container]", "[data-md-component=skip]"]) {
    const here = document.querySelector(selector), there = next.querySelector(selector);
    if (here && there) here.replaceWith(there);
  }
  history.pushState(null, "", url);
  window.document$.next(document);
}"""


def test_tooltips_work_after_instant_navigation(page, site_url):
    """After Material swaps the content without a page load, the old page's tooltip goes,
    the new references work, get their aria-describedby and never Material's own title
    tooltip."""
    page.goto(site_url)
    page.locator("article a.ex-term").nth(1).hover()
    expect(page.locator(TIP)).to_be_visible()
    start_material(page)
    page.evaluate("window.exSamePage = true")
    page.evaluate(INSTANT_NAVIGATION, site_url + "blacklists/")
    expect(page.locator("article h1")).to_contain_text("Blacklists")
    expect(page.locator(TIP)).to_be_hidden()  # the old page's tooltip went with it
    assert page.evaluate("window.exSamePage === true"), "not an instant navigation"
    link = page.locator("article a.ex-term").first
    term_id = link.get_attribute("data-term")
    link.hover()
    expect(page.locator(TIP)).to_be_visible()
    expect(page.locator(TIP)).to_have_attribute("data-term", term_id)
    expect(link).to_have_attribute("aria-describedby", f"ex-gdef-{term_id}")
    expect(page.locator(".md-tooltip2")).to_have_count(0)
    assert link.get_attribute("title") is None


def test_references_are_set_up_on_first_use_and_keep_their_title_until_then(page, site_url):
    """Nothing is done per reference at load (it cost a phone dozens of milliseconds on a
    long page): each keeps its title, which is its description, until its first hover,
    focus or tap sets it up, and the first hover shows the tooltip at once."""
    page.goto(site_url + "glossary/")
    links = page.locator("article a.ex-term")
    assert links.count() > 10
    assert page.evaluate("""() => [...document.querySelectorAll("article a.ex-term")].every(
        (a) => a.title.includes(" — ") && !a.hasAttribute("aria-describedby"))""")
    expect(page.locator("#ex-gdefs")).to_have_count(0)
    link = links.nth(3)
    term_id = link.get_attribute("data-term")
    link.hover()
    expect(page.locator(TIP)).to_be_visible()
    expect(page.locator(TIP)).to_have_attribute("data-term", term_id)
    expect(link).to_have_attribute("aria-describedby", f"ex-gdef-{term_id}")
    assert link.get_attribute("title") is None  # no native tooltip on top of ours
    assert links.nth(4).get_attribute("title")  # the others are left alone


def test_material_does_not_add_its_own_tooltip(page, site_url):
    page.goto(site_url + PAGE)
    link = page.locator("article a.ex-term").first
    link.focus()
    expect(page.locator(TIP)).to_be_visible()
    expect(page.locator(".md-tooltip2")).to_have_count(0)
    term_id = link.get_attribute("data-term")
    expect(link).to_have_attribute("aria-describedby", f"ex-gdef-{term_id}")


def test_dark_scheme_tooltip_is_dark(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_url + PAGE)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.locator("article a.ex-term").nth(1).hover()
        tip = page.locator(TIP)
        expect(tip).to_be_visible()
        colours = tip.evaluate("t => [getComputedStyle(t).backgroundColor, getComputedStyle(t).color]")
        assert colours == ["rgb(43, 34, 32)", "rgb(245, 238, 235)"], colours
    finally:
        context.close()


def test_without_javascript_a_reference_is_a_link_with_a_title(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + PAGE)
        link = page.locator("article a.ex-term").first
        term_id = link.get_attribute("data-term")
        assert " — " in (link.get_attribute("title") or "")  # "Term · 中文 · pīnyīn — definition"
        assert link.get_attribute("aria-describedby") is None  # only glossary.js adds it, with its target
        link.click()
        page.wait_for_url(f"**/glossary/#{term_id}")
        expect(page.locator(f"[id='{term_id}']")).to_be_visible()
    finally:
        context.close()
