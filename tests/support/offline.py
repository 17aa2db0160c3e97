"""Shared by the offline-bundle tests: one full build (offline bundle, then the online site)
per session, the unpacked bundle, and static checks of HTML references."""
from __future__ import annotations

import functools
import os
import posixpath
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from explainer.offline import bundle
from .project import ROOT

EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1764288000")
ZIP_NAME = bundle.zip_name("Social Credit, Untangled")


def full_build(project: Path, out: Path) -> subprocess.CompletedProcess:
    """``scripts/build.py --dist-dir``: the offline bundle, then the online site linking to it."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    env.pop("EX_OFFLINE_ZIP", None)
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build.py"), "--config-file", str(project / "mkdocs.yml"),
         "--site-dir", str(out / "site"), "--dist-dir", str(out / "dist")],
        cwd=project, env=env, capture_output=True, text=True)


@dataclass(frozen=True)
class Built:
    out: Path
    site: Path       # the online site
    zip: Path        # dist/<name>-offline.zip
    folder: Path     # the one folder inside the unpacked zip

    def pages(self) -> list[Path]:
        return sorted(self.folder.rglob("*.html"))


_CACHE: dict[str, Built] = {}


def built_bundle(tmp_path_factory) -> Built:
    """The full build, made once per test session (shared by every module that asks)."""
    if "built" not in _CACHE:
        out = tmp_path_factory.mktemp("offline")
        result = full_build(ROOT, out)
        if result.returncode != 0:
            raise AssertionError(f"the full build failed:\n{result.stdout}\n{result.stderr}")
        zip_path = out / "dist" / ZIP_NAME
        unpacked = out / "unpacked"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(unpacked)
        folders = [p for p in unpacked.iterdir()]
        assert len(folders) == 1 and folders[0].is_dir(), folders
        _CACHE["built"] = Built(out, out / "site", zip_path, folders[0])
    return _CACHE["built"]


@functools.lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    """The parsed page (cached: the built files do not change during a session; do not modify)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


# What a browser loads by itself (not links a reader follows).
_LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                      "prefetch", "manifest", "mask-icon", "dns-prefetch", "preconnect"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _is_remote(url: str) -> bool:
    return url.strip().lower().startswith(("http:", "https:", "//", "ftp:"))


def remote_resources(page: BeautifulSoup) -> list[str]:
    """Every http(s) resource an HTML page would load (scripts, styles, images, frames,
    CSS url()s, refresh targets); ``<a href>`` links and the canonical link are not loads."""
    found = []
    for tag in page.find_all(True):
        name = tag.name.lower()
        for attr in ("src", "data", "poster"):
            if tag.get(attr) and _is_remote(tag[attr]):
                found.append(f"<{name} {attr}={tag[attr]}>")
        for attr in ("srcset", "imagesrcset"):
            for candidate in (tag.get(attr) or "").split(","):
                if candidate.strip() and _is_remote(candidate.strip().split()[0]):
                    found.append(f"<{name} {attr}={candidate.strip()}>")
        if name == "link" and tag.get("href") and _is_remote(tag["href"]):
            rels = {r.lower() for r in (tag.get("rel") or [])}
            if rels & _LOADING_LINK_RELS:
                found.append(f"<link rel={' '.join(sorted(rels))} href={tag['href']}>")
        if name in ("use", "image", "feimage") and _is_remote(tag.get("href") or tag.get("xlink:href") or ""):
            found.append(f"<{name} href={tag.get('href') or tag.get('xlink:href')}>")
        if name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh" and "http" in (tag.get("content") or ""):
            found.append(f"<meta refresh {tag['content']}>")
        style = tag.get("style") or ""
        if name == "style":
            style += tag.get_text()
        found += [f"<{name}> css {url}" for url in css_urls(style) if _is_remote(url)]
    return found


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css)]


def local_references(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(what, url) for every relative href/src/srcset of an HTML page."""
    refs = []
    for tag in page.find_all(True):
        for attr in ("href", "src", "xlink:href", "data", "poster"):
            value = tag.get(attr)
            if value and not urlsplit(value).scheme and not value.startswith("//"):
                refs.append((f"<{tag.name} {attr}>", value))
        for candidate in (tag.get("srcset") or "").split(","):
            if candidate.strip():
                refs.append((f"<{tag.name} srcset>", candidate.strip().split()[0]))
    return refs


def resolve(folder: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file (in *folder*) and fragment a relative *url* on *page* points at."""
    parts = urlsplit(url)
    if not parts.path:
        return page, unquote(parts.fragment)
    here = page.relative_to(folder).parent.as_posix()
    target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
    path = folder / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)
