"""Site search in Chromium, online and in the offline bundle: Chinese queries find their pages
(jieba splits the pages' Chinese at build time), text from a paste or an input method searches
without a key press, and the page a result opens marks whole query words, never stop-words."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from support.offline import built_bundle

pytestmark = pytest.mark.browser

CHINESE_QUERIES = [
    ("社会信用代码", "social-credit-codes"),
    ("失信被执行人", "blacklists"),
    ("芝麻信用", "sesame-credit"),
]


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    return built_bundle(tmp_path_factory)


def _search_ready(page: Page) -> None:
    """The search index is loaded: the dialog's hint no longer says it is initializing."""
    page.locator(".md-search__input").focus()
    expect(page.locator(".md-search-result__meta")).not_to_have_text(re.compile("Initializing"), timeout=15000)


def _result_pages(page: Page) -> list[str]:
    """The page (first path segment, or file name without .html) of each result, best first."""
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    pages = []
    for href in page.locator(".md-search-result__item").evaluate_all(
            "items => items.map(item => item.querySelector('a.md-search-result__link').href)"):
        path = urlsplit(href).path.rstrip("/")
        pages.append(path.rsplit("/", 1)[-1].removesuffix(".html"))
    return pages


def _open_home(page: Page, base: str) -> None:
    page.goto(base)
    _search_ready(page)


@pytest.mark.parametrize("query,expected", CHINESE_QUERIES)
def test_chinese_query_finds_its_page_online(page, site_url, query, expected):
    _open_home(page, site_url)
    # One input event with the whole word, as an input method commits it: no partial-query results.
    page.locator(".md-search__input").fill(query)
    results = _result_pages(page)
    assert expected in results[:2], f"{query!r}: results {results}, expected {expected} among the first two"


@pytest.mark.parametrize("query,expected", CHINESE_QUERIES)
def test_chinese_query_finds_its_page_offline(page, offline, query, expected):
    _open_home(page, (offline.folder / "index.html").as_uri())
    # One input event with the whole word, as an input method commits it: no partial-query results.
    page.locator(".md-search__input").fill(query)
    results = _result_pages(page)
    assert expected in results[:2], f"{query!r}: results {results}, expected {expected} among the first two"


def test_pasted_text_searches_without_a_key_press(page, site_url):
    _open_home(page, site_url)
    page.locator(".md-search__input").fill("blacklist")  # an input event and no key events, as a paste
    assert "blacklists" in _result_pages(page)


def test_text_from_an_input_method_searches_when_composed(page, site_url):
    _open_home(page, site_url)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "shixin", "selectionStart": 6, "selectionEnd": 6})
    cdp.send("Input.insertText", {"text": "失信被执行人"})  # the IME commits: compositionend, no keyup
    assert page.locator(".md-search__input").input_value() == "失信被执行人"
    assert "blacklists" in _result_pages(page)


def _marks(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    return page.locator("article mark").evaluate_all("marks => marks.map(m => m.textContent)")


def test_stop_words_and_single_letters_are_not_highlighted(page, site_url):
    page.goto(site_url + "?h=a")
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    assert _marks(page) == []
    page.goto(site_url + "?h=" + quote("a the of score"))
    marks = _marks(page)
    assert marks and {m.lower() for m in marks} <= {"score", "scores", "scored", "scorer", "scorers", "scoring"}, marks


def test_highlight_marks_whole_words_beginning_with_the_term(page, site_url):
    page.goto(site_url + "?h=scor")
    marks = _marks(page)
    assert marks and all(re.fullmatch(r"scor\w*", m, re.I) for m in marks), marks
    # The text either side of each mark: never a letter (a mark is a whole word).
    sides = page.locator("article mark").evaluate_all("""marks => marks.map(m => [
        (m.previousSibling && m.previousSibling.textContent || " ").slice(-1),
        (m.nextSibling && m.nextSibling.textContent || " ").slice(0, 1)])""")
    assert not [s for s in sides if any(c.isalnum() for c in s)], sides


def test_result_link_carries_the_query_words_and_marks_them(page, site_url):
    _open_home(page, site_url)
    page.locator(".md-search__input").press_sequentially("the sesame score")
    link = page.locator(".md-search-result__item > a.md-search-result__link").first
    # Results refresh as each key lands: wait for the link built from the whole query.
    expect(link).to_have_attribute("href", re.compile(r"[?&]h=[^&#]*score(?:[&#]|$)"))
    assert parse_qs(urlsplit(link.get_attribute("href")).query)["h"] == ["sesame score"]
    link.click()
    marks = {m.lower() for m in _marks(page)}
    assert marks and marks <= {"sesame", "score", "scores", "scored", "scorer", "scorers", "scoring"}, marks


def test_chinese_result_highlights_the_chinese_words(page, site_url):
    page.goto(site_url + "social-credit-codes/?h=" + quote("社会信用代码"))
    assert "社会信用代码" in _marks(page)
