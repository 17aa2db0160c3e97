"""Quality gates over a built site: links, external resources, page weight, valid HTML.

Plain functions over the files of a built site (``site/`` or the offline bundle), used
by the tests (``tests/test_quality_*.py``) and by ``make bench``. Each gate returns a
list of ``Problem`` in the house format ``file:line: problem — fix`` (an empty list
means the gate passes), so a failing test says exactly where to look.

Needs beautifulsoup4 + html5lib (test dependencies); never imported by the build.
"""
from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from explainer.offline.bundle import LUNR_FOLDER, lunr_files

# Budgets for one page: every byte needed to render it, gzip-compressed (1 KB = 1,000 bytes).
# Material's bundle loads on the reader's first interaction (material_on_demand.js) and the
# search on first use: both are counted apart (interaction_weight(), search_weight()).
# Measured 2026-12-02: home 52.6 KB, heaviest page (sources) 71.7 KB; a few KB of headroom.
HOME_BUDGET = 56_000
PAGE_BUDGET = 76_000
# A myth's own page (myths/<id>/), the one a forum link to a single verdict opens: 33.6 KB.
MYTH_PAGE_BUDGET = 37_000
# Of which, on any page: style sheets (render-blocking; Material's is trimmed to the rules the
# pages use: 16.0 KB in all) and scripts that run at start (site.js and the loader: 10.6 KB;
# 16.8 KB on the page with the code checker).
KIND_BUDGETS = {"css": 17_000, "js": 18_000}
# Material's main style sheet once trimmed (10.4 KB): a pruning that keeps more fails here first.
THEME_CSS_BUDGET = 11_000
GZIP_LEVEL = 6  # what web servers use by default (nginx gzip_comp_level 6 is common, Apache 6)
# Formats already compressed: servers send them as they are.
PRECOMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".zip", ".gz"}
KINDS = {".html": "html", ".htm": "html", ".css": "css", ".js": "js", ".mjs": "js",
         ".svg": "image", ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image",
         ".webp": "image", ".avif": "image", ".ico": "image",
         ".woff": "font", ".woff2": "font", ".ttf": "font", ".otf": "font", ".eot": "font"}

# <link rel=...> values that make the browser fetch nothing at read time (anything else does).
NON_FETCHING_RELS = {"canonical", "alternate", "prev", "next", "license", "author", "help", "me",
                     "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag", "shortlink"}
# The base used to resolve a page's relative URLs: anything resolving elsewhere is outside the site.
_BASE = "http://site.invalid/"
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
SRCSET_SPLIT_RE = re.compile(r",\s+|,(?=[^\s])")


@dataclass(frozen=True)
class Problem:
    """One failed check, printed as ``file:line: problem — fix``."""

    path: str
    line: int | None
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}" + (f" — {self.fix}" if self.fix else "")


def report(problems: list[Problem], limit: int = 40) -> str:
    """The problems as lines of text, for an assertion message."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the site

@dataclass
class HtmlPage:
    """One HTML file of the site, parsed once with html5lib (as a browser would)."""

    site: Path
    rel: str  # POSIX path inside the site, e.g. "about/index.html"

    @cached_property
    def text(self) -> str:
        return (self.site / self.rel).read_text(encoding="utf-8")

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html5lib")

    @cached_property
    def ids(self) -> set[str]:
        found = {tag["id"] for tag in self.soup.find_all(id=True)}
        found |= {tag["name"] for tag in self.soup.find_all("a", attrs={"name": True})}
        return found

    @property
    def url(self) -> str:
        return _BASE + self.rel


class Site:
    """A built site folder: its HTML pages (parsed lazily and cached) and its files."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._pages: dict[str, HtmlPage] = {}

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def files(self, *suffixes: str) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file() and p.suffix.lower() in suffixes)

    def page(self, rel: str) -> HtmlPage:
        if rel not in self._pages:
            self._pages[rel] = HtmlPage(self.root, rel)
        return self._pages[rel]

    def pages(self) -> list[HtmlPage]:
        return [self.page(rel) for rel in self.html_files()]

    def content_pages(self) -> list[HtmlPage]:
        """Pages a reader lands on: not redirect stubs (a meta refresh and nothing else)."""
        return [p for p in self.pages() if not is_redirect_stub(p)]

    def resolve(self, url: str) -> str | None:
        """The site file an internal URL path points to, or None when there is none."""
        path = unquote(urlsplit(url).path).lstrip("/")
        candidates = [path] if path and not path.endswith("/") else []
        candidates += [posixpath.join(path, "index.html") if path else "index.html"]
        for candidate in candidates:
            target = self.root / candidate
            if target.is_file():
                return candidate
        return None


