"""The build's on-disk caches (``.cache/diagrams``, ``.cache/cards``, ``.cache/css``).

Each entry is a file named by a hash of what it was made from. ``write_atomic`` writes one so
that a build killed half-way never leaves a truncated entry, and a cache that cannot be written
(a read-only checkout) only costs the next build the work again; ``read_bytes`` reads one back.
Every edit leaves an entry behind that no later build asks for: after a full build the plugins
know every entry it used, and ``prune`` deletes the others.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def read_bytes(path: str | Path) -> bytes | None:
    """The entry at *path*, or None when there is none (or it cannot be read)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def write_atomic(path: str | Path, data: bytes) -> bool:
    """Write the entry *path* whole or not at all (write, then rename). Returns whether it was written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except OSError:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def cached_json(path: str | Path, compute: Callable[[], Any]) -> Any:
    """The JSON value stored at *path*; when there is none (or it is damaged), ``compute()``,
    stored there for the next build. *path* must name everything the value depends on."""
    data = read_bytes(path)
    if data is not None:
        try:
            return json.loads(data)
        except ValueError:
            pass
    value = compute()
    write_atomic(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return value


def prune(folder: str | Path, keep: Iterable[str], suffix: str) -> int:
    """Delete the files ``<name><suffix>`` in *folder* whose name is not in *keep*.

    Only that suffix is touched (a ``.tmp`` file another build is writing stays), and a
    file that cannot be deleted is left. Returns how many were deleted."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    keep = set(keep)
    removed = 0
    for path in sorted(folder.glob(f"*{suffix}")):
        if path.is_file() and path.name[: -len(suffix)] not in keep:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed
