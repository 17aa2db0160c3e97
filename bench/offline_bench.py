"""Size of the offline bundle against its budget (2 MB zipped).

``measure(zip_path)`` returns a dict: zip_bytes, unpacked_bytes, files, budget_bytes,
within_budget, path. ``python bench/offline_bench.py [zip]`` prints it as JSON (exit code 1
when over budget); without an argument it measures ``dist/<name>-offline.zip`` from
``make site``.
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from explainer.offline import bundle

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_ZIP = ROOT / "dist" / bundle.zip_name("Social Credit, Untangled")


def measure(zip_path: str | Path = DEFAULT_ZIP) -> dict:
    """The zip's size and its unpacked size (sum of file sizes), against the budget."""
    path = Path(zip_path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no offline bundle — build it with `make site`")
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
    size = path.stat().st_size
    return {
        "name": "offline bundle",
        "path": str(path),
        "zip_bytes": size,
        "unpacked_bytes": sum(info.file_size for info in infos),
        "files": len(infos),
        "budget_bytes": bundle.BUDGET_BYTES,
        "within_budget": size <= bundle.BUDGET_BYTES,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    result = measure(args[0] if args else DEFAULT_ZIP)
    print(json.dumps(result, indent=2))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
