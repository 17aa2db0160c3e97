"""Build the site without ever leaving a half-built ``site/`` behind.

``python scripts/build.py`` runs ``mkdocs build --strict`` into a temporary folder
beside the target and swaps it in only when the build succeeds, so a content
mistake stops the build with its message while the previous ``site/`` stays intact.

``--dist-dir dist`` (what ``make site`` runs) first builds the offline bundle
(``mkdocs.offline.yml``) and packs it into ``dist/<name>-offline.zip`` (see
``explainer.offline.bundle``) with the EPUB and ZIM editions made from it (``explainer.offline.editions``),
then the online site, which publishes them and links to them. Everything is swapped in
only when every step succeeds.

On success it prints the notes an author should see (new anchors to record, diagrams and
cards drawn, pages outside the nav), not MkDocs' routine progress; on failure, the log and
a last line naming the step that failed.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from explainer.core import build_guard
from explainer.core.errors import ContentError, relative
from explainer.core.mkdocs_run import mkdocs_build, source_date_epoch
from explainer.offline import bundle, editions

ROOT = Path(__file__).resolve().parents[1]

OFFLINE_CONFIG = "mkdocs.offline.yml"

# The steps of a build, for the last line of a failure.
OFFLINE_STEP = f"the offline bundle ({OFFLINE_CONFIG}; built first, from the same pages and data)"
EDITIONS_STEP = "the EPUB and ZIM editions (made from the offline bundle)"
ONLINE_STEP = "the online site ({config})"

# Log lines that tell an author nothing: MkDocs' progress and jieba's dictionary loading.
ROUTINE = re.compile(r"INFO\s+-\s+(Cleaning site directory|Building documentation to directory"
                     r"|Documentation built in)|Building prefix dict |Loading model |Prefix dict has been built")
NOTE = re.compile(r"(INFO|WARNING)\s+-\s+")
# A ContentError as the plugins report it: "ERROR   -  file:line: problem — fix".
CONTENT_ERROR = re.compile(r"ERROR\s+-\s+[\w./-]+\.\w+(:\d+)?: ", re.MULTILINE)


def without_routine(log: str) -> list[str]:
    """The log's lines minus routine progress (a multi-line entry keeps its indented lines)."""
    return [line for line in log.splitlines() if line.strip() and not ROUTINE.match(line)]


def notes(log: str) -> list[str]:
    """What a successful build has to say to an author: its INFO and WARNING entries."""
    kept, keeping = [], False
    for line in without_routine(log):
        if line[:1].isspace():
            if keeping:
                kept.append(line)
            continue
        keeping = bool(NOTE.match(line))
        if keeping:
            kept.append(line)
    return kept


def failure_line(step: str, number: int, steps: int, log: str, kept: list[Path]) -> str:
    """The last line of a failed build: which step stopped, on what kind of error, what stayed."""
    where = f"step {number} of {steps}, {step}" if steps > 1 else step
    what = "the content error above: fix it and build again" if CONTENT_ERROR.search(log) else "the error above"
    names = " and ".join(f"{relative(path)}/" for path in kept)
    left = "were left as they were" if len(kept) > 1 else "was left as it was"
    return f"Build failed at {where}, on {what}; {names} {left}.\n"


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


def build_bundle(offline_config: Path, work: Path, env: dict) -> tuple[subprocess.CompletedProcess, list[Path], str]:
    """Build the offline site into *work*, make the editions and pack the zip; returns the
    build's result, the files to publish (the zip first; none when something failed) and
    the step that ran last."""
    result = mkdocs_build(offline_config, work / "site", env)
    if result.returncode != 0:
        return result, [], OFFLINE_STEP
    config = read_config(offline_config)
    epoch = env["SOURCE_DATE_EPOCH"]
    site_name = config.get("site_name") or "site"
    try:
        made = editions.build(editions.Site.from_config(config, offline_config.parent, work / "site", epoch), work)
    except ContentError as err:
        return subprocess.CompletedProcess(result.args, 1, result.stdout + f"ERROR   -  {err}\n"), [], EDITIONS_STEP
    folder = bundle.folder_name(site_name, epoch)
    readme = bundle.readme_text(site_name=site_name, site_url=config.get("site_url") or "",
                                date=bundle.build_date(epoch), folder=folder,
                                material_version=metadata.version("mkdocs-material"),
                                editions=[editions.describe(path) for path in made])
    files = bundle.bundle_files(bundle.read_site(work / "site", bundle.search_languages(config)), folder, readme)
    zip_path = work / bundle.zip_name(site_name)
    zip_path.write_bytes(bundle.deterministic_zip(files, epoch))
    return result, [zip_path, *made], EDITIONS_STEP


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
    kept = [dest] if dist_dir is None else [dest, dist_dir.resolve()]
    steps = len(kept) * 2 - 1  # the online site, after the offline bundle and its editions
    said = []  # (step, notes) of each build that succeeded
    try:
        published = []
        if dist_dir is not None:
            dist_dir = dist_dir.resolve()
            dist_dir.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".{dist_dir.name}-", dir=dist_dir))
            offline = offline_config or config_file.with_name(OFFLINE_CONFIG)
            result, published, step = build_bundle(offline, work, env)
            if not published:
                number = 1 if step == OFFLINE_STEP else 2
                sys.stderr.write("\n".join(without_routine(result.stdout)) + "\n")
                sys.stderr.write(failure_line(step, number, steps, result.stdout, kept))
                return result.returncode or 1
            said.append((f"The offline bundle ({offline.name})", notes(result.stdout)))
            env[bundle.ZIP_ENV] = str(published[0])
            env[editions.EDITIONS_ENV] = os.pathsep.join(str(path) for path in published[1:])
        result = mkdocs_build(config_file, staging, env)
        if result.returncode != 0:
            sys.stderr.write("\n".join(without_routine(result.stdout)) + "\n")
            sys.stderr.write(failure_line(ONLINE_STEP.format(config=config_file.name), steps, steps,
                                          result.stdout, kept))
            return result.returncode or 1
        said.append((f"The online site ({config_file.name})", notes(result.stdout)))
        build_guard.make_world_readable(staging)
        swap_in(staging, dest)
        if published:
            (work / editions.SUMS).write_text(editions.sums(published), encoding="utf-8")
            for path in [*published, work / editions.SUMS]:
                build_guard.make_world_readable(path)
                os.replace(path, dist_dir / path.name)
        for step, lines in said:
            if lines:
                print(f"{step}:", *lines, sep="\n")
        print("Built " + " and ".join(f"{relative(path)}/" for path in kept) + ".")
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
