"""The Content-Security-Policy of the online site, computed from each finished page.

GitHub Pages cannot send headers, so every page carries its policy in a
``<meta http-equiv="Content-Security-Policy">``, placed before the first script. The
policy allows scripts and styles from the site's own files and, for what is inline, only
the exact text the build wrote: the SHA-256 of every inline script (Material writes three
small ones into each page) and of every inline style. Hashes are taken from the final HTML,
so a script added later by a template or a theme upgrade is allowed by the next build, and
anything that reaches a page some other way (an escaping bug, an injected tag or handler)
is blocked. Hosts that read a ``_headers`` file (Netlify, Cloudflare Pages) also get the
policy as a header, with what only a header can say (``frame-ancestors``) and the other
security headers: see ``headers_file``.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# What a page may load, before the hashes of its inline scripts and styles are added.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    # Material's icons in its style sheet (admonitions, copy buttons) are data: SVG images.
    "img-src": ("'self'", "data:"),
    # System fonts only (theme.font: false): nothing to download.
    "font-src": ("'none'",),
    # Search: the page fetches search/search_index.json and starts Material's worker file.
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "frame-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
# Only a header can say this (browsers ignore it in a <meta>): no site may frame the pages.
HEADER_ONLY: dict[str, tuple[str, ...]] = {"frame-ancestors": ("'none'",)}
# The offline bundle opens from file://, where 'self' means different things in different
# browsers (Firefox: only the file itself), so it keeps only the directives that hold there.
OFFLINE_POLICY: dict[str, tuple[str, ...]] = {"object-src": ("'none'",), "base-uri": ("'none'",)}

META_NAME = "Content-Security-Policy"
# Script types a browser runs (the HTML standard's JavaScript MIME types, modules and the
# two JSON-shaped types it executes); any other type (application/json, ld+json) is data.
RUNNABLE_TYPES = frozenset({
    "", "module", "importmap", "speculationrules", "text/javascript", "application/javascript",
    "application/ecmascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
    "text/livescript", "text/x-ecmascript", "text/x-javascript"})
_CHARSET_META = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_FIRST_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)


@dataclass
class Inline:
    """What a page runs or styles inline, as the browser sees it."""
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)            # <style> blocks
    style_attributes: list[str] = field(default_factory=list)  # style="…"
    handlers: list[str] = field(default_factory=list)          # "<button onclick>", "<a href=javascript:>"


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Inline()
        self._open: tuple[str, list[str]] | None = None  # the raw-text element being read

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.handlers.append(f"<{tag} {name}>")
            elif (name in ("href", "src", "action", "formaction")
                  and (value or "").strip().lower().startswith("javascript:")):
                self.found.handlers.append(f"<{tag} {name}=javascript:>")
            elif name == "style" and value is not None:
                self.found.style_attributes.append(value)
        if tag == "script" and "src" not in values:
            kind = (values.get("type") or "").strip().lower()
            self._open = ("script", []) if kind in RUNNABLE_TYPES else None
        elif tag == "style":
            self._open = ("style", [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            text = "".join(self._open[1])
            (self.found.scripts if tag == "script" else self.found.styles).append(text)
            self._open = None


def find_inline(html: str) -> Inline:
    """The inline scripts, styles and handlers of a page (browsers hash LF line ends)."""
    finder = _InlineFinder()
    finder.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    finder.close()
    return finder.found


def sha256_source(text: str) -> str:
    """A CSP hash source for *text*, as browsers compute it (UTF-8, base64)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_policy(inline: Inline) -> dict[str, tuple[str, ...]]:
    """The policy for one page: BASE_POLICY plus the hashes of what it has inline."""
    policy = dict(BASE_POLICY)
    scripts = sorted({sha256_source(text) for text in inline.scripts})
    styles = sorted({sha256_source(text) for text in inline.styles + inline.style_attributes})
    policy["script-src"] = BASE_POLICY["script-src"] + tuple(scripts)
    # A style attribute matches a hash only with 'unsafe-hashes' (CSP 3), which allows those
    # exact values and nothing else; it is added only to a page that has one (the site's own
    # pages have none: diagram labels use a class), so that no page breaks if one comes in.
    # Any other style attribute, and any injected <style>, is refused.
    unsafe_hashes = ("'unsafe-hashes'",) if inline.style_attributes else ()
    policy["style-src"] = BASE_POLICY["style-src"] + unsafe_hashes + tuple(styles)
    return policy


