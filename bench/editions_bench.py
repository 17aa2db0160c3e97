"""What the EPUB and ZIM editions add to `make site`: seconds and bytes.

``measure()`` builds the offline site once (untimed, as `make site` does before the
editions), then times ``explainer.editions`` — the EPUB and the ZIM separately, median of
*repeat* runs — and one whole ``scripts/build.py --dist-dir`` (what `make site` runs). The
budget: the editions take under a third of the rest of that build (the build without them). ``python
bench/editions_bench.py`` prints the dict as JSON (exit code 1 when over a budget).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explainer.offline import editions
from explainer.offline.editions import epub, zim

ROOT = Path(__file__).resolve().parents[1]

EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1764288000")
SHARE_BUDGET = 1 / 3


def _config() -> dict:
    from build import read_config  # scripts/build.py: the config as written, no plugins loaded
    return read_config(ROOT / "mkdocs.offline.yml")


def measure(repeat: int = 3, workdir: Path | None = None) -> dict:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    env.pop(editions.EDITIONS_ENV, None)
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        work = Path(scratch)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--config-file",
                        str(ROOT / "mkdocs.offline.yml"), "--site-dir", str(work / "offline")],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        site = editions.Site.from_config(_config(), ROOT, work / "offline", EPOCH)
        epub_runs, zim_runs = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            data = epub.build(site)
            epub_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            zim.build(site, work / "edition.zim")
            zim_runs.append(time.perf_counter() - started)
        zim_bytes = (work / "edition.zim").stat().st_size
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(work / "site"),
                        "--dist-dir", str(work / "dist")], cwd=ROOT, env=env, check=True, capture_output=True)
        whole = time.perf_counter() - started
    added = statistics.median(epub_runs) + statistics.median(zim_runs)
    without = whole - added
    return {
        "epub_seconds": round(statistics.median(epub_runs), 2),
        "zim_seconds": round(statistics.median(zim_runs), 2),
        "added_seconds": round(added, 2),
        "whole_build_seconds": round(whole, 2),
        "build_without_seconds": round(without, 2),
        "share_of_build": round(added / without, 3),
        "share_budget": round(SHARE_BUDGET, 3),
        "epub_bytes": len(data),
        "epub_budget_bytes": editions.EPUB_BUDGET,
        "zim_bytes": zim_bytes,
        "zim_budget_bytes": editions.ZIM_BUDGET,
        "repeat": repeat,
        "within_budget": (added / without <= SHARE_BUDGET and len(data) <= editions.EPUB_BUDGET
                          and zim_bytes <= editions.ZIM_BUDGET),
    }


def main() -> int:
    result = measure()
    print(json.dumps(result, indent=2))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
