"""The Kiwix edition: the offline site's files in a ZIM archive (python-libzim).

The offline build already suits Kiwix's viewer: every link is relative (``.html``
addresses, no absolute ``/assets`` paths), no service worker, and the scripts (search,
glossary tooltips, code checker) enhance pages that read as plain links and text without
them. The files go in as they are, so they are not rendered twice (plus the JSON search
index, which Material fetches over HTTP); the home page is the main entry, the site's icon
drawn at 48×48 the illustration, and libzim builds the full-text and title indexes Kiwix
searches.

libzim gives the archive and each of its two Xapian indexes a random UUID; ``_fix_identity``
replaces them with UUIDs derived from the public address and the date and writes the
checksum again, so two builds of the same commit give the same bytes (the zip's README
quotes the ZIM's SHA-256).
"""
from __future__ import annotations

import contextlib
import hashlib
import html
import io
import mimetypes
import os
import posixpath
import re
import struct
import sys
import uuid
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

from explainer.core.errors import ContentError
from explainer.offline import bundle

MAIN_PAGE = "index.html"
FAVICON = "assets/images/favicon.svg"  # the site's icon (theme.favicon in mkdocs.yml)
ILLUSTRATION_SIZE = 48                 # Kiwix shows the book with a 48×48 PNG
# ISO 639-3 codes Kiwix expects for the languages this site may be written in.
LANGUAGES = {"en": "eng", "zh": "zho", "fr": "fra", "de": "deu", "es": "spa"}
TAGS = "_category:other;_pictures:yes;_videos:no;_details:yes;_ftindex:yes"
# Kiwix serves pages over HTTP, where Material's search fetches its index as JSON (the
# offline bundle reads search_index.js instead, so the zip leaves the JSON out).
OVER_HTTP = ("search/search_index.json",)
# Not listed as an article of its own: it repeats every other page.
NOT_FRONT = {bundle.SINGLE_PAGE}
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
MIME_TYPES = {".js": "application/javascript", ".css": "text/css", ".svg": "image/svg+xml",
              ".json": "application/json", ".txt": "text/plain", ".html": "text/html"}


class _File(Item):
    def __init__(self, path: str, data: bytes, mimetype: str, title: str, front: bool):
        super().__init__()
        self._path, self._data, self._mimetype, self._title, self._front = path, data, mimetype, title, front

    def get_path(self) -> str:
        return self._path

    def get_title(self) -> str:
        return self._title

    def get_mimetype(self) -> str:
        return self._mimetype

    def get_contentprovider(self):
        return StringProvider(self._data)

    def get_hints(self):
        return {Hint.FRONT_ARTICLE: self._front, Hint.COMPRESS: not self._mimetype.startswith("image/png")}


def illustration(svg: bytes) -> bytes:
    """The favicon drawn at 48×48 (novasvg, which mermaidx brings), as a PNG without metadata."""
    import novasvg  # loaded only here, like the renderer in diagrams.py
    document = novasvg.Document.load_from_data(svg.decode("utf-8"))
    image = document.render_to_bitmap(ILLUSTRATION_SIZE, ILLUSTRATION_SIZE).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def mimetype(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def page_title(data: bytes, path: str) -> str:
    match = _TITLE_RE.search(data.decode("utf-8", "replace"))
    return html.unescape(" ".join(match.group(1).split())) if match else path


def entries(site_dir: Path, languages: tuple[str, ...] = ("en",)) -> dict[str, bytes]:
    """The files that go in: the offline bundle's (``bundle.read_site``), plus what a page
    served over HTTP asks for that file:// does not."""
    files = bundle.read_site(site_dir, languages)
    for path in OVER_HTTP:
        if (site_dir / path).is_file():
            files[path] = (site_dir / path).read_bytes()
    return files


def check(files: dict[str, bytes]) -> None:
    """What Kiwix cannot serve: links from a page's root (``/assets/…``) and a service worker."""
    for path, data in files.items():
        if not path.endswith((".html", ".css")):
            continue
        text = data.decode("utf-8", "replace")
        match = re.search(r"""(?:href|src)=["']/(?!/)[^"']*|url\(\s*['"]?/(?!/)[^)'"]*""", text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            raise ContentError(path, line, f"an address from the site's root ({match.group(0)}) does not work in Kiwix",
                               "write the link relative to the page")
        if "serviceWorker.register" in text:
            raise ContentError(path, None, "a service worker cannot run inside Kiwix", "remove its registration")


def build(site, out: Path) -> None:
    """Write the ZIM archive of the offline site in *site.site_dir* to *out*."""
    files = entries(site.site_dir, site.search_languages)
    check(files)
    for required in (MAIN_PAGE, FAVICON):
        if required not in files:
            raise ContentError(required, None, "missing from the offline build, the ZIM edition needs it",
                               "restore it (overrides/assets/images/ or docs/index.md)")
    language = LANGUAGES.get(site.language.split("-")[0], "eng")
    if out.exists():
        out.unlink()
    creator = Creator(str(out)).config_indexing(True, language).config_nbworkers(1).config_verbose(False)
    with _quiet_stdout(), creator:
        creator.set_mainpath(MAIN_PAGE)
        creator.add_illustration(ILLUSTRATION_SIZE, illustration(files[FAVICON]))
        metadata = {
            "Name": f"{bundle.slug(site.name)}_{site.language}_all",
            "Title": site.name[:30],
            "Description": _shorten(site.description, 80),
            "LongDescription": site.description[:4000],
            "Language": language,
            "Creator": site.name,
            "Publisher": site.name,
            "Date": bundle.build_date(site.epoch),
            "Tags": TAGS,
            "Source": site.url,
            "License": "CC BY 4.0 (text and diagrams), MIT (code)",
            "Scraper": "scripts/build.py (python-libzim)",
        }
        for key, value in metadata.items():
            creator.add_metadata(key, value)
        for path in sorted(files):
            data = files[path]
            kind = mimetype(path)
            is_page = kind == "text/html"
            title = page_title(data, path) if is_page else ""
            creator.add_item(_File(path, data, kind, title, is_page and path not in NOT_FRONT))
    _fix_identity(out, f"{site.url}#zim-{bundle.build_date(site.epoch)}")


# ZIM header: the archive's UUID at bytes 8–23, the checksum's position at 72 (little-endian
# uint64); the file ends with the MD5 of everything before it. A Xapian glass database
# starts with b"\x0f\rXapian Glass", a two-byte version and its UUID.
_UUID_AT = 8
_CHECKSUM_POS_AT = 72
_XAPIAN_MAGIC = b"\x0f\rXapian Glass"


def _fix_identity(path: Path, seed: str) -> None:
    data = bytearray(path.read_bytes())
    places = [_UUID_AT]
    start = data.find(_XAPIAN_MAGIC)
    while start != -1:
        places.append(start + len(_XAPIAN_MAGIC) + 2)
        start = data.find(_XAPIAN_MAGIC, start + 1)
    for number, offset in enumerate(places):
        data[offset:offset + 16] = uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}-{number}").bytes
    (checksum_at,) = struct.unpack_from("<Q", data, _CHECKSUM_POS_AT)
    data[checksum_at:checksum_at + 16] = hashlib.md5(data[:checksum_at]).digest()
    path.write_bytes(bytes(data))


@contextlib.contextmanager
def _quiet_stdout():
    """libzim 8 prints its progress ("Resolve redirect", "set index") to stdout whatever the
    verbosity; keep the build log to what the build says."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentence = text[:limit].rsplit(". ", 1)[0]  # whole sentences when one fits
    if len(sentence) < limit and sentence != text[:limit]:
        return sentence + "."
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
