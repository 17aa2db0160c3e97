"""Quality gates over the built site: links, third-party resources, page weight, valid HTML.

Each gate runs over whatever the site contains (every HTML and CSS file), and each is
shown to fail on a real violation injected into a throw-away copy of a built page.
"""
from __future__ import annotations

import pytest

from support import quality_gates as quality
from support.quality_gates import Site
from support.quality_tools import ROOT, copy_site, incompressible_script, inject, vnu_jar


@pytest.fixture(scope="module")
def site(built_site) -> Site:
    return Site(built_site)


@pytest.fixture
def broken(built_site, tmp_path) -> Site:
    """A copy of the built site to break on purpose."""
    return Site(copy_site(built_site, tmp_path / "site"))


def site_stylesheet(site: Site) -> str:
    """The site's own stylesheet (the asset_bundle plugin names it by its content)."""
    names = sorted(p.name for p in (site.root / "assets" / "stylesheets").glob("site.*.css"))
    assert len(names) == 1, names
    return f"assets/stylesheets/{names[0]}"


# --------------------------------------------------------------------------- the real site

def test_every_internal_link_and_anchor_resolves(site):
    assert len(site.html_files()) >= 8
    problems = quality.check_links(site)
    assert not problems, "broken internal links:\n" + quality.report(problems)


def test_nothing_is_loaded_from_outside_the_site(site):
    problems = quality.check_external_resources(site)
    assert not problems, "third-party resources:\n" + quality.report(problems)


def test_every_page_fits_its_weight_budget(site):
    pages = site.content_pages()
    weights = {p.rel: quality.page_weight(site, p) for p in pages}
    assert "index.html" in weights
    for rel, weight in weights.items():
        assert not weight.missing, f"{rel} loads files that are not in the site: {weight.missing}"
        kinds = weight.by_kind()
        assert kinds["html"] > 0 and kinds["css"] > 0, f"{rel}: the weight must count the page and its CSS"
    problems = quality.check_page_weight(site)
    table = "\n".join(f"{rel}: {w.total:,} bytes gzip {w.by_kind()}" for rel, w in sorted(weights.items()))
    assert not problems, quality.report(problems) + "\n" + table
    assert weights["index.html"].total <= quality.HOME_BUDGET


def test_each_myth_page_fits_the_tighter_budget_of_a_linked_verdict(site):
    """What a reader following a forum link to one verdict downloads before they can act."""
    pages = [p for p in site.content_pages() if p.rel.startswith("myths/") and p.rel.count("/") == 2]
    assert len(pages) >= 5
    weights = {p.rel: quality.page_weight(site, p).total for p in pages}
    over = {rel: total for rel, total in weights.items() if total > quality.MYTH_PAGE_BUDGET}
    assert not over, f"over {quality.MYTH_PAGE_BUDGET:,} gzip bytes: {over}"


def test_search_index_is_counted_separately(site):
    search = quality.search_weight(site)
    assert "search/search_index.json" in search and search["search/search_index.json"] > 0
    for weight in (quality.page_weight(site, p) for p in site.content_pages()):
        assert "search/search_index.json" not in weight.files


def test_material_bundle_waits_for_the_first_interaction(site):
    """No page fetches Material's bundle at load: each names it to the loader, which comes
    after site.js (that starts the palette and holds search back first), and the named file
    exists."""
    for page in site.content_pages():
        fetched = [url for kind, url, _ in quality.resources(page) if kind == "script"]
        assert not [url for url in fetched if "/bundle." in url or url.startswith("bundle.")], page.rel
        named = quality.on_interaction(page)
        assert len(named) == 1 and "bundle." in named[0], f"{page.rel}: {named}"
        loader = [i for i, url in enumerate(fetched) if url.endswith("material_on_demand.js")]
        joined = [i for i, url in enumerate(fetched) if "/site." in url or url.startswith("site.")]
        assert len(loader) == 1 and len(joined) == 1 and joined[0] < loader[0], f"{page.rel}: {fetched}"
        weight = quality.interaction_weight(site, page)
        assert len(weight) == 1 and next(iter(weight.values())) > 20_000, f"{page.rel}: {weight}"
        assert not set(weight) & set(quality.page_weight(site, page).files), page.rel


