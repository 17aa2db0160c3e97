"""The EPUB and ZIM editions as ``scripts/build.py --dist-dir`` (``make site``) writes them:
checked by the formats' own tools (epubcheck, zimcheck), read back with libzim and a real
XML parser, and listed on the online site and in the bundle's README."""
from __future__ import annotations

import hashlib
import io
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import etree

from support.project import IN_CI
from support.offline import EPOCH, ROOT, ZIP_NAME, built_bundle, full_build, soup


from explainer.offline import bundle  # noqa: E402
from explainer.offline import editions
from explainer.offline.editions import zim  # noqa: E402
from explainer.core.errors import ContentError  # noqa: E402

SITE_NAME = "Social Credit, Untangled"
EPUB_NAME = editions.epub_name(SITE_NAME)
ZIM_NAME = editions.zim_name(SITE_NAME)
NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "svg": "http://www.w3.org/2000/svg"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_bundle(tmp_path_factory)


@pytest.fixture(scope="module")
def dist(built) -> Path:
    return built.out / "dist"


@pytest.fixture(scope="module")
def book(dist) -> dict[str, bytes]:
    with zipfile.ZipFile(dist / EPUB_NAME) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _tool(name: str) -> list[str]:
    """The command for a Debian tool; skipped locally when missing, never in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install {'epubcheck' if name == 'epubcheck' else 'zim-tools'})"
        if IN_CI:
            pytest.fail(message + " — .ci/run installs it")
        pytest.skip(message)
    # Debian's epubcheck is a jar run through binfmt, which a container may not have.
    with open(path, "rb") as handle:
        return ["java", "-jar", path] if handle.read(2) == b"PK" else [path]


def _xml(data: bytes):
    return etree.fromstring(data)


def _chapters(book: dict[str, bytes]) -> list[str]:
    """The spine's XHTML files, in reading order."""
    package = _xml(book["EPUB/package.opf"])
    items = {item.get("id"): item.get("href") for item in package.iterfind(".//opf:item", NS)}
    return [items[ref.get("idref")] for ref in package.iterfind(".//opf:itemref", NS)]


# --------------------------------------------------------------------------- the checkers

