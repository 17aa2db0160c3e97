"""Unit tests of explainer.bundle: names, what stays out, README, manifest, deterministic zip."""
from __future__ import annotations

import hashlib
import io
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

from explainer.offline import bundle  # noqa: E402

EPOCH = 1764288000  # 2025-11-28T00:00:00Z


def test_names_come_from_the_site_name_and_the_source_date():
    assert bundle.slug("Social Credit, Untangled") == "social-credit-untangled"
    assert bundle.slug("Ça va — «Ünïcode»!") == "ca-va-unicode"
    assert bundle.build_date(EPOCH) == "2025-11-28"
    assert bundle.build_date(str(EPOCH + 86399)) == "2025-11-28"
    assert bundle.folder_name("Social Credit, Untangled", EPOCH) == "social-credit-untangled-2025-11-28"
    assert bundle.zip_name("Social Credit, Untangled") == "social-credit-untangled-offline.zip"


@pytest.mark.parametrize("path, out", [
    ("sitemap.xml", True), ("sitemap.xml.gz", True), ("robots.txt", True), ("search/search_index.json", True),
    ("assets/javascripts/bundle.a5f9d56c.min.js.map", True), ("404.html", True),
    ("assets/javascripts/lunr/min/lunr.de.min.js", True), ("assets/javascripts/lunr/wordcut.js", True),
    ("search/search_index.js", False), ("index.html", False), ("assets/javascripts/bundle.a5f9d56c.min.js", False),
    ("myths/sitemap-of-myths.html", False), ("assets/vendor/iframe-worker/shim.js", False),
])
def test_what_stays_out_of_the_bundle(path, out):
    assert (bundle.left_out(path, ["en"]) is not None) is out


def test_other_search_languages_keep_their_lunr_support():
    assert bundle.left_out("assets/javascripts/lunr/min/lunr.de.min.js", ["en", "de"]) is None
    assert bundle.left_out("assets/javascripts/lunr/min/lunr.de.min.js", ["en"]) is not None


def test_search_languages_follow_material():
    assert bundle.search_languages({"theme": {"language": "en"}, "plugins": ["search"]}) == ["en"]
    assert bundle.search_languages({"theme": {"language": "de"}, "plugins": ["search"]}) == ["de"]
    assert bundle.search_languages({"plugins": [{"search": {"lang": ["en", "ja"]}}]}) == ["en", "ja"]
    assert bundle.search_languages({"plugins": [{"material/search": {"lang": "zh"}}]}) == ["zh"]
    assert bundle.search_languages({}) == ["en"]


def test_offline_features_drop_everything_that_fetches():
    features = ["content.tooltips", "navigation.instant", "navigation.instant.progress",
                "navigation.instant.prefetch", "navigation.instantly", "search.highlight"]
    assert bundle.offline_features(features) == ["content.tooltips", "navigation.instantly", "search.highlight"]


@pytest.mark.parametrize("size, text", [
    (0, "0 bytes"), (999, "999 bytes"), (1000, "1 kB"), (420_132, "420 kB"), (999_499, "999 kB"),
    (1_000_000, "1.0 MB"), (1_260_000, "1.3 MB")])
def test_human_size(size, text):
    assert bundle.human_size(size) == text


def test_readme_says_what_where_when_and_under_which_licences():
    text = bundle.readme_text(site_name="Social Credit, Untangled", site_url="https://example.org/sc/",
                              date="2025-11-28", folder="social-credit-untangled-2025-11-28",
                              material_version="9.8.2")
    assert text.endswith("\n") and "\r" not in text
    for needle in ("Social Credit, Untangled", "index.html", bundle.SINGLE_PAGE, "https://example.org/sc/",
                   "2025-11-28", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "MIT",
                   "Material for MkDocs 9.8.2", "iframe-worker 1.0.4", "assets/vendor/iframe-worker/LICENSE",
                   "sha256sum -c SHA256SUMS"):
        assert needle in text, needle
    assert max(len(line) for line in text.splitlines()) <= 78


def test_manifest_lists_every_file_but_itself_sorted_like_sha256sum():
    files = {"b.html": b"b", "a/x.js": b"x", bundle.MANIFEST: b"old"}
    text = bundle.manifest(files)
    assert text == (f"{hashlib.sha256(b'x').hexdigest()}  a/x.js\n"
                    f"{hashlib.sha256(b'b').hexdigest()}  b.html\n")
    assert bundle.manifest_problems(text, files) == []