def test_html_is_valid_for_the_nu_checker(site):
    jar = vnu_jar()
    problems = quality.check_html_valid(site.root, jar)
    assert not problems, "Nu HTML Checker errors:\n" + quality.report(problems)


# --------------------------------------------------------------------------- the gates catch real violations

def test_link_gate_catches_a_broken_link_and_a_missing_anchor(broken):
    inject(broken.root / "about" / "index.html", '<p><a href="../no-such-page/">gone</a></p>')
    inject(broken.root / "index.html", '<p><a href="sources/#no-such-source">gone</a></p>')
    inject(broken.root / "index.html", '<p><img src="assets/images/missing.png" alt="Missing"></p>')
    css = site_stylesheet(broken)
    (broken.root / css).open("a").write("\n.x { background: url(../images/nowhere.png); }\n")
    problems = [str(p) for p in quality.check_links(broken)]
    assert any(p.startswith("about/index.html:") and "'../no-such-page/'" in p for p in problems), problems
    assert any(p.startswith("index.html:") and "has no id 'no-such-source'" in p for p in problems), problems
    assert any(p.startswith("index.html:") and "missing.png" in p for p in problems), problems
    assert any(p.startswith(f"{css}:") and "nowhere.png" in p for p in problems), problems
    assert len(problems) == 4, problems


def test_external_gate_catches_fonts_cdn_scripts_preconnect_and_css_imports(broken):
    inject(broken.root / "index.html",
           '<link rel="preconnect" href="https://fonts.gstatic.com">'
           '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
           '<script src="https://unpkg.com/mermaid/dist/mermaid.min.js"></script>'
           '<img src="//cdn.example.com/x.png" alt="x"><p style="background: url(\'https://x.example/b.png\')">x</p>'
           # ordinary links may point anywhere:
           '<a href="https://example.com/">an ordinary link</a>', where="</body>")
    stylesheet = site_stylesheet(broken)
    (broken.root / stylesheet).open("a").write(
        '\n@import "https://cdn.example.com/a.css";\n'
        '@font-face { font-family: X; src: url(https://fonts.gstatic.com/x.woff2); }\n')
    problems = [str(p) for p in quality.check_external_resources(broken)]
    for needle in ("fonts.gstatic.com'", "fonts.googleapis.com", "unpkg.com", "//cdn.example.com/x.png",
                   "x.example/b.png"):
        assert any(p.startswith("index.html:") and needle in p for p in problems), (needle, problems)
    css = [p for p in problems if p.startswith(f"{stylesheet}:")]
    assert len(css) == 2, problems
    assert not any("example.com/'" in p for p in problems)
    assert len(problems) == 7, problems


def test_weight_gate_catches_a_200_kb_script(broken):
    page = "myths/index.html"
    assert quality.page_weight(broken, broken.page(page)).total < quality.PAGE_BUDGET - 10_000, "precondition"
    heavy = broken.root / "assets" / "javascripts" / "heavy.js"
    heavy.write_text(incompressible_script(200_000), encoding="utf-8")
    inject(broken.root / page, '<script src="../assets/javascripts/heavy.js"></script>', where="</body>")
    problems = [p for p in quality.check_page_weight(Site(broken.root)) if p.path == page]
    # Over the page's total and over the start-up script budget, both naming the file.
    assert len(problems) == 2 and all("assets/javascripts/heavy.js" in p.problem for p in problems), problems
    assert {"to render" in p.problem for p in problems} == {True, False}, problems


def test_weight_gate_holds_the_home_page_to_its_tighter_budget(broken):
    """With budgets set just above today's weights, a few KB more on the home page fail it,
    while the same page elsewhere would still pass the (larger) page budget."""
    home = quality.page_weight(broken, broken.page("index.html")).total
    budgets = {"home_budget": home + 1_000, "page_budget": home + 50_000}
    before = {p.path for p in quality.check_page_weight(broken, **budgets)}
    assert "index.html" not in before
    script = incompressible_script(4_000)  # about 3 KB gzip: base64 keeps ~3/4
    assert 1_000 < quality.gzip_size(script.encode()) < 50_000
    (broken.root / "assets" / "javascripts" / "extra.js").write_text(script, encoding="utf-8")
    inject(broken.root / "index.html", '<script src="assets/javascripts/extra.js"></script>', where="</body>")
    after = {p.path for p in quality.check_page_weight(Site(broken.root), **budgets)}
    assert after - before == {"index.html"}


