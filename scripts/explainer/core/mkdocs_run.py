"""Running ``mkdocs build`` as a child process (the atomic build and the anchors lock use it).

A child process, not MkDocs imported: a build's plugins and Markdown extensions start fresh
each time, and this module stays free of MkDocs like the rest of the core.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EARLIEST = "315532800"  # 1980-01-01, the earliest time a zip file can hold


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH from the environment, else the time of *root*'s last git commit."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        return out or EARLIEST
    except (OSError, subprocess.CalledProcessError):
        return EARLIEST


def mkdocs_build(config_file: Path, dest: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of *config_file* into *dest*; stdout holds the whole log."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict",
           "--config-file", str(config_file), "--site-dir", str(dest)]
    # One stream, so errors stay in order with the log lines around them.
    return subprocess.run(cmd, cwd=config_file.parent, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
