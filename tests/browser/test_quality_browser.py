"""Quality gates in headless Chromium: axe-core on every page (light and dark, online and
offline bundle), a keyboard walk of the home page, reading without JavaScript, and what a
page really fetches when it loads (nothing from another origin; within its weight budget).

One browser context, reused across pages (both schemes on one navigation), keeps the axe run short.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from support.project import ROOT, run_build
from support import quality_gates as quality
from support.quality_gates import Site
from support.quality_tools import (HIDDEN_TEXT_JS, no_transitions, axe_violations, copy_site, describe_violations, dump, inject, keyboard_walk,
                             page_urls, site_path)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(built_site) -> Site:
    return Site(built_site)


SCHEME_ATTR = {"light": "default", "dark": "slate"}


def _set_scheme(page, scheme: str) -> None:
    """Switch Material's palette as a reader does: with the header's palette toggle."""
    want = SCHEME_ATTR[scheme]
    if page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") in (want, None):
        return
    # A script click: no hover or focus, so no tooltip fades in while axe measures colours.
    page.locator("form[data-md-component=palette] label:visible").first.evaluate("label => label.click()")
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{want}'")


def _axe_all(context, urls, schemes=("light",)) -> list[str]:
    """axe on every URL, in each of *schemes*: one navigation per page, the palette switched
    with its toggle in between (the choice persists, so each page starts in the last one)."""
    page = context.new_page()
    problems = []
    for rel, url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        # axe judges the settled page: no colour caught half-way through a transition.
        no_transitions(page)
        order = schemes if page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") \
            == SCHEME_ATTR[schemes[0]] else tuple(reversed(schemes))
        for scheme in order:
            _set_scheme(page, scheme)
            problems += describe_violations(f"[{scheme}] {rel}", axe_violations(page))
    page.close()
    return problems


def test_axe_finds_no_violation_on_any_page_light_and_dark(browser, site, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        urls = page_urls(site, site_url)
        assert len(urls) >= 8
        problems = _axe_all(context, urls, ("light", "dark"))
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_axe_catches_an_image_without_alt(browser, built_site, tmp_path):
    broken = copy_site(built_site, tmp_path / "site")
    inject(broken / "about" / "index.html", '<p><img src="../assets/images/logo.svg" width="40" height="40"></p>')
    context = browser.new_context()
    try:
        problems = _axe_all(context, [("about/index.html", (broken / "about" / "index.html").as_uri())])
    finally:
        context.close()
    assert any("axe image-alt" in p for p in problems), problems


# --------------------------------------------------------------------------- offline bundle

def _offline_bundle(tmp_path_factory) -> Path:
    """The unpacked offline bundle: the offline tests' own session build when their helpers
    exist (tests/support/offline.py), else built here from mkdocs.offline.yml."""
    try:
        from support import offline as offline_support
    except ImportError:
        offline_support = None
    if offline_support is not None and hasattr(offline_support, "built_bundle"):
        return offline_support.built_bundle(tmp_path_factory).folder
    if not (ROOT / "mkdocs.offline.yml").is_file():
        pytest.skip("no offline bundle in this project yet (neither tests/support/offline.py nor mkdocs.offline.yml)")
    site = tmp_path_factory.mktemp("offline") / "site"
    result = run_build(ROOT, site, config="mkdocs.offline.yml")
    if result.returncode != 0:
        pytest.fail(f"the offline bundle does not build:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(scope="module")
def offline_bundle(tmp_path_factory) -> Path:
    return _offline_bundle(tmp_path_factory)


def test_axe_finds_no_violation_in_the_offline_bundle(browser, offline_bundle):
    """Every page of the unpacked bundle over file://, in light; the pages only the bundle has
    (its home page and the single-page edition) in dark too. The online test already runs
    the shared content in both schemes: the bundle changes URLs and switches, not colours."""
    bundle = Site(offline_bundle)
    urls = page_urls(bundle, offline_bundle.as_uri() + "/")
    assert urls, "the offline bundle has no pages"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        problems = _axe_all(context, urls, ("light",))
        twice = [(rel, url) for rel, url in urls if rel in ("index.html", "single-page.html")]
        problems += _axe_all(context, twice, ("dark",))
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations in the offline bundle:\n" + "\n".join(problems)


def test_offline_bundle_links_resolve_and_load_nothing_from_outside(offline_bundle):
    bundle = Site(offline_bundle)
    problems = quality.check_links(bundle) + quality.check_external_resources(bundle)
    assert not problems, quality.report(problems)


# --------------------------------------------------------------------------- keyboard

@pytest.mark.parametrize("width", [1280, 390])
def test_keyboard_reaches_every_control_on_the_home_page_with_visible_focus(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        interactive, states = keyboard_walk(page)
    finally:
        context.close()
    assert len(interactive) >= 20, dump(interactive)
    reached = {s["group"] for s in states}
    missed = [el for el in interactive if el["group"] not in reached]
    assert not missed, f"not reachable with Tab at {width}px:\n{dump(missed)}"
    invisible = [s for s in states if not s["visible"]]
    assert not invisible, f"focused without a visible outline/box-shadow at {width}px:\n{dump(invisible)}"


KEYBOARD_TRAPS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keyboard</title>
<style>:focus-visible { outline: 2px solid #000; } .bare:focus { outline: none; }
.away { position: absolute; left: -9999px; }</style></head><body>
<a href="#one">one</a> <a class="bare" href="#two">no focus ring</a> <a class="away" href="#three">off screen</a>
<input aria-label="trap" onkeydown="if (event.key === 'Tab') event.preventDefault()">
<a href="#after">after the trap</a></body></html>"""


