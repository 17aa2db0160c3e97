"""The theme style sheet keeps every rule a built page can match and loses the others
(explainer.css_prune, run by the asset_bundle plugin after the build)."""
from __future__ import annotations

import gzip
from pathlib import Path

import material
import pytest
import soupsieve
import tinycss2
from bs4 import BeautifulSoup

from explainer.asset_bundle import css_outline, css_prune, join
from support import quality_gates as quality

MATERIAL_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"),
                    None)

PAGE = """<!doctype html><html><body class="page">
<nav id="top" data-state="open"><a class="link link--here" href="#">x</a></nav>
<svg><path d="M0 0"/></svg></body></html>"""

CSS = """\
.page{color:red}
.gone{color:blue}
#top > .link{margin:0}
#bottom .link{margin:1px}
[data-state=open] a{padding:0}
[data-missing] a{padding:1px}
table td{border:0}
.gone, .link--here{font-weight:bold}
.link:not(.gone):hover{color:green}
.made-by-script{color:olive}
.tip--warning{color:orange}
svg path{fill:none}
ns|a{color:teal}
@media (min-width: 10em){.gone{color:blue}.page{color:black}}
@media print{.gone{display:none}}
@font-face{font-family:x;src:local(x)}
@keyframes spin{from{opacity:0}to{opacity:1}}
/* a comment */
/*! a licence */
"""


SCRIPT = 'el.classList.add("made-by-script"); tip.className = "tip--" + kind;'


def _names() -> css_prune.Names:
    names = css_prune.Names()
    names.add_html(PAGE)
    names.add_script(SCRIPT)
    return names


def _selectors(css: str) -> set[str]:
    found = set()

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.update(tinycss2.serialize(s).strip() for s in css_outline.split_selectors(rule.prelude))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                walk(tinycss2.parse_rule_list(rule.content))
    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def test_rules_no_page_can_match_go_and_the_rest_stay():
    out = css_prune.prune(CSS, _names())
    assert _selectors(out) == {
        ".page", "#top > .link", "[data-state=open] a", ".link--here", ".link:not(.gone):hover",
        ".made-by-script", ".tip--warning", "svg path", "ns|a"}
    assert "@media print" not in out          # emptied: dropped
    assert "@media (min-width: 10em){.page{color:black}}" in out
    assert "@font-face{font-family:x;src:local(x)}" in out
    assert "@keyframes spin{from{opacity:0}to{opacity:1}}" in out
    assert "a comment" not in out and "/*! a licence */" in out


