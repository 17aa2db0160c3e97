"""Write a minimal explainer into a new folder.

Its mkdocs.yml, pages and data come from ``template/`` beside this module: real files
(package data), edited and checked like any page. The theme files its features draw with
are copied from this explainer's own ``overrides/``, so a new explainer starts with the
same look and the repository keeps one copy of each.

The folder is written whole or not at all: everything goes into a temporary folder beside
it, renamed into place at the end.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

# Template names that would be lost as package data (setuptools skips dot files).
RENAMED = {"gitignore": ".gitignore"}

OVERRIDES = Path(__file__).resolve().parents[3] / "overrides"

# What the generated explainer's features need from overrides/ (paths inside it).
THEME_FILES = (
    "main.html",                           # Material's base with the partials below
    "partials/ex-meta.html",               # link previews: Open Graph tags and cards
    "assets/javascripts/material_on_demand.js",  # main.html: Material starts on first interaction
    "assets/javascripts/palette_start.js", # the palette before it, no restyle at start-up
    "assets/javascripts/search-lazy.js",   # search starts on first use
    "assets/javascripts/glossary.js",      # tooltips of glossary terms and citations
    "assets/javascripts/copylink.js",      # "Copy link" of headings and myths
    "assets/stylesheets/explainer.css",    # palette, citations, verdicts
    "assets/stylesheets/diagrams.css",     # diagram colours, light and dark
    "assets/stylesheets/glossary.css",     # term references and their tooltip
    "assets/stylesheets/links.css",        # copy-link controls, a myth's share line
)


class GeneratorError(Exception):
    """Nothing was written: the message says why and what to do."""


def create(target: Path, overrides: Path = OVERRIDES) -> list[str]:
    """Write the explainer into *target* (new, or an empty folder); its files, relative."""
    target = Path(target).absolute()
    missing = [name for name in THEME_FILES if not (overrides / name).is_file()]
    if missing:
        raise GeneratorError(f"{overrides}: the theme files {', '.join(missing)} are missing — "
                             "run the command from a checkout of the explainer (pip install -e .)")
    try:
        _check_target(target)
        return _write(target, overrides)
    except OSError as err:
        raise GeneratorError(f"{err.filename or target}: {err.strerror or err} — choose a folder you can "
                             "write to; nothing was written") from None


def _write(target: Path, overrides: Path) -> list[str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        written = _copy_template(resources.files(__package__) / "template", staging, "")
        for name in THEME_FILES:
            dest = staging / "overrides" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(overrides / name, dest)
            written.append(f"overrides/{name}")
        staging.chmod(0o777 & ~_umask())  # mkdtemp made it private
        if target.is_dir():
            target.rmdir()  # empty: checked above
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(written)


def _check_target(target: Path) -> None:
    if target.is_dir():
        entries = sorted(p.name for p in target.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise GeneratorError(f"{target}: the folder is not empty ({shown}) — "
                                 "name a new folder, or empty this one; nothing was written")
    elif target.exists() or target.is_symlink():
        raise GeneratorError(f"{target}: a file of that name exists — name a new folder; nothing was written")


def _copy_template(folder: Traversable, dest: Path, prefix: str) -> list[str]:
    written = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name == "__pycache__":
            continue
        name = RENAMED.get(item.name, item.name)
        if item.is_dir():
            (dest / name).mkdir()
            written += _copy_template(item, dest / name, f"{prefix}{name}/")
        else:
            (dest / name).write_bytes(item.read_bytes())
            written.append(prefix + name)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
