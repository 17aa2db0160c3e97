"""Record the site's published addresses and anchors in data/anchors.lock (`make anchors`).

The same as ``python -m explainer anchors`` (see explainer.anchors.lock), with this
repository's mkdocs.yml as the default config.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explainer.anchors import lock

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(lock.__doc__ or "").splitlines()[0])
    lock.add_arguments(parser)
    parser.set_defaults(config_file=ROOT / "mkdocs.yml")
    return lock.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
