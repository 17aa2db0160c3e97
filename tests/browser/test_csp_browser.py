"""The Content-Security-Policy in headless Chromium: it breaks nothing, and it blocks what
should never run.

The site is served as a host that reads ``_headers`` serves it (the header policy and the
pages' <meta> policy both apply), by a small server on 127.0.0.1. Violations are counted
with a ``securitypolicyviolation`` listener installed before any page script runs.
"""
from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from support.project import run_build
from support.csp import Watch, serve_with_headers
from support.glossary_tooltips import check_hover

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def headers_url(built_site):
    with serve_with_headers(built_site) as url:
        yield url


@pytest.fixture
def watched(page):
    return Watch(page)


def _assert_clean(watch: Watch, where: str) -> None:
    assert watch.violations() == [], f"{where}: CSP violations"
    assert watch.refusals == [], f"{where}: Chromium refused something: {watch.refusals}"
    assert watch.errors == [], f"{where}: page errors: {watch.errors}"


def _ready(page) -> None:
    """Material's script has run (it marks <html> "js")."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))


def test_every_page_loads_under_the_policy_with_no_violation(watched, built_site, headers_url):
    paths = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(paths) >= 20
    page = watched.page
    policies = 0
    for path in paths:
        address = headers_url + (path[:-len("index.html")] if path.endswith("index.html") else path)
        response = page.goto(address)
        assert response.ok, address
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        _ready(page)
        policies += page.locator('head meta[http-equiv="Content-Security-Policy"]').count()
        _assert_clean(watched, address)
    assert policies == len(paths)
    # A missing address gets the 404 page, under the header's policy too.
    response = page.goto(headers_url + "sesame-credt/")
    assert response.status == 404
    _ready(page)
    expect(page.locator("#ex-404-suggestion a")).to_have_text("Sesame Credit")
    _assert_clean(watched, "404")


def test_search_works_under_the_policy(watched, headers_url):
    page = watched.page
    page.goto(headers_url)
    _ready(page)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Sesame")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))
    _assert_clean(watched, "search")


def test_tooltips_copy_buttons_and_palette_work_under_the_policy(browser, headers_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=headers_url.rstrip("/"))
    page = context.new_page()
    watch = Watch(page)
    try:
        check_hover(page, headers_url + "sesame-credit/")
        page.goto(headers_url + "blacklists/")
        _ready(page)
        page.locator("#court-list .ex-copylink").click()
        expect(page.locator("#ex-copy-status")).to_have_text(f"Link copied: {headers_url}blacklists/#court-list")
        assert page.evaluate("() => navigator.clipboard.readText()") == f"{headers_url}blacklists/#court-list"
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        _assert_clean(watch, "tooltips, copy, palette")
    finally:
        context.close()


def test_the_code_checker_works_under_the_policy(watched, headers_url):
    page = watched.page
    page.goto(headers_url + "social-credit-codes/")
    field, result = page.locator("#uscc-input"), page.locator("#uscc-result")
    expect(field).to_have_attribute("data-uscc-bound", "true")
    field.fill("91350100M000100Y43")
    expect(result).to_have_attribute("data-valid", "true")
    field.fill("91350100M000100Y44")
    expect(result).to_have_attribute("data-valid", "false")
    _assert_clean(watched, "code checker")


# What an escaping bug would let through: a script, an event handler, a style attribute.
INJECTED = ('<script>window.__injected = "script"</script>'
            '<img id="ex-injected-img" src="data:," onerror="window.__injected = \'handler\'">'
            '<p id="ex-injected-style" style="color: rgb(255, 0, 0)">injected</p>')


@pytest.mark.parametrize("apply_headers", [False, True], ids=["meta-only", "headers-and-meta"])
def test_an_injected_script_handler_and_style_are_blocked(browser, built_site, tmp_path, apply_headers):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    target = site / "sesame-credit" / "index.html"
    html = target.read_text(encoding="utf-8")
    html, count = re.subn(r'(<article\b[^>]*>)', lambda m: m.group(1) + INJECTED, html, count=1)
    assert count == 1
    target.write_text(html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page)
    try:
        with serve_with_headers(site, apply_headers) as url:
            page.goto(url + "sesame-credit/")
            _ready(page)
            expect(page.locator("#ex-injected-img")).to_be_attached()
            page.wait_for_function("() => window.__cspViolations.length >= 3")
            blocked = {(v["directive"], v["blocked"]) for v in watch.violations()}
            assert ("script-src-elem", "inline") in blocked
            assert ("script-src-attr", "inline") in blocked
            assert ("style-src-attr", "inline") in blocked
            assert page.evaluate("() => window.__injected") is None
            expect(page.locator("#ex-injected-style")).not_to_have_css("color", "rgb(255, 0, 0)")
            # The page's own scripts still ran.
            page.locator("article a.ex-term").first.focus()
            expect(page.locator("#ex-gtip")).to_be_visible()
    finally:
        context.close()


def test_an_inline_script_a_template_adds_later_is_hashed_and_runs(browser, project_copy, tmp_path):
    """The hashes come from the final HTML: a new inline script in a template (as a theme
    upgrade may bring) needs no change to the policy, and runs."""
    footer = project_copy / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8")
                      + "\n<script>window.__added = (window.__added || 0) + 1</script>\n", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page)
    try:
        with serve_with_headers(tmp_path / "site") as url:
            for path in ("", "glossary/", "myths/national-law-passed/"):
                page.goto(url + path)
                _ready(page)
                assert page.evaluate("() => window.__added") == 1, path
                _assert_clean(watch, path)
    finally:
        context.close()