def serialize(policy: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(" ".join((name,) + sources) for name, sources in policy.items())


def merge(policies) -> dict[str, tuple[str, ...]]:
    """One policy that allows what any of *policies* allows (same directives, sources joined)."""
    merged: dict[str, list[str]] = {}
    for policy in policies:
        for name, sources in policy.items():
            kept = merged.setdefault(name, [])
            kept.extend(source for source in sources if source not in kept)
    return {name: tuple(_keywords_first(sources)) for name, sources in merged.items()}


def _keywords_first(sources: list[str]) -> list[str]:
    plain = [s for s in sources if not s.startswith("'sha")]
    return plain + sorted(s for s in sources if s.startswith("'sha"))


def meta_tag(policy: dict[str, tuple[str, ...]]) -> str:
    return f'<meta http-equiv="{META_NAME}" content="{serialize(policy)}">'


def insert_meta(html: str, tag: str) -> str:
    """*html* with *tag* right after ``<meta charset>`` (or ``<head>``): before every script.

    Raises ``ValueError`` when the page has no ``<head>`` or a script comes first.
    """
    anchor = _CHARSET_META.search(html) or _HEAD.search(html)
    if anchor is None:
        raise ValueError("the page has no <head>")
    script = _FIRST_SCRIPT.search(html)
    if script is not None and script.start() < anchor.end():
        raise ValueError("a <script> comes before <meta charset>, so no policy could cover it")
    return html[:anchor.end()] + tag + html[anchor.end():]


def secure_page(html: str, policy_for=page_policy, find=find_inline) -> tuple[str, dict[str, tuple[str, ...]], Inline]:
    """A finished page with its policy in a ``<meta>``; also the policy and what *find* found
    (``find_inline``, or the same read from a cache)."""
    inline = find(html)
    policy = policy_for(inline)
    return insert_meta(html, meta_tag(policy)), policy, inline


# _headers (Netlify, Cloudflare Pages): one rule per path pattern, indented header lines.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    # The site uses none of these; a page that tried would be refused.
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"),
    # A year of HTTPS only. Not includeSubDomains: the host's other subdomains are not ours to bind.
    ("Strict-Transport-Security", "max-age=31536000"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HTML_CACHE = "public, max-age=300, must-revalidate"  # a correction shows within minutes
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"


def headers_file(policies, pages, hashed_assets) -> str:
    """The ``_headers`` file: security headers and the site-wide policy on every path, short
    caching for the *pages* (their public paths: "/", "/about/"), long caching for
    *hashed_assets* (whose names change with their content).

    Every page's own ``<meta>`` policy still applies on top (a browser enforces both, so each
    page gets the narrower one); the header's policy is their union, so that it also covers
    the 404 page, which hosts serve at any address. Cache-Control is never set by two rules
    for one path: both hosts would join the two values into one contradictory header.
    """
    policy = dict(merge(policies), **HEADER_ONLY)
    lines = ["# Security and caching headers for hosts that read this file (Netlify, Cloudflare Pages).",
             "# Written by the build (the explainer/csp plugin); GitHub Pages ignores it.",
             "/*",
             f"  Content-Security-Policy: {serialize(policy)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for path in sorted(pages):
        lines += [path, f"  Cache-Control: {HTML_CACHE}"]
    for path in sorted(hashed_assets):
        lines += [f"/{path}", f"  Cache-Control: {IMMUTABLE_CACHE}"]
    return "\n".join(lines) + "\n"


def public_path(html_file: str) -> str:
    """The address a built HTML file is served at: "index.html" → "/", "a/index.html" → "/a/"."""
    if html_file == "index.html":
        return "/"
    if html_file.endswith("/index.html"):
        return "/" + html_file[:-len("index.html")]
    return "/" + html_file


# Material's bundles (bundle.<8 hex>.min.js, main.<8 hex>.min.css, workers/search.<8 hex>.min.js)
# and the asset_bundle plugin's site.<8 hex>.css/.js carry a hash of their content in the name.
_HASHED_NAME = re.compile(r"(?:^|/)[\w-]+\.[0-9a-f]{8}(?:\.min)?\.(?:js|css)$")


def is_content_hashed(path: str) -> bool:
    return bool(_HASHED_NAME.search(path))


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a ``_headers`` file, in order: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> list[tuple[str, str]]:
    """The headers *rules* give a request for *path* (``*`` matches anything; a header
    that several matching rules set is joined with ", ", as Netlify and Cloudflare do)."""
    joined: dict[str, str] = {}
    for pattern, headers in rules:
        if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path):
            for name, value in headers:
                joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return list(joined.items())
