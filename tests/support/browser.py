"""Headless Chromium as the tests launch it, and the phone they emulate."""
from __future__ import annotations

import shutil

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# A phone: its width, touch events and mobile viewport (Playwright context options).
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def chromium() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def start_material(page) -> None:
    """Material's bundle loads on the reader's first interaction (material_on_demand.js): move
    the mouse, as a reader would, and wait until the bundle has run."""
    page.mouse.move(2, 2)
    page.mouse.move(3, 3)
    page.wait_for_function("() => !!window.component$ && !!window.document$")


def watched_pages(browser, wanted):
    """For a fixture (``yield from``): ``make(**context_options) -> (page, requests whose URL
    matches the compiled pattern *wanted*, page errors)``; its contexts close afterwards."""
    contexts = []

    def make(**options):
        context = browser.new_context(**(options or {"viewport": {"width": 1280, "height": 900}}))
        contexts.append(context)
        seen: list[str] = []
        errors: list[str] = []
        context.on("request", lambda r: seen.append(r.url) if wanted.search(r.url) else None)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page, seen, errors

    yield make
    for context in contexts:
        context.close()


def tab_to(page, selector: str, max_tabs: int = 300) -> None:
    """Press Tab until the focused element matches *selector* (it is in the tab order)."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"nothing matching {selector} reached with {max_tabs} presses of Tab")