def test_epubcheck_finds_no_error_and_no_warning(dist):
    result = subprocess.run([*_tool("epubcheck"), str(dist / EPUB_NAME)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in output, output


def test_zimcheck_passes_every_check(dist):
    result = subprocess.run([*_tool("zimcheck"), "-A", "-D", str(dist / ZIM_NAME)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "[ERROR]" not in output and "Overall Test Status: Pass" in output, output


# --------------------------------------------------------------------------- EPUB

def test_epub_container_and_metadata(built, dist, book):
    with zipfile.ZipFile(dist / EPUB_NAME) as archive:
        first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert book["mimetype"] == b"application/epub+zip"
    package = _xml(book["EPUB/package.opf"])
    meta = package.find("opf:metadata", NS)
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    assert meta.findtext("dc:title", namespaces=NS) == SITE_NAME
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", meta.findtext("dc:identifier", namespaces=NS))
    assert meta.findtext("dc:date", namespaces=NS) == bundle.build_date(EPOCH)
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS).text
    assert modified.startswith(bundle.build_date(EPOCH) + "T")
    cover = package.find(".//opf:item[@properties='cover-image']", NS)
    # The cover is the home page's preview card, as the online site publishes it.
    assert book["EPUB/" + cover.get("href")] == (built.site / "assets" / "cards" / "index.png").read_bytes()


def test_epub_has_every_page_in_reading_order_with_nav_and_landmarks(book):
    nav_pages = yaml.safe_load(re.sub(r"!ENV \[[^]]*\]", "''", (ROOT / "mkdocs.yml").read_text()))["nav"]
    in_nav = [Path(next(iter(entry.values()))).stem + ".xhtml" for entry in nav_pages]
    at_end = ["glossary.xhtml", "sources.xhtml"]  # as in the single-page edition: reference pages last
    expected = [page for page in in_nav if page not in at_end] + at_end
    assert _chapters(book) == ["cover.xhtml", "nav.xhtml", *expected]
    nav = _xml(book["EPUB/nav.xhtml"])
    toc = nav.find(".//h:nav[@epub:type='toc']", NS)
    assert [a.get("href") for a in toc.iterfind("h:ol/h:li/h:a", NS)] == expected
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in nav.iterfind(".//h:nav[@epub:type='landmarks']//h:a", NS)}
    assert landmarks["cover"] == "cover.xhtml" and landmarks["bodymatter"] == "index.xhtml"
    assert landmarks["glossary"] == "glossary.xhtml" and landmarks["bibliography"] == "sources.xhtml"


def test_epub_has_no_scripts_or_form_controls(book):
    for name, data in book.items():
        if name.endswith(".xhtml"):
            page = _xml(data)
            for tag in ("script", "input", "button", "noscript", "details"):
                assert page.find(f".//h:{tag}", NS) is None, (name, tag)
            assert not [e for e in page.iter() if any(a.startswith("on") for a in e.attrib)], name


def test_every_link_in_the_epub_resolves(book):
    ids = {name: {e.get("id") for e in _xml(data).iter() if e.get("id")}
           for name, data in book.items() if name.endswith(".xhtml")}
    for name in ids:
        for element in _xml(book[name]).iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None or urlsplit(value).scheme:
                    continue
                parts = urlsplit(value)
                target = posixpath.join("EPUB", parts.path) if parts.path else name
                assert target in book, (name, value)
                if parts.fragment:
                    assert parts.fragment in ids[target], (name, value)


def test_glossary_terms_are_note_references_to_footnotes_in_the_same_chapter(book):
    page = _xml(book["EPUB/index.xhtml"])
    refs = page.findall(".//h:a[@class='ex-term']", NS)
    assert refs and all(ref.get(EPUB_TYPE) == "noteref" for ref in refs)
    for ref in refs:
        note = page.find(f".//h:aside[@id='{ref.get('href')[1:]}']", NS)
        assert note is not None and note.get(EPUB_TYPE) == "footnote", ref.get("href")
    sesame = page.find(".//h:aside[@id='note-sesame-credit']", NS)
    assert "".join(sesame.itertext()).startswith("Sesame Credit · 芝麻信用")
    assert sesame.find("h:p/h:a", NS).get("href") == "glossary.xhtml#sesame-credit"


def test_citations_are_endnotes_that_link_back(book):
    page = _xml(book["EPUB/blacklists.xhtml"])
    sources = _xml(book["EPUB/sources.xhtml"])
    cites = page.findall(".//h:a[@class='ex-cite__link']", NS)
    assert cites
    for cite in cites:
        assert cite.get(EPUB_TYPE) == "noteref"
        target = cite.get("href")
        assert target.startswith("sources.xhtml#src-")
        entry = sources.find(f".//*[@id='{target.split('#')[1]}']", NS)
        assert entry.get(EPUB_TYPE) == "endnote"
        backlinks = {a.get("href") for a in entry.getnext().iterfind(".//h:a", NS)}
        assert f"blacklists.xhtml#{cite.get('id')}" in backlinks


def test_diagrams_are_inline_svg_with_their_text_versions(book):
    package = _xml(book["EPUB/package.opf"])
    with_svg = {item.get("href") for item in package.iterfind(".//opf:item[@properties='svg']", NS)}
    assert "index.xhtml" in with_svg
    page = _xml(book["EPUB/index.xhtml"])
    figures = page.findall(".//h:figure[@class='ex-diagram']", NS)
    assert figures
    for figure in figures:
        svg = figure.find(".//svg:svg", NS)
        assert svg is not None and svg.get("viewBox")
        text = figure.find(".//h:div[@class='ex-diagram__text-body']", NS)
        if text is None:  # the text version follows the figure
            text = figure.getnext().find(".//h:div[@class='ex-diagram__text-body']", NS)
        assert text is not None and len("".join(text.itertext()).split()) > 10
    css = book["EPUB/epub.css"].decode()
    assert "var(" not in css and ".ex-diagram__svg .node > * { fill: #fff; stroke: #000;" in css


def test_myths_appear_with_their_verdicts(book):
    myths = yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))
    myths = myths["myths"] if isinstance(myths, dict) else myths
    page = _xml(book["EPUB/myths.xhtml"])
    text = " ".join("".join(page.itertext()).split())
    for myth in myths:
        section = page.find(f".//*[@id='{myth['id']}']", NS)
        assert section is not None, myth["id"]
        assert " ".join(myth["claim"].split()) in text
    # Each verdict: once in the scale at the top, then once for every myth that has it.
    for verdict in {myth["verdict"] for myth in myths}:
        marks = [e for e in page.iter() if f"ex-verdict--{verdict}" in (e.get("class") or "").split()]
        assert len(marks) == 1 + sum(myth["verdict"] == verdict for myth in myths), verdict


