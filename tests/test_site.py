"""The built site, read with a real HTML parser."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest

from support.site import ROOT, article, html_path, nav_pages, parse

from explainer.sources.registry import load_sources

PAGES = nav_pages()
SITE = "http://site.test/"


def test_nav_lists_the_explainer_pages():
    for page in ["index.md", "sesame-credit.md", "social-credit-codes.md", "blacklists.md",
                 "local-scores.md", "myths.md", "sources.md", "about.md"]:
        assert page in PAGES


@pytest.mark.parametrize("src", PAGES)
def test_page_has_title_description_and_citation(built_site, src):
    soup = parse(html_path(built_site, src))
    assert soup.title and soup.title.string.strip()
    assert article(soup).find("h1").get_text(strip=True)
    description = soup.find("meta", attrs={"name": "description"})
    assert description and 20 <= len(description["content"]) <= 160
    if src not in ("sources.md", "corrections.md"):  # the registry; a log whose entries may cite
        assert article(soup).select("sup.ex-cite a.ex-cite__link"), f"{src} cites nothing"


def _citations(built_site):
    for src in PAGES:
        path = html_path(built_site, src)
        for link in article(parse(path)).select("a.ex-cite__link"):
            yield src, path, link


def test_every_citation_resolves_to_a_source_entry_and_back(built_site):
    sources_html = html_path(built_site, "sources.md")
    sources_page = parse(sources_html)
    entries = {dt["id"]: dt.find_parent("dl") for dt in sources_page.select("dl.ex-sources dt[id]")}
    count = 0
    for src, path, link in _citations(built_site):
        count += 1
        target = urljoin(SITE + path.relative_to(built_site).as_posix(), link["href"])
        assert urlparse(target).path in ("/sources/", "/sources/index.html"), link
        anchor = urlparse(link["href"]).fragment
        assert anchor in entries, f"{src}: citation to missing entry {anchor}"
        assert link.get("title"), "a citation shows its source's details on hover and focus"
        # ... and the entry links back to this very citation.
        entry = sources_page.find(id=anchor).find_next_sibling("dd")
        page_url = urljoin(SITE, path.relative_to(built_site).as_posix()).removesuffix("index.html")
        backlinks = {urljoin(SITE + "sources/", a["href"]) for a in entry.select(".ex-backlinks a")}
        assert f"{page_url}#{link['id']}" in backlinks, f"no back-link to {src}#{link['id']}"
    assert count > 100


def test_every_registry_source_is_cited_somewhere(built_site):
    sources = load_sources(ROOT / "data" / "sources.yml")
    page = parse(html_path(built_site, "sources.md"))
    for source_id in sources:
        entry = page.find(id=f"src-{source_id}")
        assert entry is not None, source_id
        assert entry.find_next_sibling("dd").select(".ex-backlinks a"), f"{source_id} is never cited"


def test_citation_numbers_follow_first_use_on_each_page(built_site):
    for src in PAGES:
        soup = parse(html_path(built_site, src))
        seen: dict[str, int] = {}
        for link in article(soup).select("a.ex-cite__link"):
            source_id = urlparse(link["href"]).fragment
            number = int(link.get_text().strip("[]"))
            expected = seen.setdefault(source_id, len(seen) + 1)
            assert number == expected, f"{src}: {source_id} numbered {number}, expected {expected}"
        listed = article(soup).select(".ex-references li")
        assert len(listed) == len(seen)


def test_paragraphs_that_state_facts_carry_a_citation(built_site):
    """Every paragraph of body text with a figure, a date or a quotation cites a source."""
    factual = re.compile(r"\d|“|\"")
    for src in PAGES:
        if src in ("sources.md", "about.md"):
            continue
        body = article(parse(html_path(built_site, src)))
        for paragraph in body.find_all("p"):
            quoted_old_words = paragraph.find_parent("blockquote") and paragraph.find_parent(class_="ex-correction")
            if quoted_old_words or paragraph.find_parent(class_=["ex-references", "ex-scale"]) or \
                    {"ex-verdict-line", "ex-nocite"} & set(paragraph.get("class", [])):
                continue
            text = paragraph.get_text(" ", strip=True)
            if len(text.split()) >= 12 and factual.search(text):
                assert paragraph.select("a.ex-cite__link"), f"{src}: uncited paragraph: {text[:90]}"


def test_myths_have_id_claim_verdict_and_sources(built_site):
    soup = article(parse(html_path(built_site, "myths.md")))
    headings = soup.select("h2.ex-myth-heading")
    assert len(headings) >= 8
    for heading in headings:
        assert re.fullmatch(r"[a-z0-9-]+", heading["id"])
        verdict = heading.find_next("strong", class_="ex-verdict")
        assert verdict.get_text() in {"False", "Misleading", "Partly true", "True", "Unproven"}
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling)
        assert any(s.select("a.ex-cite__link") for s in section), heading["id"]


def test_theme_reads_without_webfonts_and_offers_both_palettes(built_site):
    html = html_path(built_site, "index.md").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    soup = parse(html_path(built_site, "index.md"))
    assert soup.html["lang"] == "en"
    toggles = soup.select("form[data-md-component=palette] input")
    assert {t.get("data-md-color-scheme") for t in toggles} == {"default", "slate"}
    assert "CC BY 4.0" in soup.select_one(".md-copyright").get_text()
    assert soup.select_one(".ex-footer-reviewed time")["datetime"]
