"""The explainer's command line.

    python -m explainer new PATH          write a minimal explainer into PATH (new or empty)
    python -m explainer anchors --update  record new addresses and anchors in the lock
"""
from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .anchors import lock
from .generator import GeneratorError, create


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer",
                                     description="Commands for explainer sites built with MkDocs.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new", help="start a new explainer",
        description="Write a minimal explainer (mkdocs.yml, docs/, data/, overrides/) with one example "
                    "of each feature: a cited source, a glossary term, a diagram and a myth.")
    new.add_argument("path", type=Path, help="the folder to create; it must be new or empty")
    anchors = commands.add_parser(
        "anchors", help="record the published addresses and anchors in the lock",
        description=(lock.__doc__ or "").splitlines()[0])
    lock.add_arguments(anchors)
    args = parser.parse_args(argv)
    if args.command == "anchors":
        return lock.run(args)
    try:
        written = create(args.path)
    except GeneratorError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(next_steps(args.path, len(written)))
    return 0


def next_steps(path: Path, count: int) -> str:
    python = shlex.quote(sys.executable or "python")
    return "\n".join([
        f"Created an explainer in {path} ({count} files).",
        "",
        "Next steps:",
        f"  cd {shlex.quote(str(path))}",
        f"  {python} -m mkdocs serve            # preview at http://127.0.0.1:8000/, reloads on every edit",
        f"  {python} -m mkdocs build --strict   # the site, in site/",
        "Then replace the examples in docs/ and data/ with your own: the explainer's README,",
        "\"Start your own explainer\", says how.",
    ])


if __name__ == "__main__":
    sys.exit(main())
