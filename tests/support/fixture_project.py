"""The fixture explainer (tests/fixtures/explainer/): copies of it and in-process builds of them.

The fixture is a small made-up explainer, so tests of the plugins' mechanisms do not change
when the live site's content does. It borrows the theme from the repository's overrides/
through a relative ``custom_dir``; a copy elsewhere gets that path made absolute.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from .project import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "explainer"
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH of every fixture build
_CUSTOM_DIR = re.compile(r"^(\s*custom_dir:\s*)(\S+)", re.MULTILINE)


def copy_fixture(dest: Path, cache_from: Path | None = None) -> Path:
    """A copy of the fixture at *dest*, its theme still the repository's overrides/.

    *cache_from*: a project whose rendered diagrams and cards (.cache/) the copy reuses.
    """
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns(".cache"))
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    match = _CUSTOM_DIR.search(text)
    assert match, "the fixture's mkdocs.yml has no theme custom_dir"
    absolute = (FIXTURE / match.group(2)).resolve()
    config.write_text(_CUSTOM_DIR.sub(lambda m: m.group(1) + str(absolute), text, count=1), encoding="utf-8")
    if cache_from is not None and (cache_from / ".cache").is_dir():
        shutil.copytree(cache_from / ".cache", dest / ".cache")
    return dest


@dataclass
class Build:
    site: Path
    error: str | None  # the message a failed build stopped with (what `mkdocs build` prints)
    log: list[str] = field(default_factory=list)  # every message MkDocs and the plugins logged


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _logged() -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    handler, level = _Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def _source_date_epoch() -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_in_process(project: Path, site: Path) -> Build:
    """Build *project* strict, in this process, as ``mkdocs build --strict`` would."""
    error = None
    with _source_date_epoch(), _logged() as collected:
        try:
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except Abort as err:
            # MkDocs logs a BuildError's own message, then aborts with a generic one.
            errors = [m for m in collected.messages if m and m != str(err)]
            error = errors[-1] if isinstance(err.__context__, BuildError) and errors else str(err)
        except (BuildError, ConfigurationError) as err:
            error = str(err)
    return Build(site, error, collected.messages)
