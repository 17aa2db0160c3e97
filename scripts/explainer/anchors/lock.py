"""Record a site's published addresses and anchors in its lock (``data/anchors.lock``).

    python -m explainer anchors --update   # add new pages and ids (what `make anchors` runs)
    python -m explainer anchors --check    # build and report, change nothing
    python -m explainer anchors --update --prune
                                           # also DROP addresses that are gone: this breaks
                                           # old links; prefer an alias or a redirect

It builds the site once (mkdocs build --strict into a temporary folder; ``site/`` is not
touched) with EX_ANCHORS_DUMP set, so the explainer/anchors plugin reports every heading id
and alias of every page, then merges that into the lock: the plugin's ``lock_file`` option,
read from mkdocs.yml. Entries are never dropped without --prune, so a removed id keeps
failing the build until it is aliased.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

from explainer.anchors import ids as anchors
from explainer.core.mkdocs_run import mkdocs_build, source_date_epoch

PLUGIN = "explainer/anchors"


class _AnyTags(yaml.SafeLoader):
    """mkdocs.yml as plain data: tags such as ``!ENV`` or ``!!python/name`` read as their value."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
    else loader.construct_mapping(node) if isinstance(node, yaml.MappingNode)
    else loader.construct_scalar(node)))


def lock_file(config_file: Path) -> str:
    """The lock the explainer/anchors plugin checks: its ``lock_file`` option, or the default."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTags) or {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get(PLUGIN), dict):
            return str(entry[PLUGIN].get("lock_file", anchors.LOCK_FILE))
    return anchors.LOCK_FILE


def published(config_file: Path) -> tuple[dict[str, set[str]] | None, str]:
    """Every address and anchor the build publishes, and the build's output."""
    with tempfile.TemporaryDirectory(prefix="anchors-") as work:
        dump = Path(work) / "anchors.json"
        env = dict(os.environ, EX_ANCHORS_DUMP=str(dump), NO_MKDOCS_2_WARNING="1",
                   SOURCE_DATE_EPOCH=source_date_epoch(config_file.parent))
        result = mkdocs_build(config_file, Path(work) / "site", env)
        if not dump.is_file():
            return None, result.stdout
        return {k: set(v) for k, v in json.loads(dump.read_text(encoding="utf-8")).items()}, result.stdout


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--update", action="store_true", help="add new addresses and anchors to the lock")
    mode.add_argument("--check", action="store_true", help="only report")
    parser.add_argument("--prune", action="store_true", help="with --update: drop what is gone (breaks links)")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the site's mkdocs.yml (default: mkdocs.yml in the current folder)")


def run(args: argparse.Namespace) -> int:
    config_file = args.config_file.resolve()
    shown = lock_file(config_file)
    lock_path = config_file.parent / shown
    current, output = published(config_file)
    if current is None:
        sys.stderr.write(output + "The site did not build far enough to list its anchors.\n")
        return 1
    lock = anchors.read_lock(lock_path, shown) or anchors.Lock({}, {})
    fresh = anchors.new_entries(lock, current)
    gone = [f"{a}#{x}" if x else a for a, xs in sorted(lock.entries.items())
            for x in ([""] if a not in current else sorted(xs - current[a]))]
    if args.check:
        print(f"{sum(len(v) for v in current.values())} anchors on {len(current)} pages; "
              f"{len(fresh)} not locked yet; {len(gone)} locked but not published as such")
        return 0 if not fresh else 1
    merged = anchors.merge_lock(lock.entries, current, prune=args.prune)
    lock_path.write_text(anchors.format_lock(merged), encoding="utf-8")
    total = sum(len(v) for v in merged.values())
    print(f"{shown}: {len(merged)} pages, {total} anchors ({len(fresh)} added"
          + (f", {len(gone)} dropped" if args.prune else "") + ")")
    if gone and not args.prune:
        print("Still locked but not published as such (alias them or redirect their page):")
        for entry in gone:
            print("  " + entry)
    return 0
