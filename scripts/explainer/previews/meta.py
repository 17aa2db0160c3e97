"""Link-preview metadata: Open Graph and Twitter tags, card addresses, robots.txt.

Material's base template already writes ``<title>``, ``<meta name="description">`` and
``<link rel="canonical">``; these functions add what previews need on top, without
repeating those. No MkDocs imports: the plugin passes plain values in.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

THEME_COLOR = "#8c2f1b"  # the header colour (explainer.css: --md-primary-fg-color)
CARD_DIR = "assets/cards"
CARD_SIZE = (1200, 630)
# Open Graph wants a territory; the site is written in British English.
OG_LOCALES = {"en": "en_GB", "zh": "zh_CN"}


@dataclass(frozen=True)
class Preview:
    """What a page shows in a link preview."""
    title: str
    description: str
    url: str             # canonical address of the page
    image_url: str       # absolute address of its card
    image_alt: str
    site_name: str
    locale: str
    kind: str = "article"  # og:type: "website" for the home page
    published: str = ""    # ISO 8601: article:published_time (a myth's own page)
    modified: str = ""     # article:modified_time


def card_path(src_uri: str) -> str:
    """Where a page's card is written in the site: ``assets/cards/<page>.png``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    return f"{CARD_DIR}/{stem}.png"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language.replace("-", "_") if "_" not in language else language)


def site_host(site_url: str) -> str:
    """The address shown on cards: host and path, without scheme or trailing slash."""
    parts = urlsplit(site_url)
    return (parts.netloc + parts.path).rstrip("/")


def image_alt(site_name: str, title: str, verdict_label: str | None = None, claim: str | None = None) -> str:
    if claim:
        return f"{site_name}: the claim “{claim}” is rated {verdict_label}."
    return f"{site_name}: {title}"


def tags(preview: Preview) -> list[dict]:
    """The ``<meta>`` tags of a preview, in a stable order: ``{"attr", "key", "content"}``."""
    width, height = CARD_SIZE
    pairs = [
        ("property", "og:type", preview.kind),
        ("property", "og:site_name", preview.site_name),
        ("property", "og:locale", preview.locale),
        ("property", "og:title", preview.title),
        ("property", "og:description", preview.description),
        ("property", "og:url", preview.url),
        ("property", "og:image", preview.image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(width)),
        ("property", "og:image:height", str(height)),
        ("property", "og:image:alt", preview.image_alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", preview.title),
        ("name", "twitter:description", preview.description),
        ("name", "twitter:image", preview.image_url),
        ("name", "twitter:image:alt", preview.image_alt),
    ]
    if preview.published:
        pairs.append(("property", "article:published_time", preview.published))
    if preview.modified:
        pairs.append(("property", "article:modified_time", preview.modified))
    if preview.url.startswith("https://"):
        pairs.insert(pairs.index(("property", "og:image:type", "image/png")),
                     ("property", "og:image:secure_url", preview.image_url))
    return [{"attr": attr, "key": key, "content": content} for attr, key, content in pairs]


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap (absolute, as the protocol requires)."""
    return "User-agent: *\nAllow: /\n\nSitemap: " + absolute(site_url, "sitemap.xml") + "\n"