def test_weight_gate_holds_style_sheets_and_start_up_scripts_to_their_budgets(broken):
    """A page well inside its total budget still fails when its CSS or its start-up
    script grows past the budget of that kind."""
    page = "about/index.html"
    weight = quality.page_weight(broken, broken.page(page))
    budgets = {"home_budget": 10**9, "page_budget": 10**9}
    assert not [p for p in quality.check_page_weight(broken, **budgets) if p.path == page], "precondition"
    css_room = quality.KIND_BUDGETS["css"] - weight.by_kind()["css"]
    noise = incompressible_script(int(css_room * 1.5)).replace("var heavy = ", "/* ").replace(";\n", " */\n")
    (broken.root / "assets" / "stylesheets" / "heavy.css").write_text(noise, encoding="utf-8")
    inject(broken.root / page, '<link rel="stylesheet" href="../assets/stylesheets/heavy.css">', where="</head>")
    problems = [str(p) for p in quality.check_page_weight(Site(broken.root), **budgets) if p.path == page]
    assert len(problems) == 1 and "of css at start" in problems[0] and "heavy.css" in problems[0], problems


def test_html_gate_catches_an_image_without_alt_and_bad_nesting(broken):
    jar = vnu_jar()
    page = broken.root / "blacklists" / "index.html"
    inject(page, '<p><img src="../assets/images/logo.svg"></p><ul><p>not a list item</p></ul>')
    problems = [str(p) for p in quality.check_html_valid(broken.root, jar, [page])]
    assert any("blacklists/index.html:" in p and "alt" in p for p in problems), problems
    assert any("“p” not allowed as child of element “ul”" in p for p in problems), problems


def test_html_gate_only_ignores_materials_checkbox_autocomplete(broken):
    """The one filtered message is filtered only on Material's checkbox toggles."""
    jar = vnu_jar()
    page = broken.root / "about" / "index.html"
    inject(page, '<p><input type="radio" name="r" autocomplete="off" aria-label="r"></p>')
    problems = [str(p) for p in quality.check_html_valid(broken.root, jar, [page])]
    assert len(problems) == 1 and "autocomplete" in problems[0], problems


# --------------------------------------------------------------------------- helpers

@pytest.mark.parametrize("url, external", [
    ("https://fonts.googleapis.com/css", True), ("//cdn.example.com/x.js", True),
    ("HTTP://EXAMPLE.COM/a.png", True), ("assets/x.css", False), ("../a/b.png", False),
    ("/assets/x.css", False), ("data:image/svg+xml,%3Csvg%3E", False), ("#frag", False),
])
def test_is_external(url, external):
    assert quality.is_external(url) is external


def test_css_urls_reads_quoted_unquoted_and_imports_but_not_comments():
    css = '/* url(https://no.example/x) */\na { background: url("a.png") }\n' \
          "@import 'b.css';\n@font-face { src: url(c.woff2) format('woff2') }"
    assert quality._css_urls(css) == [("a.png", 2), ("b.css", 3), ("c.woff2", 4)]


def test_build_speed_hook_is_on_and_raises_the_collector_thresholds():
    import gc

    from support.site import mkdocs_config

    from explainer.build_speed.plugin import BuildSpeedPlugin

    assert "explainer/build_speed" in [p if isinstance(p, str) else next(iter(p)) for p in mkdocs_config()["plugins"]]
    hook = BuildSpeedPlugin()
    hook.load_config({})
    before = gc.get_threshold()
    try:
        config = object()
        assert hook.on_config(config) is config
        assert gc.get_threshold()[0] >= 10_000
    finally:
        gc.set_threshold(*before)
