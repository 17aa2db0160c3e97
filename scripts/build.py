"""Build the site without ever leaving a half-built ``site/`` behind.

``python scripts/build.py`` runs ``mkdocs build --strict`` into a temporary folder
beside the target and swaps it in only when the build succeeds, so a content
mistake stops the build with its message while the previous ``site/`` stays intact.

``--dist-dir dist`` (what ``make site`` runs) first builds the offline bundle
(``mkdocs.offline.yml``) and packs it into ``dist/<name>-offline.zip`` (see
``explainer.offline.bundle``) with the EPUB and ZIM editions made from it (``explainer.offline.editions``),
then the online site, which publishes them and links to them. Everything is swapped in
only when every step succeeds.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from explainer.core import build_guard
from explainer.core.errors import ContentError
from explainer.offline import bundle, editions

ROOT = Path(__file__).resolve().parents[1]

OFFLINE_CONFIG = "mkdocs.offline.yml"


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


def read_config(config_file: Path) -> dict:
    """The config as written (INHERIT merged, !ENV resolved), without loading any plugin."""
    from mkdocs.utils.yaml import yaml_load
    with open(config_file, "rb") as handle:
        return yaml_load(handle)


def build_bundle(offline_config: Path, work: Path, env: dict) -> tuple[subprocess.CompletedProcess, list[Path]]:
    """Build the offline site into *work*, make the editions and pack the zip; returns the
    build's result and the files to publish (the zip first), none when something failed."""
    result = mkdocs_build(offline_config, work / "site", env)
    if result.returncode != 0:
        return result, []
    config = read_config(offline_config)
    epoch = env["SOURCE_DATE_EPOCH"]
    site_name = config.get("site_name") or "site"
    try:
        made = editions.build(editions.Site.from_config(config, offline_config.parent, work / "site", epoch), work)
    except ContentError as err:
        return subprocess.CompletedProcess(result.args, 1, "", f"ERROR   -  {err}\n"), []
    folder = bundle.folder_name(site_name, epoch)
    readme = bundle.readme_text(site_name=site_name, site_url=config.get("site_url") or "",
                                date=bundle.build_date(epoch), folder=folder,
                                material_version=metadata.version("mkdocs-material"),
                                editions=[editions.describe(path) for path in made])
    files = bundle.bundle_files(bundle.read_site(work / "site", bundle.search_languages(config)), folder, readme)
    zip_path = work / bundle.zip_name(site_name)
    zip_path.write_bytes(bundle.deterministic_zip(files, epoch))
    return result, [zip_path, *made]


def build_site(config_file: Path, dest: Path, dist_dir: Path | None = None,
               offline_config: Path | None = None) -> int:
    """One build at a time per checkout; a signal still removes the temporary folders."""
    try:
        with build_guard.BuildLock(config_file.parent / ".cache" / "build.lock"), build_guard.stop_on_signals():
            return _build_site(config_file, dest, dist_dir, offline_config)
    except build_guard.BuildBusy as busy:
        sys.stderr.write(f"{busy} — wait for it to finish, then build again.\n")
        return 75  # EX_TEMPFAIL


def _build_site(config_file: Path, dest: Path, dist_dir: Path | None = None,
                offline_config: Path | None = None) -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(config_file.parent), NO_MKDOCS_2_WARNING="1")
    env.pop(bundle.ZIP_ENV, None)
    env.pop(editions.EDITIONS_ENV, None)
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    build_guard.remove_leftovers(dest.parent, f".{dest.name}-")
    if dist_dir is not None:
        build_guard.remove_leftovers(dist_dir.resolve(), f".{dist_dir.name}-")
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    work = None
    try:
        published = []
        if dist_dir is not None:
            dist_dir = dist_dir.resolve()
            dist_dir.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".{dist_dir.name}-", dir=dist_dir))
            result, published = build_bundle(offline_config or config_file.with_name(OFFLINE_CONFIG), work, env)
            if not published:
                sys.stderr.write(result.stdout + result.stderr)
                sys.stderr.write(f"Offline build failed; {dest} and {dist_dir} were left as they were.\n")
                return result.returncode or 1
            env[bundle.ZIP_ENV] = str(published[0])
            env[editions.EDITIONS_ENV] = os.pathsep.join(str(path) for path in published[1:])
        result = mkdocs_build(config_file, staging, env)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            sys.stderr.write(f"Build failed; {dest} was left as it was.\n")
            return result.returncode or 1
        build_guard.make_world_readable(staging)
        swap_in(staging, dest)
        if published:
            (work / editions.SUMS).write_text(editions.sums(published), encoding="utf-8")
            for path in [*published, work / editions.SUMS]:
                build_guard.make_world_readable(path)
                os.replace(path, dist_dir / path.name)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging)
        if work is not None and work.exists():
            shutil.rmtree(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--dist-dir", type=Path, default=None,
                        help="also build the offline bundle (mkdocs.offline.yml) into this folder, first")
    parser.add_argument("--offline-config", type=Path, default=None,
                        help=f"the offline bundle's config (default: {OFFLINE_CONFIG} beside --config-file)")
    args = parser.parse_args(argv)
    return build_site(args.config_file.resolve(), args.site_dir, args.dist_dir,
                      args.offline_config.resolve() if args.offline_config else None)


if __name__ == "__main__":
    sys.exit(main())
