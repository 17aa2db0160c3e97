"""One stylesheet and one script for every page, made from the site's small ones.

The site keeps one stylesheet and one script per concern (``explainer.css``,
``glossary.css`` … listed in ``mkdocs.yml``), which is easy to maintain but costs a
phone one request, and a round trip before the first paint, per file: measured with
Lighthouse (mobile), six stylesheets joined into one bring the first paint from 1.4–1.5 s
to 1.2 s. ``bundle()`` joins the parts in the listed order, each after a comment naming
it, under a name with a hash of the content (``assets/stylesheets/site.1a2b3c4d.css``),
so that a browser may cache it for as long as it likes and a changed file is a new name.
Each part is minified (rcssmin, rjsmin: comments and spacing go, which saves about a third of
the gzip bytes of our script on every page) and keeps a comment naming its file.

Only plain entries are joined: a script with attributes of its own (``type: module``,
``async``, ``defer``) stays a file of its own, in its place.
"""
from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

from explainer.asset_bundle import css_outline, css_prune

FOLDERS = {"css": "assets/stylesheets", "js": "assets/javascripts"}
NAME = "site"


@dataclass(frozen=True)
class Bundle:
    path: str                 # "assets/stylesheets/site.1a2b3c4d.css"
    content: str
    parts: tuple[str, ...]    # the joined files, in order


def bundle(kind: str, parts: list[tuple[str, str]]) -> Bundle:
    """Join *parts* ``[(path, text), …]`` of *kind* (``"css"`` or ``"js"``) into one file."""
    if kind not in FOLDERS:
        raise ValueError(f"kind must be one of {sorted(FOLDERS)}")
    pieces = []
    for path, text in parts:
        text = minify(kind, text)
        # A script must not run into the next one: "var f = function () {}" followed by
        # "(function () { … })()" would call f. The ";" ends the last statement.
        if kind == "js" and not text.endswith(";"):
            text += "\n;"
        pieces.append(f"/* {path} */\n{text}\n")
    content = "\n".join(pieces)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return Bundle(posixpath.join(FOLDERS[kind], f"{NAME}.{digest}.{kind}"), content,
                  tuple(path for path, _ in parts))


def minify(kind: str, text: str) -> str:
    """*text* without comments and needless spacing (what each part becomes in the bundle)."""
    return (rjsmin.jsmin(text) if kind == "js" else rcssmin.cssmin(text)).strip("\n")


def prune_theme_css(site: Path, stems: tuple[str, ...], cache_dir: Path | None = None,
                    pages_cache_dir: Path | None = None) -> dict[str, str]:
    """Trim the theme's style sheets ``assets/stylesheets/<stem>.<hash>.min.css`` in the
    built *site* to the rules its pages and scripts can match, then drop the custom
    properties nothing reads any more (explainer.asset_bundle.css_prune). Each is written under the hash
    of its new content, without its (no longer matching) source map. The sheets' outlines are
    cached in *cache_dir* (css_outline.cached_outline) and the names each page holds in
    *pages_cache_dir*; each keeps only this build's entries.
    Returns {old name: new name}."""
    folder = site / FOLDERS["css"]
    targets = [path for stem in stems for path in sorted(folder.glob(f"{stem}.*.min.css"))]
    if not targets:
        return {}
    names = css_prune.Names(gates=dict(MATERIAL_GATES))
    # A page, script or style sheet that is the same as in the last build is read, not parsed again.
    pages, outlines_kept = css_outline.memo(pages_cache_dir), css_outline.memo(cache_dir)
    for page in sorted(site.rglob("*.html")):
        names.add_page(pages.get(page.read_text(encoding="utf-8"), css_prune.page_names))
    for script in sorted(site.rglob("*.js")):
        if not _off_page(script.relative_to(site).as_posix()):
            names.add_words(pages.get(script.read_text(encoding="utf-8", errors="replace"), css_prune.script_words))
    outlines = {path: css_prune.prune_outline(outlines_kept.get(path.read_text(encoding="utf-8"), css_outline.outline),
                                              names)
                for path in targets}
    read_elsewhere: set[str] = set()
    for path in sorted(site.rglob("*.css")):
        if path not in outlines:  # the site's own sheets: read, kept as they are
            nodes = outlines_kept.get(path.read_text(encoding="utf-8"), css_outline.outline)
            read_elsewhere |= css_prune.properties_read(nodes)
    outlines = css_prune.drop_unused_outline_properties(outlines, read_elsewhere, names)
    pages.prune()
    outlines_kept.prune()
    renamed = {}
    for path, nodes in outlines.items():
        content = css_prune.render(nodes)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
        stem = path.name.split(".", 1)[0]
        fresh = path.with_name(f"{stem}.{digest}.min.css")
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        fresh.write_text(content, encoding="utf-8")
        renamed[path.name] = fresh.name
    return renamed


# Names Material's script (9.x) writes only for a feature some page has; without the feature,
# its words keep no rule. Code blocks (<pre>) get copy/select buttons and annotations;
# annotated blocks (class "annotate") and the feature content.tooltips get tooltips; the
# version selector needs "version" in the page's configuration (extra.version); repository
# facts fill the header's .md-source (repo_url); pymdownx.tabbed writes .tabbed-set.
MATERIAL_GATES = {
    "md-annotation": ("tag:pre", "class:annotate"),
    "md-code__": ("tag:pre",),
    "md-clipboard": ("tag:pre",),
    "md-tooltip": ("tag:pre", "class:annotate", "feature:content.tooltips", "feature:content.footnote.tooltips"),
    "md-version": ("config:version",),
    "md-source": ("class:md-source",),
    "md-status": ("class:md-status",),
    "tabbed-": ("class:tabbed-set",),
}

# Scripts that never touch a page: Material's search worker and the word splitters it loads
# (lunr). Their words (thousands of stems and identifiers) would keep rules alive for nothing.
OFF_PAGE_SCRIPTS = ("assets/javascripts/workers/", "assets/javascripts/lunr/")


def _off_page(rel: str) -> bool:
    return rel.startswith(OFF_PAGE_SCRIPTS)
