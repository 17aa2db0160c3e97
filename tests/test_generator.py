"""``python -m explainer new PATH``: the explainer it writes builds strict and shows every feature.

The generated project is built once (``mkdocs build --strict`` in a temporary folder) and
read with a real parser: a glossary tooltip, a citation that reaches its source's entry, an
inline SVG diagram with its text version, and a myth page whose link preview is its own card.
What the checks expect comes from the generated files, not from copies here.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from explainer.myths.records import VERDICTS

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("index.md", "glossary.md", "sources.md", "myths.md")
DATA = ("sources.yml", "glossary.yml", "myths.yml", "anchors.lock")
FEATURE_PLUGINS = ("content_checks", "myths", "sources", "diagrams", "glossary", "anchors", "previews")


def explainer_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "explainer", *args], env=env, capture_output=True, text=True)


class _EnvTag(yaml.SafeLoader):
    """Reads mkdocs.yml's ``!ENV [NAME, default]`` as its default."""


_EnvTag.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvTag)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(project folder, what `new` printed)."""
    project = tmp_path_factory.mktemp("generator") / "my-explainer"
    result = explainer_cli("new", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result.stdout


@pytest.fixture(scope="module")
def build(generated, tmp_path_factory):
    """The generated explainer built strict: (site folder, the anchors the build published)."""
    project = tmp_path_factory.mktemp("build") / "project"
    shutil.copytree(generated[0], project)
    dump = project.parent / "anchors.json"
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PYTHONPATH")}
    env.update(SOURCE_DATE_EPOCH="1764288000", NO_MKDOCS_2_WARNING="1", EX_ANCHORS_DUMP=str(dump))
    site = project.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"the generated explainer does not build:\n{result.stdout}\n{result.stderr}"
    return site, json.loads(dump.read_text(encoding="utf-8"))


def load(project: Path, name: str):
    return yaml.safe_load((project / "data" / name).read_text(encoding="utf-8"))


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html5lib")


def target(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment that *href* on the page at *page_url* points to."""
    parts = urlsplit(urljoin(f"http://site/{page_url}", href))
    path = parts.path.lstrip("/")
    return site / (path + "index.html" if path.endswith("/") or not path else path), parts.fragment


def element(site: Path, page_url: str, href: str):
    file, fragment = target(site, page_url, href)
    assert file.is_file(), f"{href} from /{page_url} leads nowhere"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html5lib").find(id=fragment)


# --- the generated project ---

