"""One stylesheet and one script per page (explainer.asset_bundle, the explainer/asset_bundle plugin)."""
from __future__ import annotations

import re
import subprocess
import shutil
from pathlib import Path

import material
import pytest

from explainer.asset_bundle.join import bundle, minify
from support.site import ROOT, parse

PARTS_CSS = ["explainer.css", "diagrams.css", "glossary.css", "offline.css", "links.css", "uscc.css"]
PARTS_JS = ["glossary.js", "copylink.js"]


def test_parts_are_joined_in_order_under_a_content_hash():
    one = bundle("css", [("a.css", "a { color: red; }\n"), ("b.css", "b { color: blue; }")])
    assert re.fullmatch(r"assets/stylesheets/site\.[0-9a-f]{8}\.css", one.path)
    assert one.content.index("/* a.css */") < one.content.index("a{color:red}") < one.content.index("/* b.css */")
    assert one.parts == ("a.css", "b.css")
    assert bundle("css", [("a.css", "a { color: red; }\n"), ("b.css", "b { color: blue; }")]) == one
    other = bundle("css", [("a.css", "a { color: green; }\n"), ("b.css", "b { color: blue; }")])
    assert other.path != one.path  # a changed file is a new name: no stale cache


def test_scripts_cannot_run_into_each_other():
    """A script without a final ";" followed by one starting with "(" would call its value."""
    joined = bundle("js", [("a.js", "window.a = 1\nvar f = function () {}"), ("b.js", "(function () { window.b = 2; })();")])
    assert joined.path.startswith("assets/javascripts/site.") and joined.path.endswith(".js")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "-e", "var window = {};\n" + joined.content + "\nconsole.log(window.a, window.b)"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2"]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        bundle("png", [])


def test_every_page_loads_one_stylesheet_and_one_script_of_ours(built_site):
    css = js = None
    for path in sorted(built_site.rglob("*.html")):
        soup = parse(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect stub
        sheets = [link["href"].rsplit("/", 1)[-1] for link in soup.find_all("link", rel="stylesheet")]
        scripts = [s["src"].rsplit("/", 1)[-1] for s in soup.find_all("script", src=True)]
        ours = [s for s in sheets if s.startswith("site.")]
        assert len(ours) == 1 and not set(sheets) & set(PARTS_CSS), (path, sheets)
        assert len([s for s in scripts if s.startswith("site.")]) == 1 and not set(scripts) & set(PARTS_JS), \
            (path, scripts)
        css = css or ours[0]
        js = js or next(s for s in scripts if s.startswith("site."))
    text = (built_site / "assets" / "stylesheets" / css).read_text(encoding="utf-8")
    for name in PARTS_CSS:  # every part, in the listed order
        assert minify("css", (ROOT / "overrides" / "assets" / "stylesheets" / name).read_text(encoding="utf-8")) in text
    assert [text.index(f"/* assets/stylesheets/{n} */") for n in PARTS_CSS] == \
        sorted(text.index(f"/* assets/stylesheets/{n} */") for n in PARTS_CSS)
    script = (built_site / "assets" / "javascripts" / js).read_text(encoding="utf-8")
    for name in PARTS_JS:
        assert minify("js", (ROOT / "overrides" / "assets" / "javascripts" / name).read_text(encoding="utf-8")) in script
    # The parts themselves are not published.
    for name in PARTS_CSS:
        assert not (built_site / "assets" / "stylesheets" / name).exists()
    for name in PARTS_JS:
        assert not (built_site / "assets" / "javascripts" / name).exists()


def test_theme_scripts_of_their_own_are_minified_and_materials_left_as_they_are(built_site):
    """Scripts of overrides/ that stay files of their own (the loader of Material's bundle, the
    checker's script) are published minified; Material's own files are not touched."""
    scripts = built_site / "assets" / "javascripts"
    own = [p for p in sorted((ROOT / "overrides" / "assets" / "javascripts").glob("*.js"))
           if (scripts / p.name).is_file()]
    assert {"material_on_demand.js", "uscc.js"} <= {p.name for p in own}
    for source in own:
        text = source.read_text(encoding="utf-8")
        published = (scripts / source.name).read_text(encoding="utf-8")
        assert published == minify("js", text) and len(published) < len(text), source.name
    theme = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    bundles = sorted(theme.glob("bundle.*.min.js"))
    assert len(bundles) == 1
    assert (scripts / bundles[0].name).read_bytes() == bundles[0].read_bytes()