def test_the_built_theme_css_keeps_every_rule_a_page_matches(built_site):
    """Every selector of Material's full style sheet that matches an element of a built page
    (as far as soupsieve can evaluate it) is still in the trimmed one."""
    assert MATERIAL_CSS is not None, "Material's style sheet is not where pip installs it: update MATERIAL_CSS"
    trimmed = sorted((built_site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(trimmed) == 1, trimmed
    full_text = MATERIAL_CSS.read_text(encoding="utf-8")
    kept_text = trimmed[0].read_text(encoding="utf-8")
    assert len(gzip.compress(kept_text.encode())) < 0.8 * len(gzip.compress(full_text.encode()))
    assert quality.gzip_size(kept_text.encode()) <= quality.THEME_CSS_BUDGET
    assert not (built_site / "assets" / "stylesheets" / (MATERIAL_CSS.name)).exists()
    kept = _selectors(kept_text)
    dropped = _selectors(full_text) - kept
    assert dropped
    pages = [BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
             for path in sorted(built_site.rglob("*.html"))]
    wrongly = []
    for selector in sorted(dropped):
        plain = selector.split("::", 1)[0]
        for pseudo in (":hover", ":focus-visible", ":focus-within", ":focus", ":active", ":visited",
                       ":target", ":checked", ":disabled", ":placeholder-shown", ":valid", ":invalid"):
            plain = plain.replace(pseudo, "")
        try:
            compiled = soupsieve.compile(plain or "*")
        except Exception:  # noqa: BLE001 - what soupsieve cannot read is not checked here
            continue
        if any(compiled.select_one(page) for page in pages):
            wrongly.append(selector)
    assert not wrongly, f"rules dropped although a page matches them: {wrongly[:20]}"
    # Every page links the trimmed file, none the original.
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert MATERIAL_CSS.name not in text, path


def test_an_attribute_selector_with_a_value_needs_that_value_on_a_page_or_in_a_script():
    css = ("[data-state=open] a{padding:0}[data-state=closed] a{padding:1px}[data-state=shut] b{margin:0}"
           '[data-state="two words"] a{margin:1px}[data-state~=closed] a{margin:2px}[data-scheme=slate] a{color:red}')
    names = _names()
    names.add_script('el.setAttribute("data-scheme", "slate");')
    out = css_prune.prune(css, names)
    assert _selectors(out) == {"[data-state=open] a", '[data-state="two words"] a', "[data-state~=closed] a",
                               "[data-scheme=slate] a"}


def test_custom_properties_nothing_reads_go_until_none_is_left():
    main = (":root{--used:red;--chain:var(--leaf);--leaf:blue;--dead:url(x);--read-by-site:1px;"
            "--read-by-script:0;--read-by-page:2px}"
            ".page{color:var(--used)}.gone{background:var(--chain)}"
            "@media (min-width: 10em){:root{--only-dead:1}.page{margin:var(--only-dead-nowhere, 0)}}")
    names = _names()
    names.add_html('<p style="margin: var(--read-by-page)">x</p>')
    names.add_script('root.style.setProperty("--read-by-script", "1");')
    pruned = css_prune.prune(main, names)           # .gone goes, so --chain and then --leaf are unread
    out = css_prune.drop_unused_properties({"main": pruned}, [".x{border-width:var(--read-by-site)}"], names)["main"]
    kept = css_prune.declared_properties(out)
    assert kept == {"--used", "--read-by-site", "--read-by-script", "--read-by-page"}, out
    assert ":root{--only-dead" not in out and ".page{color:var(--used)}" in out
    assert "@media (min-width: 10em){.page{margin:var(--only-dead-nowhere, 0)}}" in out


def test_a_gated_script_word_counts_only_when_a_page_has_the_feature():
    css = ".md-code__button{margin:0}.md-version{margin:1px}.md-tooltip2{margin:2px}.made-by-script{color:olive}"
    script = 'x("button",{class:"md-code__button"});x("div",{class:"md-version"});x("div",{class:"md-tooltip2"})'
    gates = {"md-code__": ("tag:pre",), "md-version": ("config:version",), "md-tooltip": ("feature:content.tooltips",)}

    def kept(page: str) -> set[str]:
        names = css_prune.Names(gates=gates)
        names.add_html(page)
        names.add_script(script + ';el.classList.add("made-by-script")')
        return _selectors(css_prune.prune(css, names))

    config = '<script id="__config" type="application/json">{"features": %s, "version": %s}</script>'
    assert kept(PAGE + config % ('["toc.follow"]', "null")) == {".made-by-script"}
    assert kept(PAGE + "<pre><code>x</code></pre>" + config % ("[]", "null")) == {".made-by-script", ".md-code__button"}
    assert kept(PAGE + config % ('["content.tooltips"]', '{"provider": "mike"}')) == {
        ".made-by-script", ".md-version", ".md-tooltip2"}
    with pytest.raises(ValueError, match="unknown evidence"):
        css_prune.Names(gates={"x": ("nonsense:y",)}, words={"x-y"}).has_class("x-y")


# --------------------------------------------------------------------------- the outline and its cache

def _site_with(tmp_path: Path, css: str) -> Path:
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "site.js").write_text(SCRIPT, encoding="utf-8")
    (site / "assets" / "stylesheets" / "main.00000000.min.css").write_text(css, encoding="utf-8")
    return site


def _pruned_theme(site: Path, cache: Path | None) -> str:
    renamed = join.prune_theme_css(site, ("main",), cache, cache / "pages" if cache else None)
    return (site / "assets" / "stylesheets" / renamed["main.00000000.min.css"]).read_text(encoding="utf-8")


def _uncached(css: str) -> str:
    names = _names()
    names.gates = dict(join.MATERIAL_GATES)
    return css_prune.drop_unused_properties({"main": css_prune.prune(css, names)}, [], names)["main"]


def test_the_outline_is_cached_and_read_back_on_the_next_build(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = _pruned_theme(_site_with(tmp_path / "a", CSS), cache)
    assert first == _uncached(CSS)
    entries = sorted(cache.rglob("*.json"))
    kept = css_outline.memo(cache)
    assert {p.name for p in entries} == {kept.key(text) + ".json" for text in (CSS, PAGE, SCRIPT)}

    def no_parsing(text):
        raise AssertionError("parsed again instead of read from the cache")
    monkeypatch.setattr(css_outline, "outline", no_parsing)
    monkeypatch.setattr(css_prune, "page_names", no_parsing)
    monkeypatch.setattr(css_prune, "script_words", no_parsing)
    assert _pruned_theme(_site_with(tmp_path / "b", CSS), cache) == first
    assert sorted(cache.rglob("*.json")) == entries


def test_the_cache_is_keyed_by_the_css_and_the_code_and_keeps_only_what_a_build_used(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _pruned_theme(_site_with(tmp_path / "a", CSS), cache)
    changed = CSS + ".page .link{color:navy}\n"
    kept = css_outline.memo(cache)
    assert kept.key(changed) != kept.key(CSS)
    assert ".page .link{color:navy}" in _pruned_theme(_site_with(tmp_path / "b", changed), cache)
    assert [p.name for p in cache.glob("*.json")] == [kept.key(changed) + ".json"]  # the old one went
    changed_page = PAGE.replace('class="page"', 'class="page other"')
    site = _site_with(tmp_path / "c", changed)
    (site / "index.html").write_text(changed_page, encoding="utf-8")
    _pruned_theme(site, cache)
    pages = {p.name for p in (cache / "pages").iterdir()}
    assert pages == {kept.key(text) + ".json" for text in (changed_page, SCRIPT)}
    monkeypatch.setattr(css_outline, "code_version", lambda: b"a new version of the code")
    assert css_outline.memo(cache).key(CSS) != kept.key(CSS)


def test_a_damaged_or_unwritable_cache_still_builds_the_same(tmp_path):
    expected = _uncached(CSS)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / (css_outline.memo(cache).key(CSS) + ".json")).write_text("{not json", encoding="utf-8")
    assert _pruned_theme(_site_with(tmp_path / "a", CSS), cache) == expected
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    assert _pruned_theme(_site_with(tmp_path / "b", CSS), blocked) == expected


def test_a_custom_property_declared_where_nothing_is_dropped_ends_the_pruning(monkeypatch):
    """A custom property declared inside an at-rule's own block (here @font-face) counts as
    declared, but no rule of it is dropped: the pruning stops instead of trying again forever."""
    import signal

    def too_long(*_):
        raise AssertionError("drop_unused_properties did not finish within 10 s")
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(10)
    try:
        css = "@font-face{--never-read:1px;font-family:x}.md-typeset{--unread:2px;color:red}"
        out = css_prune.drop_unused_properties({"main": css}, [], _names())["main"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "--unread" not in out and "color:red" in out
    assert "@font-face" in out


def test_a_custom_property_read_only_in_keyframes_is_kept():
    css = ("@keyframes spin{0%{color:var(--only-in-keyframes)}to{color:red}}"
           ".md-typeset{--only-in-keyframes:blue;--unread:1px}")
    out = css_prune.drop_unused_properties({"main": css}, [], _names())["main"]
    assert "--only-in-keyframes:blue" in out and "--unread" not in out