def is_redirect_stub(page: HtmlPage) -> bool:
    refresh = page.soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
    return refresh is not None and page.soup.find("article") is None


def _line(tag) -> int | None:
    return getattr(tag, "sourceline", None)


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in SRCSET_SPLIT_RE.split(value.strip()) if part.strip()]


def _css_urls(css: str) -> list[tuple[str, int]]:
    """(url, line) of every url() and @import in a style sheet, comments removed."""
    css = CSS_COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    found = []
    for regex in (CSS_URL_RE, CSS_IMPORT_RE):
        for match in regex.finditer(css):
            url = next(g for g in match.groups() if g is not None)
            found.append((url.strip(), css.count("\n", 0, match.start()) + 1))
    return sorted(found, key=lambda item: item[1])


def is_external(url: str) -> bool:
    """True when *url* leaves the site (another host, or any absolute web address)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return scheme not in ("", "data", "blob", "about", "javascript", "mailto", "tel", "file")


def _is_internal_link(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return not url.strip().startswith("//") and scheme in ("", "file")


def resources(page: HtmlPage) -> list[tuple[str, str, int | None]]:
    """Everything the browser fetches to show *page*: (element, url, line), in page order."""
    found = []
    soup = page.soup
    for tag in soup.find_all(True):
        name = tag.name
        attrs = tag.attrs
        urls: list[tuple[str, str]] = []
        if name == "link":
            rels = {r.lower() for r in (attrs.get("rel") or [])}
            if rels - NON_FETCHING_RELS or not rels:
                if attrs.get("href"):
                    urls.append(("link", attrs["href"]))
                if attrs.get("imagesrcset"):
                    urls += [("link", u) for u in _srcset_urls(attrs["imagesrcset"])]
        elif name == "script" and attrs.get("src"):
            urls.append(("script", attrs["src"]))
        elif name in ("img", "source", "video", "audio", "track", "iframe", "embed", "input"):
            if name == "input" and str(attrs.get("type", "")).lower() != "image":
                continue
            for key in ("src", "poster"):
                if attrs.get(key):
                    urls.append((name, attrs[key]))
            if attrs.get("srcset"):
                urls += [(name, u) for u in _srcset_urls(attrs["srcset"])]
        elif name == "object" and attrs.get("data"):
            urls.append(("object", attrs["data"]))
        elif name in ("use", "image", "feimage"):
            for key in ("href", "xlink:href"):
                if attrs.get(key) and not str(attrs[key]).startswith("#"):
                    urls.append((name, attrs[key]))
        elif name == "style":
            urls += [("style", u) for u, _ in _css_urls(tag.get_text())]
        if attrs.get("style"):
            urls += [(f"{name} style", u) for u, _ in _css_urls(attrs["style"])]
        found += [(element, str(url), _line(tag)) for element, url in urls]
    return found


# --------------------------------------------------------------------------- gate: links

def check_links(site: Site) -> list[Problem]:
    """Internal links, resources and #anchors that point at nothing (HTML and CSS)."""
    problems: list[Problem] = []
    for page in site.pages():
        targets = [("a", tag.get("href"), _line(tag)) for tag in page.soup.find_all(["a", "area"])
                   if tag.get("href") is not None]
        targets += [("link", tag.get("href"), _line(tag)) for tag in page.soup.find_all("link", href=True)
                    if {r.lower() for r in tag.get("rel") or []} <= NON_FETCHING_RELS]  # prev, next ...
        targets += [(el, url, line) for el, url, line in resources(page)]
        for element, url, line in targets:
            url = url.strip()
            if not _is_internal_link(url) or url.startswith("data:"):
                continue
            absolute = urljoin(page.url, url)
            if urlsplit(absolute).scheme == "file":
                continue  # an absolute file:// path cannot be right on a web server; left to vnu
            target = site.resolve(absolute)
            if target is None:
                problems.append(Problem(page.rel, line, f"<{element}> points to {url!r}, which is not in the site",
                                        "fix the link or add the missing page/file"))
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and fragment != "top" and target.endswith(".html") \
                    and fragment not in site.page(target).ids:
                problems.append(Problem(page.rel, line, f"<{element}> points to {url!r}, but {target} has no "
                                        f"id {fragment!r}", "link to an existing heading id or add the anchor"))
    for rel in site.files(".css"):
        css = (site.root / rel).read_text(encoding="utf-8", errors="replace")
        for url, line in _css_urls(css):
            if not _is_internal_link(url) or url.startswith(("data:", "#")):
                continue
            absolute = urljoin(_BASE + rel, url)
            if site.resolve(absolute) is None:
                problems.append(Problem(rel, line, f"url({url}) is not in the site", "fix the path or add the file"))
    return problems


