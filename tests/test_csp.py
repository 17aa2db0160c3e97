"""The Content-Security-Policy: how it is computed (explainer.csp), what the built site ships
(every page's <meta>, _headers), that the build refuses inline handlers, and that data
carrying a script payload is escaped in every output."""
from __future__ import annotations

import base64
import hashlib
import re
import zipfile

import pytest
import yaml

from explainer.csp import inline_cache
from explainer.csp import policy as csp
from support.project import run_build
from support.offline import built_bundle, full_build
from bs4 import BeautifulSoup
from support.site import parse

# Cloudflare Pages reads at most 100 rules and 2,000 characters a line of _headers.
MAX_RULES, MAX_LINE = 100, 2000


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


# --- explainer.csp on small inputs ---------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = "</p>";</script>
<script type="application/json">{"data": true}</script>
<script type="module">import "./x.js"</script>
<script src="site.js"></script>
<style>p { color: red }</style>
</head><body><p style="width: 1px; content: '&amp;'">x</p></body></html>"""


def test_runnable_inline_scripts_and_styles_are_found_as_the_browser_reads_them():
    found = csp.find_inline(PAGE)
    assert found.scripts == ['var a = "</p>";', 'import "./x.js"']  # not the JSON, not src=
    assert found.styles == ["p { color: red }"]
    assert found.style_attributes == ["width: 1px; content: '&'"]  # entities decoded
    assert found.handlers == []


def test_what_a_page_has_inline_is_cached_by_the_page(tmp_path, monkeypatch):
    kept = inline_cache.memo(tmp_path)
    found = inline_cache.find_inline(PAGE, kept)
    assert found == csp.find_inline(PAGE)
    assert [p.name for p in tmp_path.iterdir()] == [f"{kept.key(PAGE)}.json"]
    monkeypatch.setattr(csp, "find_inline", lambda html: pytest.fail("the page was parsed again"))
    assert inline_cache.find_inline(PAGE, inline_cache.memo(tmp_path)) == found
    other = PAGE.replace("color: red", "color: blue")
    with pytest.raises(pytest.fail.Exception):  # another page is parsed
        inline_cache.find_inline(other, kept)


def test_the_policy_hashes_exactly_what_is_inline():
    policy = csp.page_policy(csp.find_inline(PAGE))
    assert policy["script-src"] == ("'self'",) + tuple(sorted([_hash('var a = "</p>";'), _hash('import "./x.js"')]))
    assert set(policy["style-src"]) == {"'self'", "'unsafe-hashes'", _hash("p { color: red }"),
                                        _hash("width: 1px; content: '&'")}
    text = csp.serialize(policy)
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    assert _directives(text)["object-src"] == ["'none'"]


def test_without_style_attributes_there_is_no_unsafe_hashes():
    policy = csp.page_policy(csp.find_inline("<html><head><meta charset=utf-8></head><body></body></html>"))
    assert policy["style-src"] == ("'self'",) and policy["script-src"] == ("'self'",)


@pytest.mark.parametrize("markup, found", [
    ('<button onclick="go()">', "<button onclick>"),
    ('<svg><rect onload="x()"/></svg>', "<rect onload>"),
    ('<a href=" JavaScript:void(0)">', "<a href=javascript:>"),
])
def test_inline_handlers_are_reported(markup, found):
    assert csp.find_inline(markup).handlers == [found]


def test_the_meta_goes_right_after_the_charset_before_every_script():
    out = csp.insert_meta(PAGE, "<meta X>")
    assert out.index("<meta X>") == out.index('<meta charset="utf-8">') + len('<meta charset="utf-8">')
    assert out.index("<meta X>") < out.index("<script")
    with pytest.raises(ValueError, match="before <meta charset>"):
        csp.insert_meta("<head><script>x</script><meta charset=utf-8>", "<meta X>")
    with pytest.raises(ValueError, match="no <head>"):
        csp.insert_meta("<p>fragment</p>", "<meta X>")


def test_merge_keeps_every_source_once_keywords_first():
    a = {"script-src": ("'self'", "'sha256-b'"), "style-src": ("'self'",)}
    b = {"script-src": ("'self'", "'sha256-a'"), "style-src": ("'self'", "'unsafe-hashes'", "'sha256-c'")}
    assert csp.merge([a, b]) == {"script-src": ("'self'", "'sha256-a'", "'sha256-b'"),
                                 "style-src": ("'self'", "'unsafe-hashes'", "'sha256-c'")}


@pytest.mark.parametrize("path, hashed", [
    ("assets/javascripts/bundle.a5f9d56c.min.js", True),
    ("assets/javascripts/workers/search.a7633da7.min.js", True),
    ("assets/stylesheets/site.606cabee.css", True),
    ("assets/javascripts/uscc.js", False),
    ("assets/javascripts/bundle.a5f9d56c.min.js.map", False),
    ("assets/images/logo.svg", False),
])
def test_content_hashed_names(path, hashed):
    assert csp.is_content_hashed(path) is hashed


def test_headers_rules_match_like_the_hosts():
    rules = csp.parse_headers("# c\n/*\n  A: 1\n  B: x: y\n/assets/*\n  A: 2\n/\n  C: 3\n")
    assert csp.headers_for(rules, "/assets/x.js") == [("A", "1, 2"), ("B", "x: y")]
    assert csp.headers_for(rules, "/") == [("A", "1"), ("B", "x: y"), ("C", "3")]


# --- the built site ----------------------------------------------------------------

def _pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_carries_its_policy_before_any_script(built_site):
    pages = _pages(built_site)
    assert len(pages) >= 20
    for path in pages:
        soup = parse(path)
        metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, path
        head = list(soup.head.find_all(True))
        scripts = soup.find_all("script")
        assert head.index(metas[0]) < head.index(scripts[0]), f"{path}: a script comes before the policy"
        policy = _directives(metas[0]["content"])
        # Exactly the hashes of what this page runs inline, read with another parser (html5lib).
        runnable = [s.string or "" for s in scripts
                    if not s.get("src") and (s.get("type") or "").lower() in ("", "text/javascript", "module")]
        assert runnable, path
        assert sorted(policy["script-src"]) == sorted({"'self'"} | {_hash(t) for t in runnable}), path
        styles = {_hash(el["style"]) for el in soup.find_all(style=True)} | {_hash(s.string or "") for s in soup.find_all("style")}
        assert set(policy["style-src"]) - {"'self'", "'unsafe-hashes'"} == styles, path
        for name, sources in csp.BASE_POLICY.items():
            assert policy[name][:len(sources)] == list(sources), (path, name)
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sum(policy.values(), [])), path
        assert not soup.find(lambda tag: any(a.startswith("on") for a in tag.attrs)), path


def test_headers_file_gives_the_union_policy_and_safe_caching(built_site):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    rules = csp.parse_headers(text)
    assert len(rules) <= MAX_RULES and max(map(len, text.splitlines())) <= MAX_LINE
    site_wide = dict(csp.headers_for(rules, "/any/path"))
    policy = _directives(site_wide["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert site_wide["X-Content-Type-Options"] == "nosniff"
    assert site_wide["Strict-Transport-Security"].startswith("max-age=")
    assert {"Referrer-Policy", "Permissions-Policy"} <= set(site_wide)
    for path in _pages(built_site):
        meta = _directives(parse(path).select_one('meta[http-equiv="Content-Security-Policy"]')["content"])
        for name, sources in meta.items():
            assert set(sources) <= set(policy[name]), (path, name)  # the header never blocks what the page needs
    for file in (p for p in built_site.rglob("*") if p.is_file()):
        rel = file.relative_to(built_site).as_posix()
        address = csp.public_path(rel)
        setting = [pattern for pattern, headers in rules
                   if "Cache-Control" in dict(headers) and csp.headers_for([(pattern, headers)], address)]
        assert len(setting) <= 1, f"{rel}: Cache-Control from {setting} would be joined into one contradiction"
        cache = [v for n, v in csp.headers_for(rules, address) if n == "Cache-Control"]
        if csp.is_content_hashed(rel):
            assert cache == [csp.IMMUTABLE_CACHE], rel
        elif rel.endswith(".html"):
            assert cache == [csp.HTML_CACHE], rel
        else:
            assert "immutable" not in "".join(cache), rel
    assert any("assets/javascripts/workers/search." in r[0] for r in rules)  # Material's bundles too


def test_the_offline_bundle_carries_the_policy_that_holds_on_file_urls(tmp_path_factory):
    built = built_bundle(tmp_path_factory)
    pages = built.pages()
    assert any(p.name == "single-page.html" for p in pages)
    for path in pages:
        metas = parse(path).select('meta[http-equiv="Content-Security-Policy"]')
        assert [m["content"] for m in metas] == [csp.serialize(csp.OFFLINE_POLICY)], path
    assert not (built.folder / "_headers").exists() and (built.site / "_headers").is_file()


# --- the build refuses what the policy would block -----------------------------------

def test_an_inline_event_handler_stops_the_build(project_copy, tmp_path):
    page = project_copy / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<button onclick="alert(1)">Hi</button>\n', encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    # The raw-HTML policy (scripts/explainer/html_policy.py) refuses it first, with its line.
    assert re.search(r"docs/about\.md:\d+: the page contains an inline event handler \(onclick=\)", result.stderr), \
        result.stderr
    assert "put scripts in files under overrides/assets/javascripts/" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


# --- a script payload in the data is escaped everywhere ------------------------------

# Markup, and quotes that would end an attribute value. Glossary definitions refuse < and >
# at load time (plain text only), so they carry the quotes alone.
MARKUP = "<script>alert(7331)</script><img src=x onerror=alert(7331)>"
QUOTES = """" onmouseover="alert(7332)" data-x='"""
LIVE_MARKUP = ("<script>alert(7331)", "<img src=x onerror=alert(7331)")


