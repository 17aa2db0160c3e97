"""The glossary in the built HTML: references in body text, their definitions and targets,
the glossary page and its "used on" back-links. Read with a real parser (html5lib).

The expected matches are computed here from data/glossary.yml with the rules the issue
states (whole words, longest name first, an all-lower-case name may start a sentence),
independently of the build's own matcher.
"""
from __future__ import annotations

import posixpath
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from bs4 import NavigableString

from explainer.asset_bundle.join import minify
from explainer.glossary.terms import load_glossary
from explainer.sources.registry import load_sources
from support.site import ROOT, article, parse

# Where a term must never be turned into a reference.
EXCLUDED = ("h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "script", "style", "label",
            "summary", "th", "abbr", "nav", "button", "svg", "math", "textarea", "select")
EXCLUDED_CLASSES = ("ex-cite", "ex-references", "admonition-title", "ex-no-glossary", "headerlink",
                    "tabbed-labels", "toc",
                    # Raw HTML that other features generate, not Markdown body text: the sources
                    # registry and its back-links, the code checker's widget (diagrams are <svg>).
                    "ex-sources", "ex-backlinks", "uscc-checker")
URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\b(?:[\w-]+\.)+(?:cn|com|org|net|gov|int)\b\S*", re.I)


@pytest.fixture(scope="module")
def terms():
    sources = load_sources(ROOT / "data" / "sources.yml", ROOT)
    return load_glossary(ROOT / "data" / "glossary.yml", sources, ROOT)


@pytest.fixture(scope="module")
def pages(built_site):
    """Every rendered page with an article: {url path: soup}."""
    found = {}
    for path in sorted(built_site.rglob("index.html")):
        soup = parse(path)
        if article(soup) is not None:
            url = path.parent.relative_to(built_site).as_posix()
            found["" if url == "." else url + "/"] = soup
    assert "glossary/" in found and "sesame-credit/" in found
    return found


@pytest.fixture(scope="module")
def name_regex(terms):
    def pattern(name):
        body = r"\s+".join(re.escape(word).replace("'", "['’]") for word in name.split())
        if name == name.lower():
            body = f"(?i:{body[0]}){body[1:]}"
        return body
    names = sorted({n for t in terms.values() for n in t.names}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(pattern(n) for n in names) + r")(?!\w)")


def _name_to_id(terms):
    table = {}
    for term in terms.values():
        for name in term.names:
            table[" ".join(name.split())] = term.id
    return table


def _term_of(text, table):
    text = " ".join(text.split()).replace("’", "'")
    return table.get(text) or (table.get(text[0].lower() + text[1:]) if text[0].isupper() else None)


def _excluded(node) -> bool:
    for parent in node.parents:
        if parent.name in EXCLUDED:
            return True
        classes = parent.get("class") or []
        if any(c in EXCLUDED_CLASSES for c in classes):
            return True
        if parent.name == "article":
            return False
    return False


