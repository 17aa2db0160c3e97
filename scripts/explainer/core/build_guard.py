"""What keeps the atomic build (scripts/build.py) safe around its temporary folders.

- ``BuildLock``: one build at a time per checkout (they share ``.cache/`` and swap the same
  ``site/``); a second one stops with a clear message instead of racing the first.
- ``stop_on_signals``: SIGTERM, SIGINT and SIGHUP end the build through its ``finally``
  blocks, so the temporary ``.site-*`` and ``dist/.dist-*`` folders are removed.
- ``remove_leftovers``: folders a killed build (SIGKILL, power loss) left behind.
- ``make_world_readable``: the published tree gets the modes a web server running as
  another user needs (folders 755, files 644); ``mkdtemp`` creates 700.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
from pathlib import Path
from typing import IO

DIR_MODE, FILE_MODE = 0o755, 0o644


class BuildBusy(Exception):
    """Another build holds the lock."""


class BuildLock:
    """An exclusive, non-blocking lock on *path* (released by the OS if the process dies)."""

    def __init__(self, path: Path):
        self.path = path
        self.handle: IO[str] | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise BuildBusy(f"another build is running in this checkout (process {holder}; lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


@contextlib.contextmanager
def stop_on_signals(signals=(signal.SIGTERM, signal.SIGINT, signal.SIGHUP)):
    """Turn the given signals into ``SystemExit(128 + n)`` while the block runs."""
    def handler(number, frame):
        raise SystemExit(128 + number)

    previous = {number: signal.signal(number, handler) for number in signals}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def remove_leftovers(parent: Path, prefix: str) -> None:
    """Delete temporary folders named ``<prefix>*`` in *parent* (call it holding the lock)."""
    if parent.is_dir():
        for path in parent.glob(prefix + "*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def make_world_readable(path: Path) -> None:
    """Folders 755 and files 644 under *path* (and *path* itself)."""
    if path.is_file():
        os.chmod(path, FILE_MODE)
        return
    os.chmod(path, DIR_MODE)
    for current, dirs, files in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(current, name), DIR_MODE)
        for name in files:
            full = os.path.join(current, name)
            if not os.path.islink(full):
                os.chmod(full, FILE_MODE)
