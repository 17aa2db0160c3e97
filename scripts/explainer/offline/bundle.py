"""The offline bundle: one zip that works from ``file://`` with no network at all.

Pure functions (no MkDocs imports) used by ``scripts/build.py`` and the offline plugin:
names, what the bundle leaves out, the README, the SHA256SUMS manifest and a
byte-for-byte reproducible zip.
"""
from __future__ import annotations

import fnmatch
import hashlib
import io
import posixpath
import re
import stat
import textwrap
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

BUDGET_BYTES = 2_000_000          # the zip must stay under 2 MB (bench/offline_bench.py)
README = "README.txt"
MANIFEST = "SHA256SUMS"
SINGLE_PAGE = "single-page.html"  # the single-page edition, at the root of the bundle
SINGLE_PAGE_SRC = "single-page.md"  # its generated page (the EPUB and ZIM editions read SINGLE_PAGE)
DOWNLOADS = "downloads"           # where the online site publishes the zip
ZIP_ENV = "EX_OFFLINE_ZIP"        # tells the online build (the explainer/offline plugin) where the zip is
EARLIEST_ZIP_TIME = 315532800     # 1980-01-01T00:00:00Z: a zip cannot hold an earlier time


@dataclass(frozen=True)
class Vendored:
    """A third-party file the offline build serves from the repository instead of a CDN."""
    name: str
    version: str
    licence: str
    source: str          # folder in the repository
    dest: str            # folder in the built site
    files: tuple[str, ...]
    origin: str

    def path(self, file: str) -> str:
        return posixpath.join(self.dest, file)


IFRAME_WORKER = Vendored(
    name="iframe-worker", version="1.0.4", licence="MIT", source="vendor/iframe-worker",
    dest="assets/vendor/iframe-worker", files=("shim.js", "LICENSE"),
    origin="npm package iframe-worker@1.0.4 (shim/index.js), https://github.com/squidfunk/iframe-worker")
VENDORED = (IFRAME_WORKER,)
SHIM = IFRAME_WORKER.path("shim.js")

# Files every build writes that have no use offline. Patterns match paths from the site root.
LEFT_OUT = (
    ("sitemap.xml", "for search engines; lists the online addresses"),
    ("sitemap.xml.gz", "for search engines"),
    ("robots.txt", "for search engines' crawlers"),
    ("search/search_index.json", "on file:// the search reads search/search_index.js instead"),
    ("*.map", "source maps, for developers' tools only"),
    ("404.html", "the web server's 'page not found' page: its links start at the server root"),
)
LUNR_FOLDER = "assets/javascripts/lunr/"  # search support for languages other than English
# Material features that fetch over the network, which file:// forbids (and their sub-features).
NEEDS_FETCH = ("navigation.instant",)


def slug(text: str) -> str:
    """``Social Credit, Untangled`` → ``social-credit-untangled``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "site"


def build_date(epoch: int | str) -> str:
    """The UTC date (YYYY-MM-DD) of a SOURCE_DATE_EPOCH."""
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))


def folder_name(site_name: str, epoch: int | str) -> str:
    """The one folder inside the zip, e.g. ``social-credit-untangled-2025-11-28``."""
    return f"{slug(site_name)}-{build_date(epoch)}"


def zip_name(site_name: str) -> str:
    """The zip's file name; it does not change between builds, so links to it keep working."""
    return f"{slug(site_name)}-offline.zip"


def search_languages(config: dict) -> list[str]:
    """The search languages of a (raw, merged) MkDocs config, as Material resolves them."""
    theme = config.get("theme") or {}
    fallback = [theme.get("language", "en")] if isinstance(theme, dict) else ["en"]
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and ("search" in entry or "material/search" in entry):
            options = entry.get("search") or entry.get("material/search") or {}
            lang = options.get("lang") if isinstance(options, dict) else None
            if lang:
                return [lang] if isinstance(lang, str) else list(lang)
    return fallback


def left_out(path: str, languages: list[str] | tuple[str, ...] = ("en",)) -> str | None:
    """Why *path* (from the site root) stays out of the bundle, or None if it goes in."""
    for pattern, reason in LEFT_OUT:  # a pattern with a "/" matches the whole path, else the name
        if fnmatch.fnmatchcase(path if "/" in pattern else posixpath.basename(path), pattern):
            return reason
    if path.startswith(LUNR_FOLDER) and posixpath.basename(path) not in lunr_files(languages):
        return "search support for a language this site is not searched in"
    return None


def lunr_files(languages: list[str] | tuple[str, ...]) -> set[str]:
    """The files of LUNR_FOLDER that Material's search worker loads for *languages*."""
    others = [lang for lang in languages if lang != "en"]
    if not others:
        return set()
    files = {"lunr.stemmer.support.min.js", *(f"lunr.{lang}.min.js" for lang in others)}
    files |= {"tinyseg.js"} if "ja" in others else set()
    files |= {"wordcut.js"} if {"hi", "th"} & set(others) else set()
    return files | ({"lunr.multi.min.js"} if len(languages) > 1 else set())


def offline_features(features: list[str]) -> list[str]:
    """The theme features without those that need fetch (``navigation.instant``, ``….progress`` …)."""
    return [f for f in features if not any(f == name or f.startswith(name + ".") for name in NEEDS_FETCH)]


