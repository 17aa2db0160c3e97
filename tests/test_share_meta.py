"""What a shared link carries besides its card: a myth's publication dates (from git, never the
clock) and PNG icons (favicon, apple-touch-icon) drawn from the SVG favicon."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from explainer.core.errors import ContentError
from explainer.previews import icons
from explainer.myths import record_dates
from support.project import ROOT, run_build

MYTHS = yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


# --- dates --------------------------------------------------------------------------------------

def _commit(repo: Path, text: str, seconds: int) -> None:
    (repo / "data" / "myths.yml").write_text(text, encoding="utf-8")
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{seconds} +0000", GIT_COMMITTER_DATE=f"@{seconds} +0000",
               GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@e.org", GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@e.org")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=repo, check=True, env=env)


@pytest.fixture
def repo(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    (tmp_path / "data").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def test_dates_follow_each_records_own_history(repo):
    _commit(repo, "- id: a\n  claim: one\n", 1_000_000)
    _commit(repo, "- id: a\n  claim: one\n- id: b\n  claim: two\n", 2_000_000)
    # Comments, quoting and order are not changes; b's claim is.
    _commit(repo, "# note\n- id: b\n  claim: 'two, revised'\n- id: a\n  claim: \"one\"\n", 3_000_000)
    dates = record_dates.record_dates(repo, "data/myths.yml", epoch=9_000_000)
    assert dates["a"] == record_dates.Dates(1_000_000, 1_000_000)
    assert dates["b"] == record_dates.Dates(2_000_000, 3_000_000)
    # Clamped to SOURCE_DATE_EPOCH: never later than the build says it is.
    assert record_dates.record_dates(repo, "data/myths.yml", epoch=2_500_000)["b"] == record_dates.Dates(2_000_000, 2_500_000)
    # Changed or added in the working copy, not committed: SOURCE_DATE_EPOCH.
    (repo / "data" / "myths.yml").write_text("- id: a\n  claim: one!\n- id: b\n  claim: two, revised\n- id: c\n  claim: x\n",
                                             encoding="utf-8")
    dates = record_dates.record_dates(repo, "data/myths.yml", epoch=9_000_000)
    assert dates["a"] == record_dates.Dates(1_000_000, 9_000_000)
    assert dates["b"] == record_dates.Dates(2_000_000, 3_000_000)
    assert dates["c"] == record_dates.Dates(9_000_000, 9_000_000)
    assert record_dates.iso(3_000_000) == "1970-02-04T17:20:00Z"


def test_without_git_history_every_date_is_source_date_epoch(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "myths.yml").write_text("- id: a\n  claim: one\n", encoding="utf-8")
    assert record_dates.record_dates(tmp_path, "data/myths.yml", 1_764_288_000) == {
        "a": record_dates.Dates(1_764_288_000, 1_764_288_000)}


def test_myth_pages_carry_article_times_and_other_pages_do_not(built_site):
    for myth in MYTHS:
        page = _soup(built_site / "myths" / myth["id"] / "index.html")
        published = page.find("meta", property="article:published_time")["content"]
        modified = page.find("meta", property="article:modified_time")["content"]
        assert ISO.match(published) and ISO.match(modified) and published <= modified
    for path in ("index.html", "myths/index.html", "blacklists/index.html"):
        assert _soup(built_site / path).find("meta", property="article:published_time") is None


# --- icons --------------------------------------------------------------------------------------

def test_png_favicon_and_apple_touch_icon_are_linked_and_drawn(built_site):
    for path in ("index.html", "myths/national-law-passed/index.html"):
        page = built_site / path
        head = _soup(page).head
        for icon in icons.ICONS:
            link = head.find("link", rel=icon.rel, type="image/png")
            assert link is not None, f"{path}: no <link rel={icon.rel}> PNG"
            assert link["sizes"] == f"{icon.size}x{icon.size}"
            target = (page.parent / link["href"]).resolve()
            image = Image.open(io.BytesIO(target.read_bytes()))
            assert image.format == "PNG" and image.size == (icon.size, icon.size)
            assert not image.info.keys() - {"transparency"}
            # Drawn from the SVG: the brand colour in the middle of the left edge, white strokes.
            rgba = image.convert("RGBA")
            edge = rgba.getpixel((icon.size // 10, icon.size // 2))
            assert all(abs(a - b) <= 3 for a, b in zip(edge, (140, 47, 27, 255))), edge
            assert min(rgba.getpixel((icon.size // 3, round(icon.size * 12 / 24)))[:3]) >= 250  # a stroke
            corner = rgba.getpixel((0, 0))
            assert corner[3] == 0 if icon.background is None else corner[:3] != (0, 0, 0), corner
    touch = Image.open(built_site / "assets" / "images" / "apple-touch-icon.png")
    assert "transparency" not in touch.info and touch.mode != "RGBA"  # opaque: iOS shows transparency as black


def test_a_broken_favicon_stops_the_build_with_its_file(project_copy, tmp_path):
    favicon = project_copy / "overrides" / "assets" / "images" / "favicon.svg"
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous build", encoding="utf-8")
    favicon.write_text("<svg this is not", encoding="utf-8")
    result = run_build(project_copy, site)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "overrides/assets/images/favicon.svg: the favicon SVG cannot be read" in output
    assert "Traceback" not in output
    assert (site / "keep.txt").read_text(encoding="utf-8") == "previous build"


def test_icons_are_drawn_once_and_read_from_the_cache_after(tmp_path, monkeypatch):
    svg = (ROOT / "overrides" / "assets" / "images" / "favicon.svg").read_bytes()
    icon = icons.ICONS[0]
    drawn, key = icons.render_cached(svg, icon, "favicon.svg", tmp_path)
    assert drawn == icons.render(svg, icon, "favicon.svg")
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.png"]
    monkeypatch.setattr(icons, "render", lambda *args: pytest.fail("drawn again"))
    assert icons.render_cached(svg, icon, "favicon.svg", tmp_path) == (drawn, key)
    assert icons.cache_key(svg.replace(b"<svg", b"<svg data-x='1'", 1), icon) != key
    assert icons.cache_key(svg, icons.ICONS[1]) != key


def test_a_broken_favicon_is_reported_every_time_and_never_cached(tmp_path):
    for _ in range(2):
        with pytest.raises(ContentError, match="cannot be read"):
            icons.render_cached(b"<not svg", icons.ICONS[0], "favicon.svg", tmp_path)
    assert not tmp_path.exists() or not list(tmp_path.iterdir())
