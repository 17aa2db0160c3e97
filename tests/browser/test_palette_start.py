"""The colour palette before and after Material's bundle starts (palette_start.js; the bundle
loads on the first interaction, material_on_demand.js): the palette is right at load, with its
toggle; a switch made before the bundle runs is applied and kept when it starts; no restyle of
the whole page when the palette set is the one already shown; colours that do change, at load
or on the reader's switch, change under Material's "switching" mark (transitions off)."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Records every change of <body>'s attributes from the first moment of the page.
RECORD = """
new MutationObserver((changes) => {
  window.exBodyChanges = (window.exBodyChanges || []).concat(changes.map(
    (c) => [c.attributeName, document.body.getAttribute(c.attributeName)]));
}).observe(document, {attributes: true, subtree: true, attributeFilter: [
  "data-md-color-switching", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"]});
"""
LOADED = "() => document.readyState === 'complete'"
STARTED = "() => !!window.component$"
TOGGLE = "form[data-md-component=palette] label:visible"


def _changes(page) -> list:
    return page.evaluate("() => window.exBodyChanges || []")


def _marks(page) -> list:
    return [value for name, value in _changes(page) if name == "data-md-color-switching"]


def _until(page, condition, why, seconds=10.0):
    """Wait for a condition seen from Python (a routed request), letting Playwright's events in."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, why
        page.wait_for_timeout(20)


def _open(browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(RECORD)
    return context, context.new_page()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_is_right_at_load_and_switches_with_transitions_off(browser, site_url, scheme):
    context, page = _open(browser, scheme)
    try:
        page.goto(site_url + "glossary/")
        page.wait_for_function(LOADED)
        expected = "slate" if scheme == "dark" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        expect(page.locator(TOGGLE)).to_have_count(1)  # shown before Material runs
        assert page.evaluate(STARTED) is False, "Material's bundle ran before any interaction"
        if scheme == "light":
            # The page is served in the light palette: nothing changes, nothing is marked.
            assert _marks(page) == [], _changes(page)
        else:
            # A first visit in dark mode: the colours change at load, under the mark.
            page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
            assert _marks(page)[:2] == ["", None], _changes(page)
        # The bundle starts on the first interaction: the palette it sets is the one shown.
        page.evaluate("() => { window.exBodyChanges = []; }")
        page.mouse.move(5, 300)
        page.wait_for_function(STARTED)
        page.wait_for_function("() => !!document.querySelector('meta[name=theme-color][content]')")
        assert _marks(page) == [], f"Material restyled the page as it started: {_changes(page)}"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        # The reader's switch, with Material running.
        page.evaluate("() => { window.exBodyChanges = []; }")
        page.locator(TOGGLE).first.click()
        other = "default" if scheme == "dark" else "slate"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", other)
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        changes = _changes(page)
        assert changes[0] == ["data-md-color-switching", ""], changes  # marked before the colours change
        assert ["data-md-color-scheme", other] in changes
    finally:
        context.close()


def test_a_switch_before_the_bundle_runs_is_kept_when_it_starts(browser, site_url):
    context, page = _open(browser, "light")
    held = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))  # answered below
    try:
        page.goto(site_url + "glossary/")
        page.wait_for_function(LOADED)
        page.locator(TOGGLE).first.click()  # its pointerdown asks for the bundle: held
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        assert _marks(page)[:2] == ["", None], _changes(page)
        expect(page.locator(TOGGLE)).to_have_attribute("title", "Switch to light mode")
        stored = page.evaluate("() => __md_get('__palette')")
        assert stored["index"] == 1 and stored["color"]["scheme"] == "slate", stored
        assert page.evaluate(STARTED) is False
        _until(page, lambda: held, "the click did not ask for Material's bundle")
        held[0].continue_()
        page.wait_for_function(STARTED)
        page.wait_for_function("() => !!document.querySelector('meta[name=theme-color][content]')")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        expect(page.locator(TOGGLE)).to_have_attribute("title", "Switch to light mode")
        # A new page opens in the palette chosen.
        page.goto(site_url + "about/")
        page.wait_for_function(LOADED)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    finally:
        context.close()
