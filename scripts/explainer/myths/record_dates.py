"""When each record of a data file was first published and last changed, from git history.

Link previews and search engines read ``article:published_time`` and ``article:modified_time``.
A myth's record in ``data/myths.yml`` is published with the first commit that has its id and
modified with the last commit that changed its fields (comments and order do not count).
Times come from commits, never from the clock, and are clamped to SOURCE_DATE_EPOCH, so a
build is reproducible; a record changed in the working copy but not committed, and every
record when there is no git history (a tarball, a copy for tests), gets SOURCE_DATE_EPOCH.
"""
from __future__ import annotations

import datetime as _dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Dates:
    published: int   # Unix seconds
    modified: int


def iso(seconds: int) -> str:
    """ISO 8601 in UTC, as Open Graph wants it: ``2026-11-28T03:50:44Z``."""
    return _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _records(text: str) -> dict[str, str]:
    """Each record with an ``id``, as a canonical string (so formatting changes do not count)."""
    # libyaml first (every version in the history is parsed on every build; PyYAML takes
    # ten times as long), PyYAML when it refuses or the text has a tab (see datafile).
    data = None
    if getattr(yaml, "__with_libyaml__", False) and "\t" not in text:
        try:
            data = yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    if data is None:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return {}  # an old commit with a broken file: it dates nothing
    if not isinstance(data, list):
        return {}
    return {str(item["id"]): json.dumps(item, sort_keys=True, default=str)
            for item in data if isinstance(item, dict) and "id" in item}


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout


def _history(root: Path, rel: str) -> list[tuple[int, str]]:
    """(commit time, file text) for each commit that touched *rel*, oldest first."""
    log = _git(root, "log", "--reverse", "--format=%H %ct", "--", rel)
    if not log:
        return []
    commits = [line.split() for line in log.decode().splitlines() if line.strip()]
    # One `git cat-file --batch` for every version: a process per commit would cost more.
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}:{rel}\n" for sha, _ in commits).encode())
    if out is None:
        return []
    versions, at = [], 0
    for _, seconds in commits:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if header[-1] == b"missing":
            versions.append((int(seconds), ""))  # the commit deleted the file
            at = header_end + 1
            continue
        size = int(header[2])
        body = out[header_end + 1:header_end + 1 + size]
        versions.append((int(seconds), body.decode("utf-8", "replace")))
        at = header_end + 1 + size + 1
    return versions


def record_dates(root: Path, rel: str, epoch: int) -> dict[str, Dates]:
    """Dates for every record now in *rel* (a YAML list of mappings with ``id``)."""
    current = _records((root / rel).read_text(encoding="utf-8"))
    published: dict[str, int] = {}
    modified: dict[str, int] = {}
    previous: dict[str, str] = {}
    for seconds, text in _history(root, rel):
        records = _records(text)
        for record_id, value in records.items():
            published.setdefault(record_id, seconds)
            if previous.get(record_id) != value:
                modified[record_id] = seconds
        previous = records
    dates = {}
    for record_id, value in current.items():
        first = min(published.get(record_id, epoch), epoch)
        last = modified.get(record_id, epoch) if previous.get(record_id) == value else epoch
        dates[record_id] = Dates(first, max(first, min(last, epoch)))
    return dates
