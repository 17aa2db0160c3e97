"""Check Unified Social Credit Codes from the command line.

    python scripts/uscc.py 91350100M000100Y43 "9111 0000 6000 37341L"

Prints one JSON object per code, one per line ("code", "input", "valid",
"errors", "parts"), and exits 0 when every code is valid, 1 otherwise, 2 on a
usage or data-file error. The rules live in scripts/explainer/uscc/codes.py.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from explainer.core.errors import ContentError
from explainer.uscc import codes as uscc

USAGE = "usage: python scripts/uscc.py CODE [CODE ...]"


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip() if argv else USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    try:
        tables = uscc.default_tables()
    except ContentError as err:
        print(err, file=sys.stderr)
        return 2
    all_valid = True
    for raw in argv:
        # Bytes that are not UTF-8 reach Python as lone surrogates (\udcff), which are not
        # valid JSON text: show them as U+FFFD, the replacement character.
        raw = os.fsencode(raw).decode("utf-8", errors="replace")
        result = uscc.validate(raw, tables)
        all_valid = all_valid and result.valid
        print(json.dumps({"input": raw, **asdict(result)}, ensure_ascii=False, sort_keys=True))
    return 0 if all_valid else 1


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    sys.exit(main(sys.argv[1:]))