def _resolve(page_url: str, href: str) -> str:
    """The site path a relative href leads to from the page at *page_url* (with #fragment)."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, href
    joined = posixpath.normpath(posixpath.join("/" + page_url, parts.path)) if parts.path else "/" + page_url
    joined = joined.lstrip("/")
    if parts.path.endswith("/") and joined and not joined.endswith("/"):
        joined += "/"
    if joined == ".":
        joined = ""
    return f"{joined}#{parts.fragment}" if parts.fragment else joined


def _entry_id(node):
    entry = node.find_parent(class_="ex-gloss-entry")
    heading = entry.find(["h2"]) if entry else None
    return heading.get("id") if heading else None


# --------------------------------------------------------------------------- references


def test_there_are_at_least_25_terms(terms):
    assert len(terms) >= 25


def test_every_term_in_body_text_is_a_reference(pages, terms, name_regex):
    """No term or alias is left unmarked in body text (outside the excluded places)."""
    table = _name_to_id(terms)
    missed = []
    for url, soup in pages.items():
        for text in article(soup).find_all(string=True):
            if type(text) is not NavigableString:
                continue  # comments and the like
            if _excluded(text):
                continue
            urls = [m.span() for m in URL.finditer(str(text))]
            for match in name_regex.finditer(str(text)):
                if any(s < match.end() and match.start() < e for s, e in urls):
                    continue
                term_id = _term_of(match.group(0), table)
                if url == "glossary/" and _entry_id(text) == term_id:
                    continue  # an entry does not refer to itself
                missed.append((url, match.group(0), str(text)[:80]))
    assert not missed, missed[:10]


def test_references_are_found_in_every_content_page(pages):
    for url in ("", "sesame-credit/", "social-credit-codes/", "blacklists/", "local-scores/", "myths/", "glossary/"):
        assert article(pages[url]).select("a.ex-term"), url


def test_no_reference_in_headings_toc_links_or_code(pages):
    for url, soup in pages.items():
        for link in soup.select("a.ex-term"):
            assert link.find_parent("article") is not None, (url, link)
            assert not _excluded(link), (url, link.parent)
            assert not link.find("a"), (url, link)
        assert not soup.select(".md-sidebar a.ex-term, .md-nav a.ex-term, .md-header a.ex-term"), url
        for heading in article(soup).select("h1, h2, h3, h4, h5, h6"):
            assert not heading.select(".ex-term"), (url, heading)


def test_known_places_are_left_alone(pages):
    home = pages[""]
    # A heading that names a term, and a link whose text names one.
    heading = home.select_one("#sesame")
    assert "Sesame Credit" in heading.get_text() and not heading.select(".ex-term")
    read_more = [a for a in article(home).find_all("a") if a.get_text() == "Read more about Sesame Credit"]
    assert read_more and not read_more[0].select(".ex-term")
    # Citations keep their numbers only.
    assert not home.select("sup.ex-cite .ex-term")
    # "blacklisted" is not "blacklist"; "Blacklists" at a sentence start is.
    blacklists = pages["blacklists/"]
    assert "blacklisted" in article(blacklists).get_text()
    assert all(a.get_text() != "blacklisted" for a in blacklists.select("a.ex-term"))


def test_every_reference_carries_its_definition_and_target(pages, terms):
    """The title holds the definition with the Chinese and pinyin (the no-JavaScript
    tooltip and the screen readers' description); the href leads to the entry."""
    table = _name_to_id(terms)
    seen = Counter()
    for url, soup in pages.items():
        first = set()
        for link in soup.select("a.ex-term"):
            term = terms[link["data-term"]]
            seen[term.id] += 1
            assert _term_of(link.get_text(), table) == term.id, (url, link.get_text())
            assert _resolve(url, link["href"]) == f"glossary/#{term.id}", (url, link["href"])
            assert link["title"] == f"{term.heading} · {term.zh} · {term.pinyin} — {term.definition}"
            # No static aria-describedby: glossary.js adds it with its target, so that no
            # copy of the content (e.g. a print page) can point at a missing element.
            assert not link.has_attr("aria-describedby"), (url, link)
            if term.id not in first:
                first.add(term.id)
                assert link.get("id") == f"gref-{term.id}", (url, term.id)
            else:
                assert not link.get("id"), (url, link)
    assert len(seen) >= 20, sorted(seen)


# --------------------------------------------------------------------------- the glossary page


def test_the_glossary_page_has_every_entry_in_order(pages, terms):
    soup = pages["glossary/"]
    entries = article(soup).select(".ex-gloss-entry")
    ids = [entry.find("h2")["id"] for entry in entries]
    assert sorted(ids) == sorted(terms)
    headings = [entry.find("h2").get_text(" ", strip=True).rstrip("#").strip().casefold() for entry in entries]
    assert headings == sorted(headings)
    for entry in entries:
        term = terms[entry.find("h2")["id"]]
        assert entry.find("h2").get_text(" ", strip=True).startswith(term.heading)
        assert entry.select_one('[lang="zh-Hans"]').get_text() == term.zh
        assert entry.select_one('[lang="zh-Latn-pinyin"]').get_text() == term.pinyin
        definition = entry.select_one(".ex-gloss-def")
        assert definition.get_text().startswith(term.definition)
        cited = [a["href"].split("#")[1] for a in definition.select("sup.ex-cite a")]
        assert cited == [f"src-{s}" for s in term.sources]
        # The explanation cites its sources too.
        assert len(entry.select("sup.ex-cite")) >= 2
        # Related and "not to be confused with" lead to entries on the same page.
        for kind, wanted in (("ex-gloss-related", term.related), ("ex-gloss-confused", term.not_confused_with)):
            block = entry.select_one(f".{kind}")
            if not wanted:
                assert block is None
                continue
            targets = [_resolve("glossary/", a["href"]) for a in block.find_all("a")]
            assert targets == [f"glossary/#{i}" for i in wanted]
        # An entry never refers to itself.
        assert not entry.select(f'a.ex-term[data-term="{term.id}"]')


def test_the_glossary_is_in_the_nav_before_sources(pages):
    labels = [a.get_text(strip=True) for a in pages[""].select(".md-nav--primary > .md-nav__list > li > a")]
    assert "Glossary" in labels and labels.index("Glossary") + 1 == labels.index("Sources")


def test_used_on_back_links_match_the_pages(pages, terms):
    soup = pages["glossary/"]
    for term_id in terms:
        expected = Counter()
        for url, page in pages.items():
            if url != "glossary/":
                expected[url] = len(page.select(f'a.ex-term[data-term="{term_id}"]'))
        expected = {url: n for url, n in expected.items() if n}
        entry = soup.find(id=term_id).find_parent(class_="ex-gloss-entry")
        used = entry.select_one(".ex-gloss-used")
        found = {}
        for link in used.find_all("a"):
            target = _resolve("glossary/", link["href"])
            page_url, anchor = target.split("#")
            assert anchor == f"gref-{term_id}"
            landing = pages[page_url].find(id=anchor)
            assert landing is not None and landing.get("data-term") == term_id, target
            count = re.match(r"\s*\((once|(\d+) times)\)", link.next_sibling).group(1)
            found[page_url] = 1 if count == "once" else int(count.split()[0])
        assert found == expected, term_id
        if not expected:
            assert "Not used" in used.get_text()


def test_glossary_citations_reach_the_sources_page(pages):
    sources_page = pages["sources/"]
    for source_id in ("clt-redlists", "ndrc-order36-2025", "cbn-nifa"):
        entry = sources_page.find(id=f"src-{source_id}")
        assert entry is not None, source_id
        backlinks = entry.find_next_sibling("dd").select(".ex-backlinks a")
        assert any(_resolve("sources/", a["href"]).startswith("glossary/#cite-") for a in backlinks), source_id


def test_glossary_assets_are_local(built_site):
    """The glossary's script and stylesheet reach the page, in the site's own bundles."""
    soup = parse(built_site / "glossary" / "index.html")
    scripts = [s["src"] for s in soup.find_all("script", src=True) if "/site." in s["src"]]
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet") if "/site." in link["href"]]
    assert len(scripts) == 1 and len(sheets) == 1, (scripts, sheets)
    js = (built_site / "glossary" / scripts[0]).resolve().read_text(encoding="utf-8")
    css = (built_site / "glossary" / sheets[0]).resolve().read_text(encoding="utf-8")
    # Each part goes into the bundle minified.
    assert minify("js", (ROOT / "overrides/assets/javascripts/glossary.js").read_text(encoding="utf-8")) in js
    assert minify("css", (ROOT / "overrides/assets/stylesheets/glossary.css").read_text(encoding="utf-8")) in css
    assert "http://" not in js and "https://" not in js

