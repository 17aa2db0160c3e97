"""Build-time cost of the glossary: a generated 1,000-page site built with the glossary
plugin on and off, in the same run. Budget: the glossary may add at most 10 %.

``measure(pages=1000, repeat=1, baseline="site")`` returns a dict: name, baseline, pages,
off_seconds, on_seconds (CPU time of the build process, steadier than wall time on a busy
machine), off_wall_seconds, on_wall_seconds, ratio (on / off, CPU), overhead_percent,
budget_percent, within_budget, references (glossary references in the "on" build).
``python bench/glossary_bench.py [--pages N] [--repeat R] [--baseline site|minimal]``
prints it as JSON (exit code 1 when over budget).

The generated pages reuse the body text of the real pages, so the matcher sees the real
density of terms (about 20 references a page). Both builds use the same theme, Markdown
extensions and search plugin; the only difference is the glossary plugin and its CSS and JS.

- ``full``: the real project (``mkdocs.yml`` with all its plugins, overrides and pages) plus
  the generated pages; "off" is the same config without the glossary plugin and assets.
  A first, untimed build fills the diagram and card caches.
- ``site`` (default): pages keep their ``[@id]`` citations and both builds run the
  citations plugin, as every page of this site does; no other plugin.
- ``minimal``: citations removed and no other plugin: the cheapest possible page, so the
  glossary's share is as large as it gets.

``site`` and ``minimal`` also run the site's garbage-collector setting
(the explainer/build_speed plugin) and its search view (explainer/search_view) in
both variants, as the real build does.

Each build runs ``mkdocs build`` in a fresh process; with ``repeat`` > 1 the builds
alternate (off, on, on, off, …) and the fastest of each is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_PERCENT = 10.0
SOURCE_PAGES = ["index.md", "sesame-credit.md", "social-credit-codes.md", "blacklists.md", "local-scores.md",
                "about.md"]

CONFIG = """\
site_name: Glossary benchmark
site_url: https://bench.example.org/
docs_dir: docs
theme:
  name: material
  custom_dir: overrides
  font: false
  features: [navigation.footer, navigation.top, search.highlight, toc.follow]
nav:
  - Home: index.md
  - Glossary: glossary.md
not_in_nav: |
  /p*.md
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: "#"
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
"""

# How the site builds, in both variants of every baseline (when the project has them): its
# garbage-collector setting and what its search plugin reads (glossary links unwrapped,
# citation marks left out).
BUILD_SPEED = "explainer/build_speed"
SEARCH_VIEW = "explainer/search_view"
BASELINE_HOOKS = {"full": None, "site": ["explainer/sources"], "minimal": []}
GLOSSARY_HOOK = "explainer/glossary"
GLOSSARY_ASSETS = """\
extra_css:
  - assets/stylesheets/glossary.css
extra_javascript:
  - assets/javascripts/glossary.js
"""


def _body(markdown: str, citations: bool) -> str:
    """A page's Markdown without front matter, markers and its h1 (and citations)."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    if not citations:
        markdown = re.sub(r"\[@[^\]]+\]", "", markdown)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    markdown = re.sub(r"^# .*$", "", markdown, flags=re.M)
    markdown = re.sub(r"\]\(([a-z-]+)\.md(#[^)]*)?\)", r"](index.md)", markdown)  # links stay valid
    return markdown.strip()


