"""Which values have passed which schema: a check that passed need not run again.

Checking the data files and every page's front matter against their JSON Schemas costs a
build a tenth of a second, most of it importing ``jsonschema`` and building its validators,
and the data rarely changes between builds. A value that passed leaves an empty file in the
cache folder (``.cache/schema``) named by a hash of everything the result depends on: the
value itself (every type spelt out, so that ``1`` and ``"1"`` differ), the schema file, the
checking code and jsonschema's version. A value that fails leaves nothing, so bad input is
checked, and reported, every time. Without a folder (``use_folder(None)``) nothing is kept.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from explainer.core import disk_cache

_folder: Path | None = None
_used: set[str] = set()   # the marks this build asked for: what ``prune`` keeps
SUFFIX = ".passed"


def use_folder(folder: Path | None) -> None:
    """Where a build keeps its marks (set by the first plugin, before any data file is read)."""
    global _folder
    _folder = folder
    _used.clear()


def prune() -> int:
    """After a full build: delete the marks it did not ask for (values edited since)."""
    return disk_cache.prune(_folder, _used, SUFFIX) if _folder is not None else 0


def folder() -> Path | None:
    return _folder


@cache
def _code_version(schema_path: Path) -> str:
    try:
        checker = version("jsonschema")
    except PackageNotFoundError:
        checker = "missing"
    digest = hashlib.sha256(checker.encode("utf-8"))
    digest.update((Path(__file__).parent / "schema.py").read_bytes())
    digest.update(schema_path.read_bytes())
    return digest.hexdigest()


def _typed(value: Any) -> Any:
    """*value* as JSON in which every scalar carries its type (``True`` is not ``1``)."""
    if isinstance(value, dict):
        return ["dict", [[_typed(key), _typed(item)] for key, item in value.items()]]
    if isinstance(value, list):
        return ["list", [_typed(item) for item in value]]
    kind = type(value)
    return [f"{kind.__module__}.{kind.__qualname__}", repr(value)]


def key(value: Any, schema_path: Path) -> str:
    payload = json.dumps([_code_version(schema_path), _typed(value)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def passed_before(value: Any, schema_path: Path) -> str | None:
    """None when *value* is known to pass the schema at *schema_path*; else the key under which
    ``remember`` records that it passed (or "" when there is no folder)."""
    if _folder is None:
        return ""
    name = key(value, schema_path)
    _used.add(name)
    return None if (_folder / f"{name}{SUFFIX}").is_file() else name


def remember(name: str) -> None:
    if _folder is not None and name:
        disk_cache.write_atomic(_folder / f"{name}{SUFFIX}", b"")
