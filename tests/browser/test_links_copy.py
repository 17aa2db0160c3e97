"""Copy-link controls in headless Chromium: keyboard, clipboard, fallbacks, file://, 404 help."""
from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from support.project import ROOT

pytestmark = pytest.mark.browser

FIRST_MYTH = yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))[0]


@pytest.fixture
def clip(browser, site_url):
    """A page whose origin may read and write the clipboard (as after a user's consent)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def _clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def test_heading_copy_link_works_by_keyboard(clip, site_url):
    clip.goto(site_url + "blacklists/")
    button = clip.get_by_role("button", name="Copy link to section “The court's list of judgment defaulters”")
    expect(button).to_have_count(1)
    clip.evaluate("() => navigator.clipboard.writeText('')")
    clip.locator("#court-list .headerlink").focus()  # the no-JS "#" permalink comes first
    clip.keyboard.press("Tab")
    expect(button).to_be_focused()
    expect(button).to_have_css("opacity", "1")  # visible while focused
    clip.keyboard.press("Enter")
    expect(clip.locator("#ex-copy-status")).to_have_text(f"Link copied: {site_url}blacklists/#court-list")
    expect(clip.locator("#ex-copy-status")).to_have_attribute("role", "status")
    assert _clipboard(clip) == f"{site_url}blacklists/#court-list"


def test_myth_copy_link_and_summary(clip, site_url):
    clip.goto(site_url + "myths/?h=sesame")  # a query (search highlight) is not part of the link
    claim = re.escape(f"“{FIRST_MYTH['claim']}”")
    link = clip.get_by_role("button", name=re.compile(f"^Copy link to the claim {claim}$"))
    summary = clip.get_by_role("button", name=re.compile(f"^Copy summary of the verdict on the claim {claim}"))
    link.focus()
    clip.keyboard.press("Space")
    expect(link).to_have_text("Copied")
    assert _clipboard(clip) == f"{site_url}myths/{FIRST_MYTH['id']}/"  # its own page and card
    summary.focus()
    clip.keyboard.press("Enter")
    expect(clip.locator("#ex-copy-status")).to_contain_text("Summary copied")
    expected = (f"Claim: “{FIRST_MYTH['claim']}” — Verdict: False. Why: {FIRST_MYTH['summary']} "
                f"{site_url}myths/{FIRST_MYTH['id']}/")
    assert _clipboard(clip) == expected


def test_without_clipboard_api_the_selected_text_is_copied(clip, site_url):
    clip.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    clip.goto(site_url + "blacklists/")
    reader = clip.context.new_page()
    reader.goto(site_url)
    reader.evaluate("() => navigator.clipboard.writeText('')")
    button = clip.locator("#numbers .ex-copylink")
    button.focus()
    clip.keyboard.press("Enter")
    expect(clip.locator("#ex-copy-status")).to_have_text(f"Link copied: {site_url}blacklists/#numbers")
    assert _clipboard(reader) == f"{site_url}blacklists/#numbers"


def test_when_copying_is_blocked_the_link_is_shown_selected(page, site_url):
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
                         "document.execCommand = () => false;")
    page.goto(site_url + "blacklists/")
    page.locator("#numbers .ex-copylink").focus()
    page.keyboard.press("Enter")
    field = page.locator(".ex-copy-manual input")
    expect(field).to_be_focused()
    expect(field).to_have_value(f"{site_url}blacklists/#numbers")
    assert field.evaluate("f => [f.selectionStart, f.selectionEnd]") == [0, len(f"{site_url}blacklists/#numbers")]
    expect(page.locator("#ex-copy-status")).to_contain_text("Copying is blocked")


def test_offline_file_url_uses_the_pages_own_location(page, built_site):
    page.add_init_script("""
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => ({
          writeText: (text) => { window.__copied = text; return Promise.resolve(); }})});
    """)
    url = (built_site / "blacklists" / "index.html").as_uri()
    page.goto(url)
    page.locator("#court-list .ex-copylink").click()
    page.wait_for_function("() => window.__copied !== undefined")
    assert page.evaluate("() => window.__copied") == url + "#court-list"


def test_without_javascript_the_permalinks_remain(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "myths/")
        expect(page.locator(".ex-copylink, .ex-share__button")).to_have_count(0)
        page.locator(f"#{FIRST_MYTH['id']} .headerlink").click()
        assert page.url == f"{site_url}myths/#{FIRST_MYTH['id']}"
        page.locator(".ex-claim-link__route").first.click()
        assert page.url == f"{site_url}myths/{FIRST_MYTH['id']}/"
    finally:
        context.close()


def test_an_old_anchor_of_a_moved_section_follows_it(page, site_url):
    page.goto(site_url + "blacklists/")
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p id="old-place" class="ex-moved" data-ex-moved-to="../about/#scope">Moved</p>')""")
    page.evaluate("() => { location.hash = 'old-place'; }")
    page.wait_for_url(f"{site_url}about/#scope")


@pytest.mark.parametrize("typed, expected", [
    ("myth/sesame-is-state-score", "myths/sesame-is-state-score/"),
    ("blacklist.html", "blacklists/"),
])
def test_404_suggests_the_closest_page(page, site_url, built_site, typed, expected):
    page.route(f"{site_url}{typed}", lambda route: route.fulfill(
        status=404, content_type="text/html", body=(built_site / "404.html").read_text(encoding="utf-8")))
    page.goto(site_url + typed)
    suggestion = page.locator("#ex-404-suggestion a")
    expect(suggestion).to_have_attribute("href", "/" + expected)


# The button's box against the box of the heading's last word.
SAME_LINE_JS = """(h1) => {
  const keep = h1.querySelector('.ex-keep');
  const button = h1.querySelector('.ex-copylink');
  if (!keep || !button || !keep.contains(button)) return null;
  const range = document.createRange();
  range.selectNodeContents(keep.firstChild);
  const word = range.getClientRects()[0], box = button.getBoundingClientRect();
  const middle = box.top + box.height / 2;
  return {word: keep.firstChild.nodeValue, same: middle >= word.top && middle <= word.bottom};
}"""


@pytest.mark.parametrize("path", ["", "sesame-credit/", "blacklists/"])
def test_the_copy_button_stays_on_the_line_of_the_titles_last_word(phone_page, site_url, path):
    """On a phone, the "#" and the copy button never wrap onto a line of their own."""
    phone_page.goto(site_url + path)
    phone_page.locator("article h1 .ex-copylink").wait_for(state="attached")
    result = phone_page.locator("article h1").evaluate(SAME_LINE_JS)
    assert result is not None, "the title's last word, '#' and button are not kept together"
    assert result["same"], f"the copy button wrapped away from {result['word']!r}"
