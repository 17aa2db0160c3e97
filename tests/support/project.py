"""The project under test: where it is, whether this is CI, copies of it and builds of them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"

# What a test copy of the project needs (never .venv, site/, dist/, caches).
PROJECT_PARTS = ["docs", "data", "overrides", "scripts", "mkdocs.yml", "mkdocs.offline.yml", "vendor"]


def run_build(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run the project's atomic build (scripts/build.py) on *project* into *site_dir*."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"))
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build.py"), "--config-file", str(project / config),
         "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True)


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's sources, for tests that break its content."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    cache = ROOT / ".cache"
    if cache.is_dir():  # rendered diagrams: keeps broken-input builds fast
        shutil.copytree(cache, dest / ".cache")
    return dest
