"""Record the site's published addresses and anchors in data/anchors.lock.

    python scripts/anchors.py --update   # add new pages and ids (what `make anchors` runs)
    python scripts/anchors.py --check    # build and report, change nothing
    python scripts/anchors.py --update --prune
                                         # also DROP addresses that are gone: this breaks old
                                         # links; prefer an alias or a redirect

It builds the site once (mkdocs build --strict into a temporary folder; ``site/`` is not
touched) with EX_ANCHORS_DUMP set, so the explainer/anchors plugin reports every heading id
and alias of every page, then merges that into the lock. Entries are never dropped
without --prune, so a removed id keeps failing the build until it is aliased.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from build import mkdocs_build, source_date_epoch  # scripts/build.py, beside this file
from explainer.anchors import ids as anchors

ROOT = Path(__file__).resolve().parents[1]


def published(config_file: Path) -> tuple[dict[str, set[str]] | None, str]:
    """Every address and anchor the build publishes, and the build's output."""
    with tempfile.TemporaryDirectory(prefix="anchors-") as work:
        dump = Path(work) / "anchors.json"
        env = dict(os.environ, EX_ANCHORS_DUMP=str(dump), NO_MKDOCS_2_WARNING="1",
                   SOURCE_DATE_EPOCH=source_date_epoch(config_file.parent))
        result = mkdocs_build(config_file, Path(work) / "site", env)
        output = result.stdout  # the log, errors in order (stderr joins stdout)
        if not dump.is_file():
            return None, output
        return {k: set(v) for k, v in json.loads(dump.read_text(encoding="utf-8")).items()}, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--update", action="store_true", help="add new addresses and anchors to the lock")
    mode.add_argument("--check", action="store_true", help="only report")
    parser.add_argument("--prune", action="store_true", help="with --update: drop what is gone (breaks links)")
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    root = args.config_file.resolve().parent
    lock_path = root / anchors.LOCK_FILE

    current, output = published(args.config_file.resolve())
    if current is None:
        sys.stderr.write(output + "The site did not build far enough to list its anchors.\n")
        return 1
    lock = anchors.read_lock(lock_path) or anchors.Lock({}, {})
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
    print(f"{anchors.LOCK_FILE}: {len(merged)} pages, {total} anchors ({len(fresh)} added"
          + (f", {len(gone)} dropped" if args.prune else "") + ")")
    if gone and not args.prune:
        print("Still locked but not published as such (alias them or redirect their page):")
        for entry in gone:
            print("  " + entry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
