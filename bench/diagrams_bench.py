"""Build-time cost of the diagrams with a cold and a warm render cache, and bytes per diagram.

``measure(repeat_warm=1)`` copies the project to a temporary folder, builds the online site
with an empty ``.cache/diagrams/`` (cold: every diagram is rendered) and then again with the
cache it left (warm: every diagram comes from the cache), and returns a dict: name, renderer,
cold_seconds, warm_seconds (wall time of ``mkdocs build``, the fastest of ``repeat_warm``
warm builds), cold_render_seconds and warm_render_seconds (time spent in the renderer and
cache, from the plugin's log line), rendered_cold, cached_warm, diagrams (one entry per
diagram: page, title, svg_bytes, gzip_bytes), total_svg_bytes, mean_svg_bytes.
``python bench/diagrams_bench.py [--repeat-warm N]`` prints it as JSON.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
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
LOG_RE = re.compile(r"diagrams: (\d+) rendered, (\d+) from the cache \(([\d.]+) s\)")
FIGURE_RE = re.compile(r'<figure[^>]*class="ex-diagram"[^>]*>.*?</figure>', re.S)
SVG_RE = re.compile(r"<svg[^>]*ex-diagram__svg.*?</svg>", re.S)
TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


def _copy(dest: Path) -> Path:
    """A copy of the project (bench/run.py's, shared by the benchmarks) with no diagram cache."""
    spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).with_name("run.py"))
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    project = run.copy_project(dest)
    shutil.rmtree(project / ".cache" / "diagrams", ignore_errors=True)
    return project


def _build(project: Path, site: Path) -> tuple[float, dict]:
    if site.exists():
        shutil.rmtree(site)
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"),
               NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                             str(project / "mkdocs.yml"), "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stdout}\n{result.stderr}")
    match = LOG_RE.search(result.stdout + result.stderr)
    stats = {"rendered": int(match.group(1)), "cached": int(match.group(2)), "seconds": float(match.group(3))} \
        if match else {"rendered": 0, "cached": 0, "seconds": 0.0}
    return seconds, stats


def _diagram_sizes(site: Path) -> list[dict]:
    found = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for figure in FIGURE_RE.findall(html):
            svg = SVG_RE.search(figure)
            if not svg:
                continue
            data = svg.group(0).encode("utf-8")
            title = TITLE_RE.search(svg.group(0))
            found.append({"page": str(path.relative_to(site)), "title": title.group(1) if title else "",
                          "svg_bytes": len(data), "gzip_bytes": len(gzip.compress(data, mtime=0))})
    return found


def measure(repeat_warm: int = 1) -> dict:
    from explainer.diagrams.renderer import RENDERER

    with tempfile.TemporaryDirectory(prefix="diagrams-bench-") as work:
        project = _copy(Path(work) / "project")
        site = Path(work) / "site"
        cold_seconds, cold = _build(project, site)
        warm_runs = [_build(project, site) for _ in range(max(1, repeat_warm))]
        warm_seconds, warm = min(warm_runs, key=lambda run: run[0])
        diagrams = _diagram_sizes(site)
    total = sum(item["svg_bytes"] for item in diagrams)
    return {
        "name": "diagrams",
        "renderer": RENDERER,
        "cold_seconds": round(cold_seconds, 2),
        "warm_seconds": round(warm_seconds, 2),
        "cold_render_seconds": round(cold["seconds"], 2),
        "warm_render_seconds": round(warm["seconds"], 3),
        "rendered_cold": cold["rendered"],
        "cached_warm": warm["cached"],
        "diagrams": diagrams,
        "total_svg_bytes": total,
        "mean_svg_bytes": round(total / len(diagrams)) if diagrams else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat-warm", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.repeat_warm), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