def _plant(path, key: str, payload: str) -> None:
    """*payload* in *key* of the first entry of a YAML list file (after its first words, within the schema's length limits)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries[0][key] = f"{entries[0][key][:20].rstrip('. ')} {payload}"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _outputs(site, zip_path):
    for file in site.rglob("*"):
        # A ZIM stores entry titles as plain text, by the format's definition (Kiwix escapes them);
        # its pages are the offline build's, read here through the zip.
        if file.is_file() and file.suffix != ".zim":
            yield file.relative_to(site).as_posix(), file.read_bytes()
    with zipfile.ZipFile(zip_path) as bundle:
        for name in bundle.namelist():
            yield f"zip:{name}", bundle.read(name)


def _live_payload(soup) -> list[str]:
    """Elements or attributes the payloads would have created, had they not been escaped."""
    # A data block (type="application/json") is inert: it counts only if the payload's markup
    # survived in it unescaped (a "</script>" there would end the element early).
    found = [f"<script>{s.string}" for s in soup.find_all("script") if "alert(733" in (s.string or "")
             and (s.get("type", "text/javascript") not in ("application/json", "application/ld+json")
                  or "<" in s.string)]
    found += [f"<{t.name} {a}>" for t in soup.find_all(True) for a in t.attrs if a.startswith("on") or a == "data-x"]
    return found + [str(img) for img in soup.find_all("img", src="x")]


@pytest.mark.slow
@pytest.mark.parametrize("file, key, payload", [
    ("sources.yml", "title", MARKUP + QUOTES),
    ("glossary.yml", "definition", QUOTES),
    ("myths.yml", "claim", MARKUP + QUOTES),
])
def test_script_payloads_in_data_are_escaped_in_every_output(project_copy, tmp_path, file, key, payload):
    _plant(project_copy / "data" / file, key, payload)
    result = full_build(project_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    reached = []
    for name, content in _outputs(tmp_path / "site", next((tmp_path / "dist").glob("*.zip"))):
        text = content.decode("utf-8", errors="replace")
        if "alert(733" not in text:
            continue
        reached.append(name)
        if name.endswith(".html"):
            assert _live_payload(BeautifulSoup(text, "html5lib")) == [], f"{name}: a payload is live"
        else:  # JSON, the offline search index script, XML: markup there ends up in a page
            assert not any(raw in text for raw in LIVE_MARKUP), f"{name}: markup not escaped"
    # The payload did reach pages (and the search index) online and in the offline bundle.
    assert len(reached) >= 10 and any(n.startswith("zip:") for n in reached), reached
    assert "search/search_index.json" in reached