def test_a_second_build_gives_the_same_bytes_within_budget(dist, tmp_path):
    result = full_build(ROOT, tmp_path)
    assert result.returncode == 0, result.stderr
    for name in (EPUB_NAME, ZIM_NAME, ZIP_NAME, editions.SUMS):
        assert (tmp_path / "dist" / name).read_bytes() == (dist / name).read_bytes(), name
    assert (dist / EPUB_NAME).stat().st_size <= editions.EPUB_BUDGET == 600_000
    assert (dist / ZIM_NAME).stat().st_size <= editions.ZIM_BUDGET == 1_500_000


# --------------------------------------------------------------------------- ZIM

def test_zim_search_finds_sesame_and_metadata_is_complete(dist):
    from libzim.reader import Archive
    from libzim.search import Query, Searcher
    archive = Archive(dist / ZIM_NAME)
    assert archive.check() and archive.has_fulltext_index and archive.has_title_index
    assert archive.main_entry.get_item().path == "index.html"
    results = Searcher(archive).search(Query().set_query("Sesame"))
    assert "sesame-credit.html" in list(results.getResults(0, 10))
    for key in ("Name", "Title", "Description", "Language", "Creator", "Publisher", "Date", "Tags"):
        assert archive.get_metadata(key), key
    assert archive.get_metadata("Language") == b"eng"
    assert archive.get_metadata("Date").decode() == bundle.build_date(EPOCH)
    assert len(archive.get_metadata("Description").decode()) <= 80
    assert archive.get_illustration_sizes() == {48}
    icon = archive.get_illustration_item(48).content.tobytes()
    assert icon[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", icon[16:24]) == (48, 48)
    # The site's own icon, not the theme's default favicon.png.
    assert icon == zim.illustration((ROOT / "overrides" / "assets" / "images" / "favicon.svg").read_bytes())


def test_zim_holds_every_page_and_asset_of_the_offline_bundle(built, dist):
    from libzim.reader import Archive
    archive = Archive(dist / ZIM_NAME)
    files = {p.relative_to(built.folder).as_posix(): p for p in built.folder.rglob("*") if p.is_file()}
    for path, file in files.items():
        if path in (bundle.README, bundle.MANIFEST):
            continue
        entry = archive.get_entry_by_path(path)
        assert bytes(entry.get_item().content) == file.read_bytes(), path
    assert archive.has_entry_by_path("search/search_index.json")  # Material's search over HTTP
    assert archive.get_entry_by_path("sesame-credit.html").title == soup(built.folder / "sesame-credit.html").title.string


def test_zim_refuses_root_relative_links_with_file_and_line():
    pages = {"a.html": b"<p>ok</p>\n<link href=\"/assets/x.css\">"}
    with pytest.raises(ContentError) as caught:
        zim.check(pages)
    assert str(caught.value).startswith("a.html:2: an address from the site's root")
    zim.check({"a.html": b'<a href="https://example.org/x">x</a><a href="b.html">b</a>'})


# --------------------------------------------------------------------------- listing

def test_read_offline_lists_every_file_with_format_size_checksum_and_reader(built, dist):
    listing = soup(built.site / "index.html").select("ul.ex-offline__editions li")
    names = [ZIP_NAME, EPUB_NAME, ZIM_NAME]
    assert [li.a.get_text(strip=True) for li in listing] == names
    for li, name in zip(listing, names):
        data = (dist / name).read_bytes()
        assert (built.site / li.a["href"]).read_bytes() == data
        text = " ".join(li.get_text(" ").split())
        assert bundle.human_size(len(data)) in text
        assert hashlib.sha256(data).hexdigest() == li.code.get_text(strip=True)
        assert editions.FORMATS[Path(name).suffix].opener in text


def test_readme_and_sha256sums_cover_the_editions(built, dist):
    readme = " ".join((built.folder / bundle.README).read_text(encoding="utf-8").split())
    for name in (EPUB_NAME, ZIM_NAME):
        data = (dist / name).read_bytes()
        assert f"- {name}: " in readme
        assert hashlib.sha256(data).hexdigest() in readme
        assert bundle.human_size(len(data)) in readme
    sums = (dist / editions.SUMS).read_text(encoding="utf-8")
    files = {name: (dist / name).read_bytes() for name in (ZIP_NAME, EPUB_NAME, ZIM_NAME)}
    assert bundle.manifest_problems(sums.replace(bundle.MANIFEST, "x"), files) == []


# --------------------------------------------------------------------------- bad input

def test_a_page_that_cannot_convert_stops_the_build_and_keeps_the_previous_outputs(project_copy, tmp_path):
    page = project_copy / "docs" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append('<video controls title="A video"></video>')  # the site allows it; a book cannot hold it
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "dist").mkdir(parents=True)
    previous = {name: f"previous {name}".encode() for name in (ZIP_NAME, EPUB_NAME, ZIM_NAME)}
    for name, data in previous.items():
        (out / "dist" / name).write_bytes(data)
    result = full_build(project_copy, out)
    assert result.returncode != 0
    assert (f"docs/about.md:{len(lines)}: <video> cannot go into the EPUB edition "
            "(e-readers do not play embedded media) — link to it instead") in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in (out / "dist").iterdir()} == previous
    assert not (out / "site").exists()


