"""The one error type for content mistakes.

Every problem an author can cause (broken YAML, an unknown source id, a duplicate
anchor, a diagram without a description ...) is raised as a ``ContentError``.
The plugins turn it into a clean build failure: one line naming the file, the line,
what is wrong and how to fix it -- never a Python traceback.
"""
from __future__ import annotations

from pathlib import Path


class ContentError(Exception):
    """A mistake in the site's content, reported as ``file:line: problem — fix``."""

    def __init__(self, path: str | Path | None, line: int | None, problem: str, fix: str = ""):
        self.path = str(path) if path is not None else None
        self.line = line
        self.problem = problem
        self.fix = fix
        super().__init__(self.format())

    def format(self) -> str:
        where = self.path or "<unknown file>"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: {self.problem}"
        if self.fix:
            text += f" — {self.fix}"
        return text


def relative(path: str | Path, root: str | Path | None = None) -> str:
    """Show *path* relative to *root* (or the working directory) when possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