def human_size(size: int) -> str:
    """Bytes for readers: ``250 kB``, ``1.2 MB`` (decimal units)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


def readme_text(*, site_name: str, site_url: str, date: str, folder: str,
                vendored: tuple[Vendored, ...] = VENDORED, material_version: str = "",
                editions: list[dict] | tuple = ()) -> str:
    """The README.txt at the top of the bundle: plain text, lines of at most 78 characters."""
    title = f"{site_name} — offline copy"
    material = f"Material for MkDocs {material_version}".rstrip()
    third_party = [f"{material} (MIT licence), whose search uses lunr.js (MIT licence)."]
    third_party += [f"{item.name} {item.version} ({item.licence} licence), from the {item.origin}; "
                    f"its licence is in {item.path('LICENSE')}." for item in vendored]
    blocks = [
        [title, "=" * len(title)],
        [f"This folder, {folder}, is the whole explainer \"{site_name}\" as plain files. "
         "It works without a network connection: nothing is downloaded while you read."],
        ["To read it, open index.html in a web browser (double-click it). Search, diagrams, "
         "tooltips and the light/dark switch work as on the website.",
         f"To print it, read it on an e-reader or save it as a PDF, open {SINGLE_PAGE}: every page "
         "in reading order, with a table of contents, and the sources once at the end."],
        [f"Online (always the latest version): {site_url}", f"This copy: the text as of {date}."],
        *([["Other editions", "--------------",
            "Published beside this zip, from the same text (SHA256SUMS beside them lists "
            "their checksums too):",
            *(f"- {item['name']}: {item['format']}, {item['size']}, for {item['opener']}. "
              f"SHA-256: {item['sha256']}" for item in editions)]] if editions else []),
        ["Licence", "-------",
         "Text and diagrams: Creative Commons Attribution 4.0 International (CC BY 4.0), "
         "https://creativecommons.org/licenses/by/4.0/ — share and adapt, naming the source.",
         "Code: MIT licence, https://opensource.org/license/mit",
         "Included software: " + " ".join(third_party)],
        ["Checking the copy", "-----------------",
         f"{MANIFEST} lists a SHA-256 checksum for every other file in this folder. To check them, "
         "run one of these inside this folder (Linux, macOS):",
         f"  sha256sum -c {MANIFEST}", f"  shasum -a 256 -c {MANIFEST}"],
    ]
    paragraphs = ["\n".join(textwrap.fill(line, 78, break_long_words=False, break_on_hyphens=False)
                            for line in block) for block in blocks]
    return "\n\n".join(paragraphs) + "\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(files: dict[str, bytes]) -> str:
    """``sha256sum``-compatible lines (``<hex>  <path>``), sorted by path; the manifest
    itself is not listed."""
    return "".join(f"{sha256(files[path])}  {path}\n" for path in sorted(files) if path != MANIFEST)


def manifest_problems(text: str, files: dict[str, bytes]) -> list[str]:
    """What does not match between a manifest and the files (empty when all is well)."""
    problems, listed = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
        if not match:
            problems.append(f"{MANIFEST}:{number}: not '<sha256>  <path>'")
            continue
        listed[match.group(2)] = match.group(1)
    for path, digest in sorted(listed.items()):
        if path not in files:
            problems.append(f"{path}: listed in {MANIFEST} but missing")
        elif sha256(files[path]) != digest:
            problems.append(f"{path}: checksum differs from {MANIFEST}")
    for path in sorted(set(files) - set(listed) - {MANIFEST}):
        problems.append(f"{path}: not listed in {MANIFEST}")
    return problems


def zip_time(epoch: int | str) -> tuple[int, int, int, int, int, int]:
    """A zip timestamp (UTC) from SOURCE_DATE_EPOCH, as a zip holds it: between 1980 and
    2107, in steps of two seconds."""
    seconds = min(max(int(epoch), EARLIEST_ZIP_TIME), 4354819198)  # 2107-12-31T23:59:58Z
    return time.gmtime(seconds - seconds % 2)[:6]


def deterministic_zip(files: dict[str, bytes], epoch: int | str) -> bytes:
    """A zip of *files* ({path: bytes}) that depends on nothing else: entries sorted, with
    their folders; one timestamp; permissions 644/755; DEFLATE at level 9; no extra fields."""
    stamp = zip_time(epoch)
    folders = set()
    for path in files:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.add("/".join(parts[:depth]) + "/")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(set(files) | folders):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so the permissions below mean what they say
            if name.endswith("/"):
                info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def read_site(site_dir: Path, languages: list[str] | tuple[str, ...] = ("en",)) -> dict[str, bytes]:
    """The files of a built site that go into the bundle ({path from the site root: bytes})."""
    files = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            if left_out(relative, languages) is None:
                files[relative] = path.read_bytes()
    return files


def bundle_files(site_files: dict[str, bytes], folder: str, readme: str) -> dict[str, bytes]:
    """Everything in the zip: the site, README.txt and SHA256SUMS, all inside *folder*/."""
    files = dict(site_files)
    files[README] = readme.encode("utf-8")
    files[MANIFEST] = manifest(files).encode("utf-8")
    return {f"{folder}/{path}": data for path, data in files.items()}