def test_manifest_problems_finds_changed_missing_and_unlisted_files():
    files = {"a.html": b"a", "b.html": b"b"}
    text = bundle.manifest(files)
    assert bundle.manifest_problems(text, {"a.html": b"A", "b.html": b"b"}) == [
        "a.html: checksum differs from SHA256SUMS"]
    assert bundle.manifest_problems(text, {"a.html": b"a"}) == ["b.html: listed in SHA256SUMS but missing"]
    assert bundle.manifest_problems(text, {**files, "c.html": b"c"}) == ["c.html: not listed in SHA256SUMS"]
    assert bundle.manifest_problems("nonsense\n", {}) == ["SHA256SUMS:1: not '<sha256>  <path>'"]


def test_bundle_files_put_everything_in_one_folder_with_readme_and_manifest():
    files = bundle.bundle_files({"index.html": b"<p>", "assets/a.css": b"a"}, "name-2025-11-28", "hello\n")
    assert sorted(files) == ["name-2025-11-28/README.txt", "name-2025-11-28/SHA256SUMS",
                             "name-2025-11-28/assets/a.css", "name-2025-11-28/index.html"]
    inner = {path.split("/", 1)[1]: data for path, data in files.items()}
    assert bundle.manifest_problems(inner[bundle.MANIFEST].decode(), inner) == []
    assert "README.txt" in inner[bundle.MANIFEST].decode()


def test_zip_is_sorted_with_fixed_times_permissions_and_compression():
    files = {"f/index.html": b"<html>" * 100, "f/a/b.css": b"body{}", "f/README.txt": b"hi\n"}
    data = bundle.deterministic_zip(files, EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["f/", "f/README.txt", "f/a/", "f/a/b.css", "f/index.html"]
        for info in infos:
            assert info.date_time == (2025, 11, 28, 0, 0, 0)
            assert info.create_system == 3
            assert info.extra == b""
            mode = info.external_attr >> 16
            if info.is_dir():
                assert stat.S_ISDIR(mode) and stat.S_IMODE(mode) == 0o755
            else:
                assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o644
                assert info.compress_type == zipfile.ZIP_DEFLATED
                assert archive.read(info) == files[info.filename]
        assert archive.testzip() is None


def test_zip_times_are_what_a_zip_can_hold():
    assert bundle.zip_time(0) == (1980, 1, 1, 0, 0, 0)
    assert bundle.zip_time(EPOCH + 1) == bundle.zip_time(EPOCH) == (2025, 11, 28, 0, 0, 0)
    assert bundle.zip_time(10**11) == (2107, 12, 31, 23, 59, 58)
    with zipfile.ZipFile(io.BytesIO(bundle.deterministic_zip({"a": b"a"}, EPOCH + 1))) as archive:
        assert archive.infolist()[0].date_time == bundle.zip_time(EPOCH + 1)
    with zipfile.ZipFile(io.BytesIO(bundle.deterministic_zip({"a": b"a"}, 0))) as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.txt", fullmatch=True),
                       st.binary(max_size=200), min_size=1, max_size=8),
       st.integers(min_value=0, max_value=4_000_000_000))
def test_zip_depends_only_on_the_files_and_the_date(files, epoch):
    reordered = dict(reversed(list(files.items())))
    first = bundle.deterministic_zip(files, epoch)
    assert first == bundle.deterministic_zip(reordered, epoch)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()} == files


def test_vendored_files_are_the_published_ones():
    """vendor/iframe-worker holds the files its README names, with those checksums."""
    item = bundle.IFRAME_WORKER
    readme = (ROOT / item.source / "README.md").read_text(encoding="utf-8")
    assert f"{item.name} {item.version}" in readme and f"{item.name}@{item.version}" in readme
    assert f"{item.licence} licence" in readme
    for file in item.files:
        digest = hashlib.sha256((ROOT / item.source / file).read_bytes()).hexdigest()
        assert digest in readme, f"{item.source}/{file}: sha256 {digest} is not the one in README.md"
    assert "Permission is hereby granted" in (ROOT / item.source / "LICENSE").read_text(encoding="utf-8")
    assert bundle.SHIM == "assets/vendor/iframe-worker/shim.js"