# --------------------------------------------------------------------------- gate: no third party

def check_external_resources(site: Site) -> list[Problem]:
    """Resources (scripts, styles, fonts, images, icons, preconnects, url(), @import) from
    outside the site. Ordinary <a href> links (and canonical/alternate <link>s, which the
    browser does not fetch) may point anywhere."""
    problems: list[Problem] = []
    fix = "serve the file from the site itself (vendor it under overrides/assets/) or remove it"
    for page in site.pages():
        for element, url, line in resources(page):
            if is_external(url):
                problems.append(Problem(page.rel, line, f"<{element}> loads {url!r} from outside the site", fix))
        base = page.soup.find("base", href=True)
        if base is not None and is_external(base["href"]):
            problems.append(Problem(page.rel, _line(base), f"<base href={base['href']!r}> sends every "
                                    "relative URL outside the site", "remove the <base> element"))
    for rel in site.files(".css"):
        css = (site.root / rel).read_text(encoding="utf-8", errors="replace")
        for url, line in _css_urls(css):
            if is_external(url):
                problems.append(Problem(rel, line, f"style sheet loads {url!r} from outside the site", fix))
    for rel in site.files(".svg"):
        svg = (site.root / rel).read_text(encoding="utf-8", errors="replace")
        soup = BeautifulSoup(svg, "html5lib")  # html5lib parses inline-SVG rules; ids/hrefs are what matter
        for tag in soup.find_all(True):
            if tag.name == "a":
                continue
            for key in ("href", "xlink:href", "src"):
                if tag.get(key) and is_external(str(tag[key])):
                    problems.append(Problem(rel, _line(tag), f"<{tag.name}> loads {tag[key]!r} from outside the site", fix))
            if tag.name == "style":
                for url, _ in _css_urls(tag.get_text()):
                    if is_external(url):
                        problems.append(Problem(rel, _line(tag), f"<style> loads {url!r} from outside the site", fix))
    return problems


# --------------------------------------------------------------------------- gate: page weight

def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def transfer_size(path: Path) -> int:
    """Bytes on the wire for one file: gzip-compressed unless the format already is."""
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in PRECOMPRESSED else gzip_size(data)


@dataclass
class PageWeight:
    page: str
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # rel -> (kind, gzip bytes)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _, size in self.files.values())

    def by_kind(self) -> dict[str, int]:
        kinds = {k: 0 for k in ("html", "css", "js", "image", "font", "other")}
        for kind, size in self.files.values():
            kinds[kind] += size
        return kinds


def _kind(rel: str) -> str:
    return KINDS.get(posixpath.splitext(rel)[1].lower(), "other")


def page_weight(site: Site, page: HtmlPage) -> PageWeight:
    """The gzip bytes of the page and of every file it needs to render: its style sheets
    (and what they import or url()), scripts, images, icons and fonts. Counted once each.
    The search index and search worker load on demand and are counted by search_weight()."""
    weight = PageWeight(page.rel)
    weight.files[page.rel] = ("html", transfer_size(site.root / page.rel))
    queue = [urljoin(page.url, url) for _, url, _ in resources(page) if not is_external(url)
             and not url.startswith(("data:", "#"))]
    while queue:
        absolute = queue.pop(0)
        target = site.resolve(absolute)
        if target is None:
            weight.missing.append(absolute.removeprefix(_BASE))
            continue
        if target in weight.files:
            continue
        weight.files[target] = (_kind(target), transfer_size(site.root / target))
        if target.endswith(".css"):
            css = (site.root / target).read_text(encoding="utf-8", errors="replace")
            queue += [urljoin(_BASE + target, url) for url, _ in _css_urls(css)
                      if not is_external(url) and not url.startswith(("data:", "#"))]
    return weight


def on_interaction(page: HtmlPage) -> list[str]:
    """Addresses a page loads on the reader's first interaction, not at load: the scripts
    named by a loader's data-bundle (material_on_demand.js)."""
    return [str(tag["data-bundle"]) for tag in page.soup.find_all("script", attrs={"data-bundle": True})]