def _full_project(dest: Path, pages: int) -> Path:
    """The real project (all plugins, overrides, config) plus *pages* generated pages."""
    from support.project import copy_project  # tests/support/: the project copy the tests make
    project = copy_project(dest)
    docs = project / "docs"  # beside the real pages, so that their relative links resolve
    for number in range(pages):
        body = _body((ROOT / "docs" / SOURCE_PAGES[number % len(SOURCE_PAGES)]).read_text(encoding="utf-8"), True)
        (docs / f"gen-{number:04d}.md").write_text(
            f"---\ntitle: Generated page {number}\ndescription: A generated page for the glossary benchmark, "
            f"number {number}.\n---\n\n# Generated page {number} {{#top}}\n\n{body}\n", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8") + "\nnot_in_nav: |\n  /gen-*.md\n"
    (project / "mkdocs.on.yml").write_text(config, encoding="utf-8")
    off = [line for line in config.splitlines(keepends=True)
           if not re.match(r"\s*- (explainer/glossary|assets/(stylesheets|javascripts)/glossary\.(css|js))\b",
                           line)]
    (project / "mkdocs.off.yml").write_text("".join(off), encoding="utf-8")
    # Without the plugin the glossary page has no entries: let the anchor lock forget them.
    lock = project / "data" / "anchors.lock"
    if lock.is_file():
        lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
        lock.write_text("".join(line for line in lines if not line.startswith("/glossary/#")
                                or line.strip() == "/glossary/#top"), encoding="utf-8")
    return project


def make_project(dest: Path, pages: int = 1000, baseline: str = "site") -> Path:
    """A throw-away project: the real glossary, sources and plugins, and *pages* pages."""
    if baseline == "full":
        return _full_project(dest, pages)
    citations = baseline == "site"
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("scripts", "data"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    overrides = dest / "overrides" / "assets"
    for sub, name in (("stylesheets", "glossary.css"), ("javascripts", "glossary.js")):
        (overrides / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "overrides" / "assets" / sub / name, overrides / sub / name)
    docs = dest / "docs"
    docs.mkdir()
    bodies = [_body((ROOT / "docs" / name).read_text(encoding="utf-8"), citations) for name in SOURCE_PAGES]
    if citations:
        shutil.copy2(ROOT / "docs" / "sources.md", docs / "sources.md")
    (docs / "index.md").write_text("# Benchmark\n\n" + bodies[0] + "\n", encoding="utf-8")
    (docs / "glossary.md").write_text("# Glossary\n\n<!-- glossary -->\n", encoding="utf-8")
    width = len(str(pages))
    for number in range(1, pages - 1):
        body = bodies[number % len(bodies)]
        (docs / f"p{number:0{width}d}.md").write_text(f"# Page {number}\n\n{body}\n", encoding="utf-8")
    nav = "  - Sources: sources.md\n" if citations else ""
    config = CONFIG.replace("not_in_nav:", nav + "not_in_nav:")
    base = [BUILD_SPEED, SEARCH_VIEW] + BASELINE_HOOKS[baseline]
    for variant, plugins in (("off", base), ("on", base + [GLOSSARY_HOOK])):
        text = config + "".join(f"  - {h}\n" for h in plugins)  # CONFIG ends with its plugins: list
        if variant == "on":
            text += GLOSSARY_ASSETS
        (dest / f"mkdocs.{variant}.yml").write_text(text, encoding="utf-8")
    return dest


def _build(project: Path, variant: str) -> float:
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"),
               NO_MKDOCS_2_WARNING="1")
    site = project / f"site-{variant}"
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
                                    "--config-file", str(project / f"mkdocs.{variant}.yml"), "--site-dir", str(site)],
                                   cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        # The rusage of this build alone: RUSAGE_CHILDREN would also count any other child
        # of the calling process that happens to be reaped meanwhile (make bench starts many).
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise RuntimeError(f"the {variant} build failed:\n{out.read().decode('utf-8', 'replace')}")
    return usage.ru_utime + usage.ru_stime, elapsed


def measure(pages: int = 1000, repeat: int = 1, baseline: str = "site", workdir: str | Path | None = None) -> dict:
    """Build the generated site with the glossary off and on; times, ratio and budget."""
    if baseline not in BASELINE_HOOKS:
        raise ValueError(f"baseline must be one of {sorted(BASELINE_HOOKS)}")
    temp = Path(tempfile.mkdtemp(prefix="glossary-bench-", dir=workdir))
    try:
        project = make_project(temp / "project", pages, baseline)
        if baseline == "full":
            _build(project, "off")  # untimed: fills the diagram and preview-card caches for both
        cpu: dict[str, list[float]] = {"off": [], "on": []}
        wall: dict[str, list[float]] = {"off": [], "on": []}
        for round_ in range(repeat):
            order = ("off", "on") if round_ % 2 == 0 else ("on", "off")
            for variant in order:
                used, elapsed = _build(project, variant)
                cpu[variant].append(used)
                wall[variant].append(elapsed)
        references = sum(path.read_text(encoding="utf-8").count('class="ex-term"')
                         for path in (project / "site-on").rglob("*.html"))
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    off, on = min(cpu["off"]), min(cpu["on"])
    ratio = on / off
    return {
        "name": "glossary build overhead",
        "baseline": baseline,
        "pages": pages,
        "repeat": repeat,
        "off_seconds": round(off, 2),
        "on_seconds": round(on, 2),
        "off_wall_seconds": round(min(wall["off"]), 2),
        "on_wall_seconds": round(min(wall["on"]), 2),
        "ratio": round(ratio, 3),
        "overhead_percent": round((ratio - 1) * 100, 1),
        "budget_percent": BUDGET_PERCENT,
        "within_budget": ratio <= 1 + BUDGET_PERCENT / 100,
        "references": references,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--baseline", choices=sorted(BASELINE_HOOKS), default="site")
    args = parser.parse_args(argv)
    result = measure(args.pages, args.repeat, args.baseline)
    print(json.dumps(result, indent=2))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