# --------------------------------------------------------------------------- a small project

def _tiny_site(root: Path, body: str, markdown: str) -> editions.Site:
    """A one-page project: docs/page.md and the offline build's single-page.html and index.html."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "page.md").write_text(markdown, encoding="utf-8")
    site_dir = root / "offline"
    (site_dir / "img").mkdir(parents=True)
    (site_dir / "index.html").write_text('<meta property="og:title" content="A page">', encoding="utf-8")
    (site_dir / bundle.SINGLE_PAGE).write_text(
        '<!doctype html><html><body><article><section class="ex-single__page" id="page--page" '
        f'data-ex-page="page.html"><h1 id="page--top">A page</h1>{body}</section></article></body></html>',
        encoding="utf-8")
    return editions.Site(root=root, site_dir=site_dir, name="Tiny", url="https://tiny.example.org/",
                         description="A tiny test book.", language="en", epoch=int(EPOCH))


def test_a_remote_image_stops_the_epub_with_its_file_and_line(tmp_path):
    from explainer.offline.editions import epub
    site = _tiny_site(tmp_path, '<p><img src="https://example.org/x.png" alt="x"></p>',
                      "# A page\n\nText.\n\n![x](https://example.org/x.png)\n")
    with pytest.raises(ContentError) as caught:
        epub.build(site)
    assert str(caught.value) == ("docs/page.md:5: the image https://example.org/x.png is on another site; the EPUB "
                                 "edition cannot load it — save the image under docs/ and link to the copy")


def _book_with_an_image(tmp_path) -> tuple[editions.Site, bytes]:
    site = _tiny_site(tmp_path, '<p><img src="img/dot.png" alt="A dot"></p>', "# A page\n\n![A dot](img/dot.png)\n")
    png = zim.illustration((ROOT / "overrides" / "assets" / "images" / "favicon.svg").read_bytes())
    (site.site_dir / "img" / "dot.png").write_bytes(png)
    return site, png


def test_a_local_image_goes_into_the_epub(tmp_path):
    from explainer.offline.editions import epub
    site, png = _book_with_an_image(tmp_path)
    with zipfile.ZipFile(io.BytesIO(epub.build(site))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert files["EPUB/images/img-dot.png"] == png
    page = _xml(files["EPUB/page.xhtml"])
    assert page.find(".//h:img", NS).get("src") == "images/img-dot.png"
    package = _xml(files["EPUB/package.opf"])
    assert package.find(".//opf:item[@href='images/img-dot.png']", NS).get("media-type") == "image/png"


def test_a_book_with_an_image_passes_epubcheck(tmp_path):
    from explainer.offline.editions import epub
    command = _tool("epubcheck")
    site, _ = _book_with_an_image(tmp_path)
    (tmp_path / "tiny.epub").write_bytes(epub.build(site))
    result = subprocess.run([*command, str(tmp_path / "tiny.epub")], capture_output=True, text=True)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in result.stdout + result.stderr, result.stdout + result.stderr
