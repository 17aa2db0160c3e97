"""The build's on-disk caches (``.cache/diagrams``, ``.cache/cards``): keeping them small.

Each rendered diagram and preview card is cached under a hash of what it was made from,
so every edit leaves an entry behind that no later build asks for. After a full build
the plugins know every entry it used; ``prune`` deletes the others.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


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
