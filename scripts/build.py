"""Build the site without ever leaving a half-built ``site/`` behind.

``python scripts/build.py`` runs ``mkdocs build --strict`` into a temporary folder
beside the target and swaps it in only when the build succeeds, so a content
mistake stops the build with its message while the previous ``site/`` stays intact.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_date_epoch(root: Path = ROOT) -> str:
    """SOURCE_DATE_EPOCH from the environment, else the last commit's time."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        return out or "315532800"
    except (OSError, subprocess.CalledProcessError):
        return "315532800"  # 1980-01-01, the earliest time a zip file can hold


def mkdocs_build(config_file: Path, dest: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict",
           "--config-file", str(config_file), "--site-dir", str(dest)]
    return subprocess.run(cmd, cwd=config_file.parent, env=env, capture_output=True, text=True)


def swap_in(new: Path, dest: Path) -> None:
    """Replace *dest* with *new* (both on one file system)."""
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    if old.exists():
        shutil.rmtree(old)


def build_site(config_file: Path, dest: Path) -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(config_file.parent), NO_MKDOCS_2_WARNING="1")
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        result = mkdocs_build(config_file, staging, env)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            sys.stderr.write(f"Build failed; {dest} was left as it was.\n")
            return result.returncode or 1
        swap_in(staging, dest)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    return build_site(args.config_file.resolve(), args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
