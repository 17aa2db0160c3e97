"""The e-reader (EPUB 3) and Kiwix (ZIM) editions, made from the offline build.

``scripts/build.py`` builds the offline site first (``mkdocs.offline.yml``: relative links,
``.html`` addresses, ``single-page.html``), then calls ``build`` here, which writes
``<name>.epub`` and ``<name>.zim`` beside the offline zip. Nothing is rendered twice:

* the EPUB is cut from ``single-page.html`` (every page in reading order, ids already
  unique across pages), one XHTML file per page (``editions.epub``);
* the ZIM holds the offline site's files as they are (``editions.zim``).

``describe`` gives what the README and the site's "Read offline" section say about a
file: format, size, SHA-256 and what to open it with.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from explainer.offline import bundle

EDITIONS_ENV = "EX_OFFLINE_EDITIONS"  # the editions' paths (os.pathsep-separated), for the online build
SUMS = "SHA256SUMS"                   # dist/SHA256SUMS: the zip and the editions
EPUB_BUDGET = 600_000
ZIM_BUDGET = 1_500_000


@dataclass(frozen=True)
class Format:
    suffix: str
    label: str
    opener: str


FORMATS = {
    ".zip": Format(".zip", "zip", "any web browser: unzip it and open index.html"),
    ".epub": Format(".epub", "EPUB 3", "an e-reader or e-book app (Apple Books, Kobo, Thorium, Calibre, KOReader)"),
    ".zim": Format(".zim", "ZIM", "Kiwix (kiwix.org: Android, iOS, Windows, macOS, Linux, kiwix-serve)"),
}


@dataclass(frozen=True)
class Site:
    """What the editions need to know about the site, from its config and build."""
    root: Path          # the project (docs/ for error locations)
    site_dir: Path      # the offline build
    name: str
    url: str
    description: str
    language: str       # BCP 47, e.g. "en"
    epoch: int
    search_languages: tuple[str, ...] = ("en",)  # which lunr support files the search needs

    @classmethod
    def from_config(cls, config: dict, root: Path, site_dir: Path, epoch: int | str) -> Site:
        """From a raw MkDocs config (``scripts/build.py`` reads it without loading plugins)."""
        theme: dict = config["theme"] if isinstance(config.get("theme"), dict) else {}
        return cls(root=root, site_dir=site_dir, name=config.get("site_name") or "site",
                   url=config.get("site_url") or "",
                   description=" ".join((config.get("site_description") or "").split()),
                   language=theme.get("language") or "en", epoch=int(epoch),
                   search_languages=tuple(bundle.search_languages(config)))


def epub_name(site_name: str) -> str:
    return f"{bundle.slug(site_name)}.epub"


def zim_name(site_name: str) -> str:
    return f"{bundle.slug(site_name)}.zim"


def describe(path: Path) -> dict:
    """Name, format, size and SHA-256 of a published file, for README.txt and the site."""
    data = path.read_bytes()
    fmt = FORMATS[path.suffix]
    return {"name": path.name, "format": fmt.label, "opener": fmt.opener, "bytes": len(data),
            "size": bundle.human_size(len(data)), "sha256": hashlib.sha256(data).hexdigest()}


def build(site: Site, out_dir: Path) -> list[Path]:
    """Write the EPUB and the ZIM into *out_dir*; raise ContentError on a page that cannot convert."""
    from . import epub, zim  # imported here: libzim and html5lib load only when editions are built
    paths = [out_dir / epub_name(site.name), out_dir / zim_name(site.name)]
    paths[0].write_bytes(epub.build(site))
    zim.build(site, paths[1])
    return paths


def sums(paths: list[Path]) -> str:
    """``sha256sum``-compatible lines for files published side by side."""
    return bundle.manifest({path.name: path.read_bytes() for path in paths})


def from_env(environ=os.environ) -> list[Path]:
    value = environ.get(EDITIONS_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part]