def interaction_weight(site: Site, page: HtmlPage) -> dict[str, int]:
    """gzip bytes of what *page* loads on the reader's first interaction."""
    sizes = {}
    for url in on_interaction(page):
        target = site.resolve(urljoin(page.url, url))
        if target is not None:
            sizes[target] = transfer_size(site.root / target)
    return sizes


def search_weight(site: Site) -> dict[str, int]:
    """gzip bytes of what the search box fetches when first used (index, worker script and
    the worker's support for the search languages other than English)."""
    sizes = {}
    index = site.root / "search" / "search_index.json"
    languages = ["en"]
    if index.is_file():
        sizes["search/search_index.json"] = transfer_size(index)
        languages = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang") or languages
    for worker in sorted((site.root / "assets" / "javascripts" / "workers").glob("search*.js")):
        sizes[worker.relative_to(site.root).as_posix()] = transfer_size(worker)
    wanted = lunr_files(languages)
    for support in sorted((site.root / LUNR_FOLDER).rglob("*.js")):
        if support.name in wanted:
            sizes[support.relative_to(site.root).as_posix()] = transfer_size(support)
    return sizes


def is_home(page: HtmlPage) -> bool:
    return page.rel == "index.html"


def check_page_weight(site: Site, home_budget: int = HOME_BUDGET, page_budget: int = PAGE_BUDGET,
                      kind_budgets: dict[str, int] = KIND_BUDGETS) -> list[Problem]:
    problems = []
    for page in site.content_pages():
        weight = page_weight(site, page)
        budget = home_budget if is_home(page) else page_budget
        if weight.total > budget:
            heaviest = sorted(weight.files.items(), key=lambda item: -item[1][1])[:3]
            detail = ", ".join(f"{rel} {size:,}" for rel, (_, size) in heaviest)
            problems.append(Problem(page.rel, None, f"needs {weight.total:,} gzip bytes to render, over the "
                                    f"budget of {budget:,} (heaviest: {detail})",
                                    "trim or lazy-load what this page loads"))
        for kind, limit in kind_budgets.items():
            size = weight.by_kind()[kind]
            if size > limit:
                files = ", ".join(f"{rel} {n:,}" for rel, (k, n) in weight.files.items() if k == kind)
                problems.append(Problem(page.rel, None, f"loads {size:,} gzip bytes of {kind} at start, over the "
                                        f"budget of {limit:,} ({files})",
                                        f"trim the {kind} or load it when it is first needed"))
    return problems


# --------------------------------------------------------------------------- gate: valid HTML (Nu checker)

# Messages of the Nu HTML Checker that come from Material's own markup, which our
# templates cannot change. Each is matched exactly (message text + element context).
VNU_IGNORED: list[tuple[re.Pattern, str]] = [
    # Material's base.html writes its drawer/search toggles as
    # <input type="checkbox" autocomplete="off"> (so Firefox does not restore their state
    # after a reload). The markup is in base.html's <body> outside any block we can override.
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                r"“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
                r"“search”, “tel”, “text”, “time”, “url”, or “week”\.$"),
     'type="checkbox"'),
]


def vnu_jar(root: Path) -> Path:
    return root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def java() -> str | None:
    return shutil.which("java")


def run_vnu(jar: Path, paths: list[Path]) -> list[dict]:
    """Run the Nu HTML Checker over *paths* (files or folders); its JSON messages."""
    cmd = [java() or "java", "-Xss4m", "-jar", str(jar), "--format", "json", "--skip-non-html",
           "--exit-zero-always", *map(str, paths)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"vnu.jar gave no JSON report:\n{result.stdout}\n{result.stderr}") from None


def _vnu_ignored(message: dict) -> bool:
    text = message.get("message", "")
    extract = message.get("extract", "")
    return any(pattern.match(text) and context in extract for pattern, context in VNU_IGNORED)


def check_html_valid(site_root: Path, jar: Path, paths: list[Path] | None = None) -> list[Problem]:
    """Errors (not warnings or info) of the Nu HTML Checker over the site's HTML."""
    problems = []
    for message in run_vnu(jar, paths or [site_root]):
        if message.get("type") not in ("error", "non-document-error") or _vnu_ignored(message):
            continue
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
        try:
            rel = path.resolve().relative_to(site_root.resolve()).as_posix()
        except ValueError:
            rel = str(path)
        problems.append(Problem(rel, message.get("lastLine") or message.get("firstLine"),
                                f"invalid HTML: {message.get('message', '')}",
                                f"fix the template or Markdown producing {message.get('extract', '').strip()!r}"))
    return problems
