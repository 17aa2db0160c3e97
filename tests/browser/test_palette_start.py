"""Material's palette at start-up (palette_start.js): no restyle of the whole page when the
palette it sets is the one already shown; colours that do change, at load or on the reader's
switch, still change under Material's "switching" mark (transitions off)."""
from __future__ import annotations

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
LOADED = "() => document.readyState === 'complete' && !!window.document$"


def _changes(page) -> list:
    return page.evaluate("() => window.exBodyChanges || []")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_switches_colours_with_transitions_off(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(RECORD)
    page = context.new_page()
    try:
        page.goto(site_url + "glossary/")
        page.wait_for_function(LOADED)
        expected = "slate" if scheme == "dark" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        marks = [value for name, value in _changes(page) if name == "data-md-color-switching"]
        if scheme == "light":
            # The page is served in the light palette: nothing changes, nothing is marked.
            assert marks == [], _changes(page)
        else:
            # A first visit in dark mode: the colours change at load, under the mark.
            assert marks[:2] == ["", None], _changes(page)
        page.evaluate("() => { window.exBodyChanges = []; }")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        other = "default" if scheme == "dark" else "slate"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", other)
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        changes = _changes(page)
        assert changes[0] == ["data-md-color-switching", ""], changes  # marked before the colours change
        assert ["data-md-color-scheme", other] in changes
    finally:
        context.close()
