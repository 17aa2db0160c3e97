"""The code checker on the codes page, in headless Chromium.

Every shared test vector (assets/uscc-vectors.json, Python's verdicts, written by
the build) is typed into #uscc-input; the page must give the same verdict and the
same messages. Tests wait for conditions, never for fixed times.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from support.browser import start_material

pytestmark = pytest.mark.browser

CODES_PAGE = "social-credit-codes/"
WIKI = "91350100M000100Y43"
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shared_vectors(built_site) -> list[dict]:
    data = json.loads((built_site / "assets" / "uscc-vectors.json").read_text(encoding="utf-8"))
    assert len(data["vectors"]) >= 30
    return data["vectors"]


def open_checker(page, site_url):
    page.goto(site_url + CODES_PAGE)
    page.wait_for_function(
        "() => window.USCC && window.USCC_DATA && "
        "document.getElementById('uscc-input')?.getAttribute('data-uscc-bound') === 'true'")
    return page.locator("#uscc-input"), page.locator("#uscc-result")


def test_markup_before_any_input(page, site_url):
    field, result = open_checker(page, site_url)
    expect(page.locator("label[for='uscc-input']")).to_be_visible()
    described = field.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text("18")
    assert field.get_attribute("spellcheck") == "false" and field.get_attribute("autocomplete") == "off"
    assert result.get_attribute("aria-live") == "polite" and result.get_attribute("role") == "status"
    assert result.get_attribute("data-valid") is None


def test_every_shared_vector_gives_the_same_verdict_and_messages(page, site_url, shared_vectors):
    field, result = open_checker(page, site_url)
    errors = result.locator(".uscc-error")
    for vector in shared_vectors:
        field.fill(vector["input"])
        expect(result).to_have_attribute("data-valid", "true" if vector["valid"] else "false")
        expect(errors).to_have_text(vector["errors"])
        if vector["first_error"]:
            expect(errors.first).to_have_text(vector["first_error"])


def test_the_page_checker_decodes_like_python(page, site_url, shared_vectors):
    open_checker(page, site_url)
    inputs = [v["input"] for v in shared_vectors]
    results = page.evaluate(
        "inputs => inputs.map(s => { const r = window.USCC.validate(s);"
        " return {code: r.code, valid: r.valid, errors: r.errors, parts: r.parts}; })", inputs)
    for vector, got in zip(shared_vectors, results):
        expected = {k: vector[k] for k in ("code", "valid", "errors", "parts")}
        assert got == expected, vector["id"]


def test_a_valid_code_shows_its_segments_and_says_it_is_no_score(page, site_url):
    field, result = open_checker(page, site_url)
    field.fill("9135 0100-m000100y43")
    expect(result).to_have_attribute("data-valid", "true")
    expect(result.locator(".uscc-summary")).to_contain_text("not a score")
    for segment, text in [("authority", "9"), ("category", "1"), ("division", "350100"),
                          ("orgcode", "M000100Y4"), ("check", "3")]:
        expect(result.locator(f".uscc-code .uscc-seg-{segment}")).to_have_text(text)
    expect(result.locator(".uscc-parts")).to_contain_text("工商")
    expect(result.locator(".uscc-parts")).to_contain_text("Fujian")


def test_a_wrong_check_character_is_shown_where_it_is(page, site_url):
    field, result = open_checker(page, site_url)
    field.fill(WIKI[:17] + "4")
    expect(result).to_have_attribute("data-valid", "false")
    expect(result.locator(".uscc-char-bad")).to_have_text(["4"])
    expect(result.locator(".uscc-error")).to_have_text(["Position 18: the check character should be “3”, not “4”."])


def test_typing_key_by_key_updates_after_each_input(page, site_url):
    field, result = open_checker(page, site_url)
    field.press_sequentially(WIKI[:17])
    expect(result).to_have_attribute("data-valid", "false")
    expect(result.locator(".uscc-summary")).to_contain_text("17 of 18")
    field.press("3")
    expect(result).to_have_attribute("data-valid", "true")


def _no_markup_ran(page, dialogs, result):
    expect(result).to_have_attribute("data-valid", "false")
    expect(result.locator(".uscc-code")).to_contain_text("<IMGSRC=XONERROR=ALERT(1)>")
    assert result.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    assert dialogs == []


def test_pasted_markup_is_text_and_runs_nothing(page, site_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    field, result = open_checker(page, site_url)
    page.evaluate("text => navigator.clipboard.writeText(text)", MARKUP)
    field.focus()
    page.keyboard.press("ControlOrMeta+V")
    expect(field).to_have_value(MARKUP)
    _no_markup_ran(page, dialogs, result)
    field.fill("")
    field.fill(MARKUP)  # and typed or filled, the same
    _no_markup_ran(page, dialogs, result)


def test_checking_makes_no_network_request(page, site_url):
    field, result = open_checker(page, site_url)
    start_material(page)  # its bundle, which the first interaction loads, is not the checker's
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for code in (WIKI, "91110000600037341L", MARKUP):
        field.fill(code)
        expect(result).to_have_attribute("data-valid", "false" if code == MARKUP else "true")
    assert requests == []


def test_without_javascript_the_worked_example_is_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + CODES_PAGE)
        example = page.locator(".uscc-example")
        expect(example).to_contain_text("M000100Y4")
        expect(example.locator(".uscc-code .uscc-seg-division")).to_have_text("350100")
        assert page.locator("#uscc-result").get_attribute("data-valid") is None
    finally:
        context.close()


def test_checker_binds_again_when_material_swaps_the_page(page, site_url):
    """Instant navigation puts a new page's DOM in place and emits document$.

    (Real instant navigation cannot run here: Material matches links against the
    sitemap's host without its port, so on a test server every click reloads.)
    """
    open_checker(page, site_url)
    start_material(page)
    page.evaluate("""() => {
        const old = document.getElementById('uscc-checker');
        const fresh = old.cloneNode(true);  // new elements, no listeners, as after navigation
        fresh.querySelector('#uscc-input').removeAttribute('data-uscc-bound');
        fresh.querySelector('#uscc-result').replaceChildren();
        fresh.querySelector('#uscc-result').removeAttribute('data-valid');
        old.replaceWith(fresh);
        window.document$.next(document);
    }""")
    page.wait_for_function("() => document.getElementById('uscc-input')?.getAttribute('data-uscc-bound') === 'true'")
    page.locator("#uscc-input").fill(WIKI)
    expect(page.locator("#uscc-result")).to_have_attribute("data-valid", "true")
    expect(page.locator("#uscc-result .uscc-summary")).to_have_count(1)


def test_checker_works_from_a_file_url(page, built_site):
    page.goto((built_site / "social-credit-codes" / "index.html").as_uri())
    page.wait_for_function("() => document.getElementById('uscc-input')?.getAttribute('data-uscc-bound') === 'true'")
    page.locator("#uscc-input").fill("91110000600037341L")
    expect(page.locator("#uscc-result")).to_have_attribute("data-valid", "true")
