"""The build's on-disk caches (``.cache/diagrams``, ``.cache/cards``, ``.cache/css``).

Each entry is a file named by a hash of what it was made from. ``write_atomic`` writes one so
that a build killed half-way never leaves a truncated entry, and a cache that cannot be written
(a read-only checkout) only costs the next build the work again; ``read_bytes`` reads one back.
Every edit leaves an entry behind that no later build asks for: after a full build the plugins
know every entry it used, and ``prune`` deletes the others.
"""
from __future__ import annotations

import hashlib
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


class TextMemo:
    """What a pure function makes of a text (a built page), kept on disk in *folder* under a
    hash of the text and of *code* (a digest of the function's code), as JSON.

    A build asks for each page once; ``prune`` then deletes the entries it did not ask for.
    Without a folder, it only computes."""

    def __init__(self, folder: str | Path | None, code: bytes):
        self.folder = Path(folder) if folder is not None else None
        self.code = code
        self.used: set[str] = set()

    def key(self, text: str) -> str:
        return hashlib.sha256(self.code + b"\0" + text.encode("utf-8")).hexdigest()

    def get(self, text: str, compute: Callable[[str], Any]) -> Any:
        """``compute(text)``, or what it gave for the same text and code in an earlier build."""
        if self.folder is None:
            return compute(text)
        key = self.key(text)
        self.used.add(key)
        return cached_json(self.folder / f"{key}.json", lambda: compute(text))

    def prune(self) -> int:
        return prune(self.folder, self.used, ".json") if self.folder is not None else 0


def source_digest(*paths: str | Path) -> bytes:
    """A digest of the source files *paths*: part of a cache key, so that new code starts afresh."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.digest()


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
