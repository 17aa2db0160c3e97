"""The explainer plugins, built in-process on the fixture explainer (tests/fixtures/explainer/).

The fixture is made-up content (``example-report``, "Example Term"), so these tests check the
plugins' mechanisms without depending on the live site's pages, ids or years; the live site
keeps its own content tests. One strict build serves the behaviour tests; each broken-input
test edits a copy of the fixture and builds that, reusing the first build's rendered
diagrams and cards. What the tests expect is read from the fixture's own files.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from explainer.myths.records import VERDICTS
from support.fixture_project import FIXTURE, Build, build_in_process, copy_fixture
from support.project import ROOT


def data(name: str):
    return yaml.safe_load((FIXTURE / "data" / name).read_text(encoding="utf-8"))


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> tuple[Path, Build]:
    """(the copy of the fixture that was built, its strict build)."""
    base = tmp_path_factory.mktemp("fixture")
    project = copy_fixture(base / "project")
    result = build_in_process(project, base / "site")
    assert result.error is None, f"the fixture explainer does not build: {result.error}"
    return project, result


@pytest.fixture(scope="module")
def site(fixture_build) -> Path:
    return fixture_build[1].site


@pytest.fixture
def broken(fixture_build, tmp_path):
    """A fresh copy of the fixture to break; ``broken.build()`` builds it."""
    class Broken:
        project = copy_fixture(tmp_path / "project", cache_from=fixture_build[0])

        def edit(self, name: str, old: str, new: str) -> Path:
            path = self.project / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} is not in the fixture's {name}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return path

        def build(self) -> Build:
            return build_in_process(self.project, tmp_path / "site")

    return Broken()


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html5lib")


def element(site: Path, page_url: str, href: str):
    """The element that *href*, a link on the page at *page_url*, points to."""
    parts = urlsplit(urljoin(f"http://site/{page_url}", href))
    path = parts.path.lstrip("/")
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    assert file.is_file(), f"{href} on /{page_url} leads nowhere"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html5lib").find(id=parts.fragment)


def body_text(markdown_file: Path) -> str:
    return re.sub(r"\s+", " ", markdown_file.read_text(encoding="utf-8"))


# --- glossary ---

def test_a_term_in_body_text_links_to_its_entry_with_its_definition_as_tooltip(site):
    term = data("glossary.yml")[0]
    references = page(site, "").select(f"a.ex-term[data-term={term['id']}]")
    assert references, f"{term['term']!r} on the home page is not a glossary reference"
    title = references[0]["title"]
    assert title.startswith(f"{term['term']} · {term['zh']} · {term['pinyin']}")
    assert title.endswith(term["definition"])
    entry = element(site, "", references[0]["href"])
    assert entry is not None and entry.name == "h2" and term["term"] in entry.get_text()


def test_the_glossary_page_has_every_entry_with_its_names_and_where_it_is_used(site):
    glossary = page(site, "glossary/")
    for term in data("glossary.yml"):
        entry = glossary.find(id=term["id"]).find_parent(class_="ex-gloss-entry")
        assert entry.select_one(".ex-gloss-zh").get_text() == term["zh"]
        assert entry.select_one(".ex-gloss-py").get_text() == term["pinyin"]
        assert entry.select_one(".ex-gloss-def").get_text().startswith(term["definition"])
        used = entry.select(".ex-gloss-used a")
        pages = {"" if a["href"].startswith("../#") else a["href"].split("/")[1] for a in used}
        names = [term["term"], *term.get("aliases", [])]
        expected = {"" if md.name == "index.md" else md.stem for md in (FIXTURE / "docs").glob("*.md")
                    if md.name != "glossary.md" and any(n.lower() in body_text(md).lower() for n in names)}
        assert pages == expected, f"{term['id']} is used on {sorted(expected)}"
        for link in used:  # each "used on" link lands on a reference to the term
            target = element(site, "glossary/", link["href"])
            assert target is not None and target["data-term"] == term["id"]


# --- sources ---

def test_a_citation_links_to_its_source_entry(site):
    sources = {source["id"]: source for source in data("sources.yml")}
    citations = page(site, "").select("sup.ex-cite a")
    assert citations
    for link in citations:
        entry = element(site, "", link["href"])
        assert entry is not None and entry.name == "dt", link["href"]
        source_id = entry["id"].removeprefix("src-")
        assert source_id in sources
        assert entry.find("a")["href"] == sources[source_id]["url"]
        assert link["title"].endswith(sources[source_id]["title"])


def test_the_sources_page_lists_each_source_with_its_passages_and_back_links(site):
    registry = page(site, "sources/")
    for source in data("sources.yml"):
        entry = registry.find(id=f"src-{source['id']}")
        assert entry is not None, f"{source['id']} is not on the sources page"
        assert source["title"] in entry.get_text() and source["publisher"] in entry.get_text()
        details = entry.find_next_sibling("dd")
        assert [q.get_text() for q in details.select(".ex-passage__text")] == \
            [p["text"] for p in source.get("passages", [])]
        back_links = details.select(".ex-backlinks a")
        assert back_links
        for link in back_links:
            cite = element(site, "sources/", link["href"])
            assert cite is not None and cite.name == "a" and cite["href"].endswith(f"#src-{source['id']}")


# --- diagrams ---

def test_a_mermaid_fence_becomes_an_inline_svg_with_its_title_and_text_version(site):
    source = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
    title = re.search(r"accTitle: (.+)", source).group(1).strip()
    description = re.search(r"accDescr \{\s*(.+?)\[@", source, re.S).group(1).strip()
    figure = page(site, "").select_one("figure.ex-diagram")
    assert figure is not None and "```" not in figure.get_text()
    svg = figure.find("svg")
    assert svg is not None and svg["role"] == "img"
    labels = " ".join(figure.find(id=i).get_text() for i in svg["aria-labelledby"].split()) \
        if svg.get("aria-labelledby") else svg.get("aria-label", "")
    assert title in labels
    text_version = figure.select_one(".ex-diagram__text")
    assert text_version.name == "details" and description in text_version.get_text()
    assert not page(site, "").select("script[src*=mermaid], .mermaid")


def test_a_mermaid_syntax_error_stops_the_build_with_the_line_and_mermaid_words(broken):
    path = broken.edit("docs/index.md", '  widgets["Example widgets"]', '  broken((oops]\n  widgets["Example widgets"]')
    error = broken.build().error
    assert error and error.startswith(f"docs/index.md:{line_of(path, 'broken((oops]')}: Mermaid cannot render")
    assert "Parse error" in error and "Expecting" in error  # Mermaid's own words


@pytest.mark.parametrize("field, problem", [
    ("accTitle", "the diagram has no title (accTitle)"),
    ("accDescr", "the diagram has no text alternative (accDescr)"),
])
def test_a_diagram_without_title_or_description_stops_the_build(broken, field, problem):
    path = broken.project / "docs" / "index.md"
    text = path.read_text(encoding="utf-8")
    pattern = r"  accTitle: .*\n" if field == "accTitle" else r"  accDescr \{.*?\n  \}\n"
    path.write_text(re.sub(pattern, "", text, count=1, flags=re.S), encoding="utf-8")
    error = broken.build().error
    assert error and error.startswith(f"docs/index.md:{line_of(path, '```mermaid')}: {problem} — add ")


# --- myths ---

def test_each_myth_has_a_page_with_its_own_preview_card(site):
    config = yaml.safe_load((FIXTURE / "mkdocs.yml").read_text(encoding="utf-8"))
    for myth in data("myths.yml"):
        soup = page(site, f"myths/{myth['id']}/")
        assert myth["claim"] in soup.find("h1").get_text()
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
        assert meta["og:description"] == myth["summary"]
        # The myth's own card (its claim and verdict), not the generic card every page gets.
        label = VERDICTS[myth["verdict"]][0]
        assert meta["og:image:alt"] == f"{config['site_name']}: the claim “{myth['claim']}” is rated {label}."
        image = meta["og:image"]
        assert image.startswith(config["site_url"]) and myth["id"] in image
        card = site / image.removeprefix(config["site_url"])
        assert card.is_file(), f"{image} is not in the built site"
        with Image.open(card) as picture:
            assert (picture.width, picture.height) == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        home = page(site, "")
        assert meta["og:image"] != {m.get("property"): m.get("content") for m in home.find_all("meta")}.get("og:image")
        listing = page(site, "myths/").find(id=myth["id"])
        assert listing is not None, f"myths.md has no section #{myth['id']}"


# --- anchors ---

def _lock(project: Path) -> list[str]:
    return [line for line in (project / "data" / "anchors.lock").read_text(encoding="utf-8").splitlines()
            if line.startswith("/")]


def test_every_locked_anchor_is_an_explicit_id_of_the_built_page(site):
    for entry in _lock(FIXTURE):
        address, _, anchor = entry.partition("#")
        soup = page(site, address.strip("/") + "/" if address != "/" else "")
        assert not anchor or soup.find(id=anchor) is not None, entry


def test_a_heading_not_yet_in_the_lock_builds_with_a_reminder(broken):
    broken.edit("docs/topic.md", "## Ledgers {#ledgers}", "## A new section {#a-new-section}\n\nText.\n\n"
                "## Ledgers {#ledgers}")
    result = broken.build()
    assert result.error is None, result.error
    reminder = [m for m in result.log if "/topic/#a-new-section" in m]
    assert reminder and "anchors.lock" in reminder[0]


def test_a_removed_locked_anchor_stops_the_build_and_names_the_fix(broken):
    lock = broken.project / "data" / "anchors.lock"
    broken.edit("docs/index.md", "## A list {#a-list}", "## A list {#a-renamed-list}")
    error = broken.build().error
    assert error and "anchors.lock" in error
    assert f":{line_of(lock, '/#a-list')}:" in error
    assert "/#a-list" in error and "aliases:" in error


def test_an_alias_keeps_a_removed_anchor_working(broken):
    broken.edit("docs/index.md", "## A list {#a-list}", "## A list {#a-renamed-list}")
    broken.edit("docs/index.md", "title: Fixture explainer\n",
                "title: Fixture explainer\naliases: {a-list: a-renamed-list}\n")
    result = broken.build()
    assert result.error is None, result.error
    alias = page(result.site, "").find(id="a-list")
    assert alias is not None and alias.name == "span" and not alias.get_text()
    assert alias.parent.name == "h2" and alias.parent["id"] == "a-renamed-list"


def test_a_removed_page_stops_the_build_until_it_is_redirected(broken):
    (broken.project / "docs" / "topic.md").unlink()
    broken.edit("mkdocs.yml", "  - Topic: topic.md\n", "")
    broken.edit("data/myths.yml", "page: topic.md", "page: index.md")
    error = broken.build().error
    assert error and "the page /topic/ is gone" in error and "redirect_maps" in error


def test_a_heading_without_explicit_id_stops_the_build(broken):
    path = broken.edit("docs/topic.md", "## Ledgers {#ledgers}", "## Ledgers")
    error = broken.build().error
    line = line_of(path, "## Ledgers")
    assert error and error.startswith(f"docs/topic.md:{line}: heading 'Ledgers' has no explicit id")
    assert " — " in error


def test_a_duplicate_heading_id_stops_the_build_with_file_line_and_fix(broken):
    path = broken.edit("docs/topic.md", "## Ledgers {#ledgers}", "## Ledgers {#ledgers}\n\n## Again {#ledgers}")
    error = broken.build().error
    assert error and error.startswith(f"docs/topic.md:{line_of(path, '## Again')}:")
    assert f"duplicate id 'ledgers' (first used on line {line_of(path, '## Ledgers')})" in error and " — " in error


# --- content checks ---

def test_an_inline_event_handler_is_refused_with_file_and_line(broken):
    path = broken.edit("docs/topic.md", "## Ledgers {#ledgers}",
                       '<p onclick="alert(1)">Click</p>\n\n## Ledgers {#ledgers}')
    error = broken.build().error
    assert error and error.startswith(f"docs/topic.md:{line_of(path, 'onclick')}:")
    assert "onclick" in error and "overrides/assets/javascripts/" in error


# --- broken data: file, line and what to do (the glossary's: test_glossary_errors.py) ---

def test_an_unknown_source_id_stops_the_build(broken):
    path = broken.edit("docs/topic.md", "[@example-study]", "[@no-such-report]")
    error = broken.build().error
    assert error and error.startswith(f"docs/topic.md:{line_of(path, '@no-such-report')}:")
    assert "'no-such-report'" in error and " — " in error and "sources.yml" in error


def test_broken_yaml_stops_the_build(broken):
    path = broken.edit("data/sources.yml", '  publisher: "Example University"', '  publisher: "Example University')
    error = broken.build().error
    assert error and "sources.yml:" in error
    line = int(re.search(r"sources\.yml:(\d+):", error).group(1))
    assert line_of(path, "Example University") <= line <= line_of(path, "Example University") + 2
    assert " — " in error


# --- the fixture itself ---

def test_the_fixture_shares_no_id_with_the_live_site():
    """Made-up content only: a live source, term or myth here would tie these tests to the site's content."""
    for name in ("sources.yml", "glossary.yml", "myths.yml"):
        live = {record["id"] for record in yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))}
        assert not live & {record["id"] for record in data(name)}, name


def test_two_builds_of_the_fixture_are_byte_identical(site, tmp_path):
    """Dates come from SOURCE_DATE_EPOCH; diagrams and cards are rendered again, not taken from a cache."""
    again = build_in_process(copy_fixture(tmp_path / "project"), tmp_path / "site")
    assert again.error is None, again.error

    def digests(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digests(again.site) == digests(site)
