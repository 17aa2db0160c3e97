"""Sharing in headless Chromium: myth links name the myth's own page, the offline bundle copies
public addresses, and a selected passage copies as a BBCode or Markdown quote with a link that
scrolls to it (text fragment)."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from explainer.previews import cards
from explainer.previews import meta
from explainer.myths.records import VERDICTS
from support.project import IN_CI, ROOT
from support.browser import PHONE
from support.offline import built_bundle
from PIL import Image
from support.quality_tools import no_transitions

pytestmark = pytest.mark.browser

MYTHS = yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
PUBLIC = re.search(r'"(https://[^"]+)"', (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
SITE_NAME = CONFIG["site_name"]
CLIPBOARD = ["clipboard-read", "clipboard-write"]

# Selects from the first occurrence of `start` in the article to the next `end` (each within one
# text node), as a reader's drag would.
SELECT_JS = """([start, end, scope]) => {
  const root = document.querySelector(scope || 'article.md-content__inner');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let from = null, to = null, node;
  while ((node = walker.nextNode())) {
    if (!from) { const i = node.nodeValue.indexOf(start); if (i >= 0) from = [node, i]; }
    if (from) {
      const j = node.nodeValue.indexOf(end, node === from[0] ? from[1] : 0);
      if (j >= 0) { to = [node, j + end.length]; break; }
    }
  }
  if (!from || !to) throw new Error('passage not found: ' + start + ' … ' + end);
  getSelection().setBaseAndExtent(from[0], from[1], to[0], to[1]);
}"""


@pytest.fixture
def clip(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(CLIPBOARD, origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def clip_phone(browser, site_url):
    context = browser.new_context(**PHONE)
    context.grant_permissions(CLIPBOARD, origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def _clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def _empty_clipboard(page) -> None:
    page.evaluate("() => navigator.clipboard.writeText('')")


def _og(built_site, path: str, key: str) -> str:
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html5lib").find("meta", property=key)["content"]


# --- copy link: a myth's own page ------------------------------------------------------------

def test_every_myths_copy_link_names_its_own_page(clip, site_url):
    clip.goto(site_url + "myths/")
    for myth in MYTHS:
        _empty_clipboard(clip)
        box = clip.locator(f'.ex-claim-link[data-ex-myth="{myth["id"]}"]')
        box.get_by_role("button", name=re.compile("^Copy link to the claim")).click()
        expect(box.get_by_role("button", name=re.compile("^Copy link"))).to_have_text("Copied")
        copied = _clipboard(clip)
        assert copied == f"{site_url}myths/{myth['id']}/", copied
        assert "#" not in copied
    # The address works and is the page with the claim's own preview.
    clip.goto(copied)
    expect(clip.locator("article h1")).to_contain_text(MYTHS[-1]["claim"])


def test_the_heading_button_on_a_myths_own_page_copies_that_page(clip, site_url):
    myth = MYTHS[0]
    clip.goto(f"{site_url}myths/{myth['id']}/?utm=x")
    clip.get_by_role("button", name="Copy link to this page").click()
    expect(clip.locator("#ex-copy-status")).to_have_text(f"Link copied: {site_url}myths/{myth['id']}/")
    assert _clipboard(clip) == f"{site_url}myths/{myth['id']}/"


# --- a real unfurler on every myth address the site copies -------------------------------------

UNFURLER = ROOT / "tests" / "unfurl" / "ogs.mjs"


def _unfurl(urls: list[str]) -> dict:
    """open-graph-scraper (package.json devDependency) on each address, in one node process."""
    node = shutil.which("node")
    installed = (ROOT / "node_modules" / "open-graph-scraper" / "package.json").is_file()
    if not (node and installed):
        message = "node or open-graph-scraper is missing (apt-get install nodejs npm; npm ci --ignore-scripts)"
        if IN_CI:
            pytest.fail(message + " — CI must install it")
        pytest.skip(message)
    result = subprocess.run([node, str(UNFURLER), *urls], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=dict(os.environ, NO_PROXY="127.0.0.1"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_copied_myth_link_unfurls_to_the_claims_title_and_card(clip, site_url, built_site):
    clip.goto(site_url + "myths/")
    copied = {}
    for myth in MYTHS:
        _empty_clipboard(clip)
        box = clip.locator(f'.ex-claim-link[data-ex-myth="{myth["id"]}"]')
        box.get_by_role("button", name=re.compile("^Copy summary")).click()
        summary_link = _clipboard(clip).rsplit(" ", 1)[1]
        box.get_by_role("button", name=re.compile("^Copy link")).click()
        expect(box.get_by_role("button", name=re.compile("^Copy link"))).to_have_text("Copied")
        assert _clipboard(clip) == summary_link
        copied[myth["id"]] = summary_link
    seen = _unfurl(sorted(set(copied.values())))
    fonts = cards.find_fonts(ROOT)
    for myth in MYTHS:
        verdict = str(myth["verdict"]).lower()
        label = VERDICTS[verdict][0]
        preview = seen[copied[myth["id"]]]
        assert preview.get("success"), preview
        assert preview["ogTitle"] == f"{label}: “{myth['claim']}”"
        assert preview["ogDescription"] == myth["summary"]
        assert preview["ogUrl"] == f"{PUBLIC}myths/{myth['id']}/"
        assert preview["twitterCard"] == "summary_large_image"
        assert preview["articlePublishedTime"] <= preview["articleModifiedTime"]
        image = preview["ogImage"][0]
        assert image["url"] == f"{PUBLIC}assets/cards/myths/{myth['id']}.png"
        assert myth["claim"] in image["alt"] and label in image["alt"]
        # The card at that address is this claim's card: claim, verdict and reason, as drawn.
        card_file = built_site / "assets" / "cards" / "myths" / f"{myth['id']}.png"
        expected = cards.Card(SITE_NAME, meta.site_host(PUBLIC), myth["claim"], myth["summary"], verdict, label)
        assert card_file.read_bytes() == cards.render(expected, fonts)
        assert Image.open(io.BytesIO(card_file.read_bytes())).size == (1200, 630)


# --- the offline bundle copies public addresses ----------------------------------------------

@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    return built_bundle(tmp_path_factory)


@pytest.fixture
def offline_clip(browser):
    """A file:// page whose clipboard writes are recorded (file:// has no permission origin)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("""
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => ({
          writeText: (text) => { window.__copied = text; return Promise.resolve(); }})});""")
    page = context.new_page()
    yield page
    context.close()


def _copied(page) -> str:
    page.wait_for_function("() => window.__copied !== undefined")
    text = page.evaluate("() => window.__copied")
    page.evaluate("() => { window.__copied = undefined; }")
    return text


def test_offline_copy_controls_give_public_addresses(offline, offline_clip):
    page = offline_clip
    page.goto((offline.folder / "myths.html").as_uri())
    myth = MYTHS[1]
    box = page.locator(f'.ex-claim-link[data-ex-myth="{myth["id"]}"]')
    box.get_by_role("button", name=re.compile("^Copy link")).click()
    assert _copied(page) == f"{PUBLIC}myths/{myth['id']}/"
    expect(page.locator("#ex-copy-status")).to_have_text(
        f"Link to the public site copied: {PUBLIC}myths/{myth['id']}/")
    box.get_by_role("button", name=re.compile("^Copy summary")).click()
    assert _copied(page).endswith(f" {PUBLIC}myths/{myth['id']}/")

    page.goto((offline.folder / "blacklists.html").as_uri())
    page.locator("#court-list .ex-copylink").click()
    assert _copied(page) == f"{PUBLIC}blacklists/#court-list"
    page.get_by_role("button", name="Copy link to this page").click()
    assert _copied(page) == f"{PUBLIC}blacklists/"

    page.evaluate(SELECT_JS, ["Opinions issued by", "25 September 2016", None])
    page.locator('[data-quote-format="markdown"]').click()
    text = _copied(page)
    assert f"]({PUBLIC}blacklists/#" in text and "file:" not in text
    expect(page.locator("#ex-copy-status")).to_have_text(
        "Markdown quote copied, with a link to this passage on the public site.")


# --- quote to a forum --------------------------------------------------------------------------

def _fragment_terms(url: str) -> list[str]:
    directive = url.split(":~:text=", 1)[1]
    assert not re.search(r"[-&\s]", directive), f"unencoded '-', '&' or space in {directive!r}"
    return [unquote(term) for term in directive.split(",")]


def _lands_on(page, url: str, site_url: str, passage: str) -> None:
    """Opened without its #section, the text fragment alone scrolls the passage into view (a
    short window, so that no passage is in view without scrolling)."""
    page.set_viewport_size({"width": 1280, "height": 300})
    page.goto(re.sub(r"#[^:]*:~:", "#:~:", url.replace(PUBLIC, site_url)))
    page.wait_for_function("() => window.scrollY > 0")
    box = page.evaluate("""(passage) => {
      const p = [...document.querySelectorAll('article p, article li')].find(p => p.textContent.includes(passage));
      const r = p.getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, height: innerHeight};
    }""", passage)
    assert box["bottom"] > 0 and box["top"] < box["height"], box


def test_bbcode_quote_of_a_short_passage(clip, site_url, built_site):
    clip.goto(site_url + "blacklists/")
    clip.evaluate(SELECT_JS, ["any seat on G-series", "high-speed trains", None])
    bar = clip.get_by_role("group", name="Quote the selected text with its source")
    expect(bar).to_be_visible()
    bar.locator('[data-quote-format="bbcode"]').click()
    expect(bar.locator('[data-quote-format="bbcode"]')).to_have_text("Copied")
    text = _clipboard(clip)
    title = _og(built_site, "blacklists", "og:title")
    match = re.fullmatch(r'\[quote="(.+)"\](.+)\[/quote\]\n\[url=(\S+)\](.+)\[/url\]', text, re.S)
    assert match, text
    assert match.group(1) == match.group(4) == f"{title} — {SITE_NAME}"
    assert match.group(2) == "any seat on G-series high-speed trains"
    url = match.group(3)
    assert url.startswith(f"{site_url}blacklists/#")
    assert _fragment_terms(url) == ["any seat on G-series high-speed trains"]
    assert "%2D" in url  # the hyphens, which the directive's syntax reserves
    _lands_on(clip, url, site_url, "any seat on G-series")


def test_markdown_quote_across_paragraphs_from_half_a_word(clip, site_url, built_site):
    clip.goto(site_url + "blacklists/")
    # From inside "listing" to the end of the next paragraph: whole words, two paragraphs.
    clip.evaluate(SELECT_JS, ["isting on any ground", "court within 10 days.", None])
    button = clip.locator('[data-quote-format="markdown"]')
    button.click()
    text = _clipboard(clip)
    quoted, _, attribution = text.partition("\n\n— ")
    lines = quoted.split("\n")
    assert lines[0].startswith("> listing on any ground other than")
    assert lines[lines.index(">") + 1].startswith("> A wrongly listed entry")
    assert lines[-1].endswith("the next-higher court within 10 days.")
    assert all(line.startswith(">") for line in lines)
    assert "[6]" not in quoted and "\n\n" not in quoted.strip()  # no citation marks, one quote
    title = _og(built_site, "blacklists", "og:title")
    link = re.fullmatch(r"\[(.+)\]\((\S+)\)", attribution)
    assert link and link.group(1) == f"{title} — {SITE_NAME}", attribution
    url = link.group(2)
    start, end = _fragment_terms(url)
    assert (start, end) == ("listing on any ground", "court within 10 days.")
    _lands_on(clip, url, site_url, "listing on any ground other than")  # where the match starts


def test_keyboard_reaches_the_quote_buttons_and_escape_closes(clip, site_url):
    clip.goto(site_url + "sesame-credit/")
    clip.evaluate(SELECT_JS, ["Scores run from", "score is better.", None])
    bar = clip.get_by_role("group", name="Quote the selected text with its source")
    expect(bar).to_be_visible()
    clip.locator("article p", has_text="Scores run from 350").click(position={"x": 2, "y": 2})
    clip.evaluate(SELECT_JS, ["Scores run from", "score is better.", None])
    for _ in range(20):  # the bar follows the selected paragraph in the tab order
        clip.keyboard.press("Tab")
        if bar.evaluate("(bar) => bar.contains(document.activeElement)"):
            break
    expect(bar.locator('[data-quote-format="bbcode"]')).to_be_focused()
    clip.keyboard.press("Tab")
    expect(bar.locator('[data-quote-format="markdown"]')).to_be_focused()
    clip.keyboard.press("Enter")
    assert _clipboard(clip).startswith("> Scores run from 350 to 950")
    expect(clip.locator("#ex-copy-status")).to_contain_text("Markdown quote copied")
    clip.keyboard.press("Escape")
    expect(bar).to_be_hidden()


def test_a_selection_outside_the_article_shows_nothing(clip, site_url):
    clip.goto(site_url + "blacklists/")
    bar = clip.locator(".ex-quote")
    clip.evaluate(SELECT_JS, ["Sesame", "Credit", ".md-sidebar--primary"])
    clip.evaluate(SELECT_JS, ["Text", "4.0", ".md-footer"])
    assert clip.evaluate("() => getSelection().toString()") == "Text and diagrams: CC BY 4.0"
    expect(bar).to_have_count(0)
    # From inside the article to outside it: nothing either.
    clip.evaluate("""() => {
      const start = document.querySelector('article p').firstChild;
      const end = document.querySelector('.md-footer-meta');
      getSelection().setBaseAndExtent(start, 0, end, end.childNodes.length);
    }""")
    expect(bar).to_have_count(0)
    # Inside, then collapsed: the bar goes away.
    clip.evaluate(SELECT_JS, ["Opinions issued by", "25 September 2016", None])
    expect(bar).to_be_visible()
    clip.evaluate("() => getSelection().collapseToEnd()")
    expect(bar).to_be_hidden()


def test_on_a_phone_the_bar_appears_under_the_selection_and_copies_on_tap(clip_phone, site_url):
    clip_phone.goto(site_url + "local-scores/")
    # From a glossary term's link to plain text: "Rongcheng, a small … described abroad."
    clip_phone.evaluate(SELECT_JS, ["Rongcheng", "described", "article.md-content__inner > p:nth-of-type(3)"])
    bar = clip_phone.locator(".ex-quote")
    expect(bar).to_be_visible()
    box, width = bar.bounding_box(), PHONE["viewport"]["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    for button in bar.locator("button").all():
        assert button.bounding_box()["height"] >= 40  # a finger's width
    bar.locator('[data-quote-format="bbcode"]').tap()
    text = _clipboard(clip_phone)
    assert re.match(r'\[quote="[^"]+"\]Rongcheng, a small county-level city in Shandong province, is the pilot '
                    r'most often described\[/quote\]\n\[url=' + re.escape(site_url + "local-scores/#"), text), text


def test_a_table_quotes_one_line_a_row_with_its_cells_apart(clip, site_url):
    clip.goto(site_url + "blacklists/")
    # The first row of the counts table, whatever its figures: from its first cell to its last.
    cells = [" ".join(text.split()) for text in
             clip.locator("article table tbody tr").first.locator("td").all_inner_texts()]
    clip.evaluate(SELECT_JS, [cells[0], cells[-1], "article table"])
    clip.locator('[data-quote-format="markdown"]').click()
    quoted = _clipboard(clip).split("\n\n— ")[0]
    assert quoted.split("\n") == ["> " + " ".join(cells)]


def test_a_mouse_drag_then_a_click_copies_the_dragged_words(clip, site_url):
    clip.goto(site_url + "sesame-credit/")
    paragraph = clip.locator("article p", has_text="Scores run from 350")
    paragraph.scroll_into_view_if_needed()
    box = paragraph.bounding_box()
    clip.mouse.move(box["x"] + 1, box["y"] + 10)  # along the first line
    clip.mouse.down()
    clip.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 10, steps=5)
    clip.mouse.up()
    dragged = clip.evaluate("() => getSelection().toString()").strip()
    assert dragged.startswith("Scores run")
    clip.locator('[data-quote-format="markdown"]').click()
    assert _clipboard(clip).startswith("> " + " ".join(dragged.split()[:3]))
    # The click kept the reader's selection.
    assert clip.evaluate("() => getSelection().toString()").strip() == dragged


def test_a_comma_inside_the_passage_is_encoded_in_the_text_fragment(clip, site_url):
    clip.goto(site_url + "sesame-credit/")
    clip.evaluate(SELECT_JS, ["350 to 950, and a higher", "higher", None])
    clip.locator('[data-quote-format="bbcode"]').click()
    url = re.search(r"\[url=(\S+)\]", _clipboard(clip)).group(1)
    assert url.endswith(":~:text=350%20to%20950%2C%20and%20a%20higher")
    assert _fragment_terms(url) == ["350 to 950, and a higher"]
    _lands_on(clip, url, site_url, "350 to 950, and a higher")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_quote_bar_passes_axe(browser, site_url, scheme):
    from support.quality_tools import axe_violations, describe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "blacklists/")
        no_transitions(page)
        page.evaluate(SELECT_JS, ["Opinions issued by", "25 September 2016", None])
        page.locator(".ex-quote").wait_for(state="visible")
        page.locator('[data-quote-format="markdown"]').focus()
        problems = describe_violations(f"[{scheme}] quote bar", axe_violations(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
