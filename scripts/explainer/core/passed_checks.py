"""Which inputs have passed which check: a check that passed need not run again.

Checking the data files and every page's front matter against their JSON Schemas, and every
rendered page against the raw HTML policy, costs a build a tenth of a second or more (most of
it importing ``jsonschema`` and parsing HTML), and the content rarely changes between builds.
An input that passed leaves an empty mark in the cache folder (``.cache/checks``) named by a
hash of everything the result depends on: the input itself and the code (and data, such as a
schema file) of the check, given by the caller. An input that fails leaves nothing, so bad
input is checked, and reported, every time. Without a folder (``use_folder(None)``) nothing is
kept.
"""
from __future__ import annotations

import hashlib

from explainer.core import disk_cache

_folder = None
_used: set[str] = set()   # the marks this build asked for: what ``prune`` keeps
SUFFIX = ".passed"


def use_folder(folder) -> None:
    """Where a build keeps its marks (set by the first plugin, before any check runs)."""
    global _folder
    _folder = folder
    _used.clear()


def prune() -> int:
    """After a full build: delete the marks it did not ask for (inputs edited since)."""
    return disk_cache.prune(_folder, _used, SUFFIX) if _folder is not None else 0


def key(check: bytes, subject: str) -> str:
    """The mark of *subject* (the input, as text that tells every input apart) under *check*
    (a digest of the check's code and data)."""
    return hashlib.sha256(check + b"\0" + subject.encode("utf-8")).hexdigest()


def passed(mark: str) -> bool:
    """Whether the input of *mark* passed in an earlier build."""
    if _folder is None:
        return False
    _used.add(mark)
    return (_folder / f"{mark}{SUFFIX}").is_file()


def remember(mark: str) -> None:
    """Record that the input of *mark* passed."""
    if _folder is not None:
        disk_cache.write_atomic(_folder / f"{mark}{SUFFIX}", b"")