def test_new_writes_the_pages_data_and_prints_next_steps(generated):
    project, printed = generated
    for name in PAGES:
        assert (project / "docs" / name).is_file(), name
    for name in DATA:
        assert (project / "data" / name).is_file(), name
    assert "<!-- glossary -->" in (project / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert f"cd {project}" in printed
    assert "-m mkdocs serve" in printed and "-m mkdocs build --strict" in printed


def test_config_lists_the_plugins_and_no_hooks(generated):
    config = read_config(generated[0])
    assert "hooks" not in config
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert plugins[0] == "search"
    assert {f"explainer/{name}" for name in FEATURE_PLUGINS} <= set(plugins)
    assert config["theme"]["name"] == "material"


def test_example_source_is_a_real_source_of_this_explainer(generated):
    """The example cites an entry of this project's registry, passages and all, unchanged."""
    registry = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    own = {source["id"]: source for source in registry}
    examples = load(generated[0], "sources.yml")
    assert examples
    for source in examples:
        assert source == own.get(source["id"]), f"{source['id']} differs from data/sources.yml"


# --- the built site ---

def test_glossary_term_has_its_tooltip(generated, build):
    site, _ = build
    term = load(generated[0], "glossary.yml")[0]
    links = soup_of(site, "").select("article a.ex-term")
    assert links, "no glossary reference on the home page"
    link = links[0]
    assert link["title"].endswith(term["definition"]), link["title"]
    entry = element(site, "", link["href"])
    assert entry is not None and entry.get("id") == term["id"]


def test_citation_links_to_its_source_entry(generated, build):
    site, _ = build
    source = load(generated[0], "sources.yml")[0]
    cite = soup_of(site, "").select_one("article sup.ex-cite a.ex-cite__link")
    assert cite is not None, "no citation on the home page"
    assert source["title"] in cite["title"]
    entry = element(site, "", cite["href"])
    assert entry is not None and source["url"] in {a.get("href") for a in entry.find_all("a")}


def test_diagram_is_inline_svg_with_its_text_version(generated, build):
    site, _ = build
    fence = re.search(r"```mermaid\n(.*?)```", (generated[0] / "docs" / "index.md").read_text(encoding="utf-8"), re.S)
    description = re.search(r"accDescr \{(.*?)\}", fence.group(1), re.S).group(1)
    description = " ".join(re.sub(r"\[@[^\]]+\]", "", description).split())
    svg = soup_of(site, "").select_one("article figure svg")
    assert svg is not None and svg.get("role") == "img"
    for label in re.findall(r'\["([^"]+)"\]', fence.group(1)):
        assert label in svg.get_text(" "), label
    text = svg.find_parent("article").find(id=svg["aria-describedby"])
    assert text is not None
    assert description in " ".join(re.sub(r"\[\d+\]", "", text.get_text(" ")).split())


def test_myth_page_previews_with_its_own_card(generated, build):
    site, _ = build
    myth = load(generated[0], "myths.yml")[0]
    page = soup_of(site, f"myths/{myth['id']}/")

    def meta(soup, key):
        tag = soup.find("meta", attrs={"property": key})
        return tag["content"] if tag else None

    assert meta(page, "og:description") == myth["summary"]
    # The myth's own card (its claim and verdict), not the generic card every page gets.
    label = VERDICTS[myth["verdict"]][0]
    site_name = read_config(generated[0])["site_name"]
    assert meta(page, "og:image:alt") == f"{site_name}: the claim “{myth['claim']}” is rated {label}."
    image = meta(page, "og:image")
    assert image and myth["id"] in image
    assert image not in {meta(soup_of(site, url), "og:image") for url in ("", "myths/")}
    card = site / urlsplit(image).path.lstrip("/")
    assert card.is_file(), f"{image}: the card was not written"
    with Image.open(card) as drawn:
        assert (drawn.format, drawn.size) == ("PNG", (1200, 630))


def test_every_stylesheet_and_script_is_in_the_site(build):
    site, _ = build
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for tag, attr in (("link", "href"), ("script", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and "stylesheet" not in node.get("rel", []):
                    continue
                file, _ = target(site, page.parent.relative_to(site).as_posix() + "/", node[attr])
                assert file.is_file(), f"{page.relative_to(site)}: {node[attr]} is missing"


def test_anchors_lock_holds_what_the_build_publishes(generated, build):
    _, published = build
    lock = (generated[0] / "data" / "anchors.lock").read_text(encoding="utf-8")
    locked = {line.strip() for line in lock.splitlines() if line.strip() and not line.startswith("#")}
    assert locked == {entry for address, ids in published.items()
                      for entry in [address, *(f"{address}#{anchor}" for anchor in ids)]}


def test_anchors_command_records_a_new_heading_in_the_configured_lock(generated, tmp_path):
    """`python -m explainer anchors`, run in the explainer's folder: --check reports a heading the
    lock lacks (exit 1), --update adds it to the lock the anchors plugin is configured with."""
    project = tmp_path / "project"
    shutil.copytree(generated[0], project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin_line = re.search(r"^  - explainer/anchors\b[^\n]*$", text, re.M)
    assert plugin_line, "the generated mkdocs.yml lists no explainer/anchors plugin"
    config.write_text(text.replace(plugin_line.group(0),
                                   "  - explainer/anchors:\n      lock_file: data/links.lock"), encoding="utf-8")
    (project / "data" / "anchors.lock").rename(project / "data" / "links.lock")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n## A new part {#a-new-part}\n\nMore text.\n",
                    encoding="utf-8")

    def anchors(*args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        return subprocess.run([sys.executable, "-m", "explainer", "anchors", *args], cwd=project, env=env,
                              capture_output=True, text=True)

    check = anchors("--check")
    assert check.returncode == 1 and "1 not locked yet" in check.stdout, check.stdout + check.stderr
    update = anchors("--update")
    assert update.returncode == 0, update.stdout + update.stderr
    assert update.stdout.startswith("data/links.lock:") and "(1 added)" in update.stdout, update.stdout
    assert "/#a-new-part" in (project / "data" / "links.lock").read_text(encoding="utf-8").splitlines()
    assert not (project / "data" / "anchors.lock").exists()
    assert anchors("--check").returncode == 0


# --- refusals ---

def test_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = explainer_cli("new", str(folder))
    assert result.returncode != 0
    assert "not empty" in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no half-written folder left


def test_refuses_a_file_and_fills_an_empty_folder(tmp_path):
    file = tmp_path / "a-file"
    file.write_text("", encoding="utf-8")
    refused = explainer_cli("new", str(file))
    assert refused.returncode != 0 and "nothing was written" in refused.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    made = explainer_cli("new", str(empty))
    assert made.returncode == 0, made.stderr
    assert (empty / "mkdocs.yml").is_file()