def test_keyboard_walk_catches_invisible_focus_and_a_keyboard_trap(browser, tmp_path):
    path = tmp_path / "keyboard.html"
    path.write_text(KEYBOARD_TRAPS, encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        interactive, states = keyboard_walk(page)
    finally:
        context.close()
    reached = {s["group"] for s in states}
    assert [el["name"] for el in interactive if el["group"] not in reached] == ["after the trap"]
    assert sorted({s["name"] for s in states if not s["visible"]}) == ["no focus ring", "off screen"]


# --------------------------------------------------------------------------- without JavaScript

def test_main_text_is_readable_without_javascript(browser, site, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = []
    try:
        for rel, url in page_urls(site, site_url):
            page.goto(url)
            state = page.evaluate(HIDDEN_TEXT_JS)
            if state is None:
                problems.append(f"{rel}: no <article> without JavaScript")
                continue
            if not state["h1"]:
                problems.append(f"{rel}: the page heading is hidden without JavaScript")
            if state["shown"] < 1:
                problems.append(f"{rel}: no text shows without JavaScript")
            problems += [f"{rel}: hidden without JavaScript: {text}" for text in state["hidden"]]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- what pages fetch

def test_pages_fetch_nothing_from_another_origin_and_stay_within_budget(browser, site, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    on_demand = set(quality.search_weight(site))
    problems = []
    try:
        for rel, url in page_urls(site, site_url):
            requests.clear()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            foreign = sorted({u for u in requests if site_path(u, site_url) is None and not u.startswith("data:")})
            if foreign:
                problems.append(f"{rel}: requests to another origin: {foreign}")
            fetched = {site.resolve(u.replace(site_url, "http://site.invalid/", 1)) for u in requests
                       if site_path(u, site_url) is not None}
            fetched.discard(None)
            loaded = sum(quality.transfer_size(site.root / f) for f in fetched - on_demand)
            budget = quality.HOME_BUDGET if rel == "index.html" else quality.PAGE_BUDGET
            if loaded > budget:
                problems.append(f"{rel}: fetched {loaded:,} gzip bytes at load (budget {budget:,}): "
                                f"{sorted(fetched - on_demand)}")
            counted = set(quality.page_weight(site, site.page(rel)).files) | on_demand | {"sitemap.xml"}
            uncounted = sorted(fetched - counted)
            if uncounted:
                problems.append(f"{rel}: fetched at load but not counted by page_weight(): {uncounted} — "
                                "teach quality.resources() about this kind of reference")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- opened states
# axe sees only what is on the page when it runs: the search dialog with its results, the
# navigation drawer on a phone and the tooltips exist (or show) only once a reader opens them.

def _open_search(page) -> None:
    query = page.locator("input[data-md-component=search-query]")
    query.click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    query.press("Control+A")
    query.press_sequentially("Sesame Credit")  # key by key, as Material listens to keys
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def _open_drawer(page) -> None:
    page.locator("label[for=__drawer]").first.evaluate("label => label.click()")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.locator("nav.md-nav--primary").first.wait_for(state="visible")


def _open_glossary_tooltip(page) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # focus anew
    page.locator("article a.ex-term").first.focus()
    page.locator("#ex-gtip").wait_for(state="visible")


def _open_citation_tooltip(page) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # focus anew
    page.locator("article a.ex-cite__link").first.focus()
    page.locator("#ex-gtip").wait_for(state="visible")


OPENED = {
    "search results": ({"width": 1280, "height": 900}, _open_search),
    "navigation drawer (phone)": ({"width": 390, "height": 844}, _open_drawer),
    "glossary tooltip": ({"width": 1280, "height": 900}, _open_glossary_tooltip),
    "citation tooltip": ({"width": 390, "height": 844}, _open_citation_tooltip),
}


@pytest.mark.parametrize("state", sorted(OPENED))
def test_axe_finds_no_violation_in_opened_states(browser, site_url, state):
    viewport, open_it = OPENED[state]
    context = browser.new_context(viewport=viewport)
    problems = []
    try:
        page = context.new_page()
        page.goto(site_url + "sesame-credit/")
        no_transitions(page)
        for scheme in ("light", "dark"):
            _set_scheme(page, scheme)
            open_it(page)
            problems += describe_violations(f"[{scheme}] {state}", axe_violations(page))
            page.keyboard.press("Escape")
            if state.startswith("navigation"):
                page.locator("label[for=__drawer]").first.evaluate("label => label.click()")
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
