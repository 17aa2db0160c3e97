"""The offline bundle as built by ``scripts/build.py --dist-dir`` (what ``make site`` runs):
unpacked into a temporary folder and checked file by file, plus the online site's link to it."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from support.offline import (EPOCH, ROOT, ZIP_NAME, built_bundle, css_urls, full_build, local_references,
                             remote_resources, resolve, soup)

from explainer.offline import bundle
from mkdocs.utils.yaml import yaml_load

SITE_NAME = "Social Credit, Untangled"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_bundle(tmp_path_factory)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _config_json(page) -> dict:
    return json.loads(page.find("script", id="__config").string)


def _nav_pages(folder: Path) -> list[str]:
    """The pages of the primary navigation, in order, as the offline home page links them."""
    nav = soup(folder / "index.html").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a.md-nav__link[href]") if not a["href"].startswith("#")]
    return list(dict.fromkeys("index.html" if h in (".", "./") else h for h in hrefs))


def test_the_offline_config_holds_only_the_switches():
    """mkdocs.offline.yml inherits everything and adds only what file:// forces."""
    raw = yaml.safe_load((ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"))
    assert raw == {"INHERIT": "mkdocs.yml", "use_directory_urls": False, "extra": {"offline": True}}


def test_zip_holds_one_dated_folder_with_fixed_metadata(built):
    with zipfile.ZipFile(built.zip) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    folder = bundle.folder_name(SITE_NAME, EPOCH)
    assert built.folder.name == folder
    assert all(name.startswith(folder + "/") for name in names)
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {bundle.zip_time(EPOCH)}
    assert {i.external_attr >> 16 for i in infos if not i.is_dir()} == {0o100644}
    assert {i.compress_type for i in infos if not i.is_dir()} == {zipfile.ZIP_DEFLATED}
    for path in ("index.html", "single-page.html", "README.txt", "SHA256SUMS", "search/search_index.js",
                 bundle.SHIM):
        assert f"{folder}/{path}" in names, path


def test_zip_is_under_budget_and_published_next_to_the_site(built):
    data = built.zip.read_bytes()
    assert len(data) < bundle.BUDGET_BYTES
    assert (built.site / bundle.DOWNLOADS / ZIP_NAME).read_bytes() == data


def test_manifest_matches_every_file(built):
    files = _files(built.folder)
    manifest = files[bundle.MANIFEST].decode("utf-8")
    assert bundle.manifest_problems(manifest, files) == []
    assert len(manifest.splitlines()) == len(files) - 1


def test_readme_names_the_online_address_date_and_licences(built):
    text = (built.folder / bundle.README).read_text(encoding="utf-8")
    with open(ROOT / "mkdocs.yml", "rb") as handle:
        site_url = yaml_load(handle)["site_url"]
    for needle in (SITE_NAME, site_url, bundle.build_date(EPOCH), "CC BY 4.0", "MIT", "iframe-worker 1.0.4"):
        assert needle in text, needle


def test_nothing_left_out_is_bundled_and_vendored_files_are_the_repository_copies(built):
    files = _files(built.folder)
    with open(ROOT / "mkdocs.yml", "rb") as handle:
        languages = bundle.search_languages(yaml_load(handle))
    assert [p for p in files if bundle.left_out(p, languages)] == []
    for item in bundle.VENDORED:
        for file in item.files:
            assert files[item.path(file)] == (ROOT / item.source / file).read_bytes()


def test_no_file_loads_anything_over_http(built):
    problems = []
    for path in sorted(built.folder.rglob("*")):
        rel = path.relative_to(built.folder).as_posix()
        if path.suffix == ".html":
            problems += [f"{rel}: {r}" for r in remote_resources(soup(path))]
        elif path.suffix in (".css", ".svg"):
            text = path.read_text(encoding="utf-8")
            problems += [f"{rel}: {u}" for u in css_urls(text) if u.startswith(("http:", "https:", "//"))]
            if path.suffix == ".svg":
                problems += [f"{rel}: {u}" for u in re.findall(r'href="(https?://[^"]+)"', text)]
        # Material's own bundle: see below; the search index is the pages' text, which may name
        # any address (a source read on a copy), and loads nothing.
        elif path.is_file() and not rel.startswith(("assets/javascripts/bundle.", "search/search_index.")):
            if b"unpkg.com" in path.read_bytes():
                problems.append(f"{rel}: mentions unpkg.com")
    assert problems == []


def test_no_page_makes_material_fetch_from_its_cdn(built):
    """Material loads mermaid from unpkg.com for `.mermaid` blocks; diagrams here are inline SVG."""
    for path in built.pages():
        page = soup(path)
        assert not page.select(".mermaid, pre.mermaid, div.mermaid"), path.name
        assert not [s for s in page.find_all("script", src=True) if "iframe-worker" in s["src"]
                    and not s["src"].endswith(bundle.SHIM)], path.name


def test_every_internal_link_and_anchor_resolves_inside_the_bundle(built):
    folder = built.folder.resolve()
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            page = soup(path)
            ids[path] = {t["id"] for t in page.find_all(id=True)} | {t["name"] for t in page.find_all(attrs={"name": True})}
        return ids[path]

    problems, checked = [], 0
    for path in built.pages():
        for what, url in local_references(soup(path)):
            target, fragment = resolve(built.folder, path, url)
            rel = path.relative_to(built.folder).as_posix()
            checked += 1
            if folder not in target.resolve().parents or not target.is_file():
                problems.append(f"{rel}: {what} {url} → no such file in the bundle")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                problems.append(f"{rel}: {what} {url} → no #{fragment} there")
    assert checked > 500
    assert problems == []


def test_offline_pages_switch_off_what_fetches_and_nothing_else(built):
    offline = _config_json(soup(built.folder / "index.html"))
    online = _config_json(soup(built.site / "index.html"))
    assert offline["features"] == bundle.offline_features(online["features"])
    assert not [f for f in offline["features"] if f.startswith("navigation.instant")]
    scripts = [s["src"] for s in soup(built.folder / "index.html").find_all("script", src=True)]
    assert scripts[0] == bundle.SHIM
    assert bundle.SHIM not in " ".join(s["src"] for s in soup(built.site / "index.html").find_all("script", src=True))


def test_every_online_page_links_to_the_download_with_its_size(built):
    size = bundle.human_size(built.zip.stat().st_size)
    pages = [p for p in sorted(built.site.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) >= 8
    for path in pages:
        page = soup(path)
        link = page.select_one("article a.ex-offline__link")
        assert link is not None and link.get_text(strip=True) == "Read offline", path
        target, _ = resolve(built.site, path, link["href"])
        assert target == built.site / bundle.DOWNLOADS / ZIP_NAME, (path, link["href"])
        assert f"(zip, {size})" in page.select_one(".ex-offline").get_text(" ", strip=True)


def test_every_offline_page_says_which_copy_and_links_the_single_page(built):
    for path in built.pages():
        page = soup(path)
        note = page.select_one("article .ex-offline")
        assert note is not None and bundle.build_date(EPOCH) in note.get_text(), path
        assert not page.select("a.ex-offline__link[download]")
        if path.name != bundle.SINGLE_PAGE:
            link = note.select_one("a.ex-offline__link")
            assert resolve(built.folder, path, link["href"])[0] == built.folder / bundle.SINGLE_PAGE


def test_single_page_holds_every_page_once_in_reading_order(built):
    nav = _nav_pages(built.folder)
    expected = [p for p in nav if p not in ("glossary.html", "sources.html")]
    expected += [p for p in ("glossary.html", "sources.html") if p in nav]
    page = soup(built.folder / bundle.SINGLE_PAGE)
    sections = page.select("section.ex-single__page")
    assert [s["data-ex-page"] for s in sections] == expected
    ids = [t["id"] for t in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), [i for i in set(ids) if ids.count(i) > 1]
    for section in sections:
        original = soup(built.folder / section["data-ex-page"]).select_one("article h1")
        assert section.find("h1").get_text(" ", strip=True) == original.get_text(" ", strip=True)
    # A table of contents in the HTML itself (no script needed), one entry per page.
    contents = page.select_one("nav.ex-single__contents")
    assert len(contents.select(":scope > ol > li")) == len(sections)
    # Each page's own source list is left out; its citations point at the sources, once, at the end.
    assert not page.find(id="page-sources") and "Sources on this page" not in page.get_text()
    sources = page.select_one('section[data-ex-page="sources.html"]')
    cites = page.select("a.ex-cite__link")
    assert len(cites) > 50
    for cite in cites:
        assert sources.find(id=cite["href"][1:]) is not None, cite


def test_single_page_is_left_out_of_search(built):
    index = (built.folder / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "single-page.html" not in index and "sesame-credit.html" in index


def test_bench_reports_sizes_against_the_budget(built):
    import offline_bench
    result = offline_bench.measure(built.zip)
    assert result["zip_bytes"] == built.zip.stat().st_size
    assert result["unpacked_bytes"] == sum(len(d) for d in _files(built.folder).values())
    assert result["budget_bytes"] == 2_000_000 and result["within_budget"] is True
    assert result["files"] == len(_files(built.folder))


@pytest.mark.slow
def test_two_builds_of_the_same_sources_give_identical_zips(project_copy, tmp_path):
    """Built twice from one frozen copy of the sources (the working tree may change meanwhile)."""
    zips = []
    for run in ("one", "two"):
        result = full_build(project_copy, tmp_path / run)
        assert result.returncode == 0, result.stderr
        zips.append((tmp_path / run / "dist" / ZIP_NAME).read_bytes())
    assert zips[0] == zips[1]
    assert (tmp_path / "one" / "site" / bundle.DOWNLOADS / ZIP_NAME).read_bytes() == zips[0]


def test_a_missing_vendored_file_stops_the_build_and_keeps_the_previous_outputs(project_copy, tmp_path):
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("previous site")
    (out / "dist").mkdir()
    (out / "dist" / ZIP_NAME).write_bytes(b"previous zip")
    (project_copy / "vendor" / "iframe-worker" / "shim.js").unlink()
    result = full_build(project_copy, out)
    assert result.returncode != 0
    assert ("vendor/iframe-worker/shim.js: vendored file is missing — restore it as "
            "vendor/iframe-worker/README.md explains") in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "site" / "index.html").read_text() == "previous site"
    assert (out / "dist" / ZIP_NAME).read_bytes() == b"previous zip"
    assert sorted(p.name for p in out.iterdir()) == ["dist", "site"]
    assert sorted(p.name for p in (out / "dist").iterdir()) == [ZIP_NAME]


def test_the_offline_flag_without_the_plugin_is_a_clear_error(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"\n  - offline:[^\n]*\n      enabled: false\n", "\n", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = full_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "mkdocs.yml: the 'offline' plugin is not listed — add it under plugins:" in result.stderr
    assert not (tmp_path / "out" / "dist" / ZIP_NAME).exists()
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


def test_offline_pages_name_the_public_page_as_canonical(built):
    """A page of the bundle points search engines and link previews at its online twin
    (``blacklists/``), not at an address of the bundle's own (``blacklists.html``)."""
    checked = 0
    for path in built.pages():
        page = soup(path)
        og = page.find("meta", property="og:url")
        canonical = page.find_all("link", rel="canonical")
        if og is None:
            continue
        assert len(canonical) == 1 and canonical[0]["href"] == og["content"], path
        assert not canonical[0]["href"].endswith(".html"), path
        checked += 1
    assert checked >= 8
