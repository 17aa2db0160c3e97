"""Reading the built site in tests: pages from the nav, parsed with a real HTML parser."""
from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from .project import ROOT


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python tags; tests only need its plain structure."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)


def nav_pages() -> list[str]:
    """Markdown files listed in the nav, in reading order."""
    pages = []
    for item in mkdocs_config()["nav"]:
        pages.extend(v for v in item.values() if isinstance(v, str))
    return pages


def html_path(site: Path, src: str) -> Path:
    """Where a Markdown page lands with directory URLs."""
    stem = src[:-3]
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def article(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")
