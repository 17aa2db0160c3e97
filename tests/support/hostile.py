"""Hostile and broken inputs (issue 14), each a change to a throw-away project copy.

Each case edits a copy of the project and says what the build must then do: stop with a
message naming the file (and usually the line), or build with the payload escaped. Used by
tests/test_hostile_inputs.py; ``python -m support.hostile PROJECT`` (from tests/) prints the table of
exit codes and messages for a project (for the issue's before/after record).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .project import ROOT

PAYLOAD = "<img src=x onerror=alert(1)>"
TITLE_BREAK = "</title><script>alert(1)</script>"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    expect: tuple[str, ...] = ()          # texts the error output must contain ("" = build succeeds)
    fails: bool = True
    timeout: float = 60
    env: dict = field(default_factory=dict)


def _front(p: Path, page: str, old: str, new: str) -> None:
    edit(p / "docs" / page, old, new)


def _myth_claim(p):
    edit(p / "data/myths.yml", "claim: \"Sesame Credit is the Chinese government's social credit score.\"",
         f'claim: "{PAYLOAD} {TITLE_BREAK} Sesame"')


def _symlink(p):
    outside = p.parent / "outside-secret.txt"
    outside.write_text("secret of the build machine\n", encoding="utf-8")
    (p / "docs" / "notes.txt").symlink_to(outside)


def _alias_bomb(p):
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        cur = chr(ord("a") + level)
        bomb.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    text = (p / "data/sources.yml").read_text(encoding="utf-8")
    note = "  note:\n" + "".join(f"    {line}\n" for line in bomb)
    text = text.replace("  kind: secondary\n", "  kind: secondary\n" + note, 1)
    (p / "data/sources.yml").write_text(text, encoding="utf-8")


def _diagram(p, body: str, title: str = "Extra"):
    with open(p / "docs/about.md", "a", encoding="utf-8") as out:
        out.write("\n## A diagram {#extra-diagram}\n\n```mermaid\nflowchart TB\n"
                  f"  accTitle: {title}\n  accDescr {{ A test diagram.[@mit] }}\n" + body + "```\n")


def _many_nodes(p):
    _diagram(p, "".join(f"  n{i}[\"Node {i}\"] --> n{i + 1}[\"Node {i + 1}\"]\n" for i in range(400)))


def _many_links(p):
    _diagram(p, "".join(f"  n{i} --> n{i + 1}\n" for i in range(100)))


def _latin1(p):
    path = p / "data/myths.yml"
    path.write_bytes(path.read_bytes().replace(b"Sesame Credit is a private", b"Sesame Cr\xe9dit is a private", 1))


def _nested_fence(p):
    with open(p / "docs/about.md", "a", encoding="utf-8") as out:
        out.write("\n~~~markdown\n```mermaid\n~~~\n\nA sentence with a citation.[@no-such-source]\n")


# Lines in the live project (the copy each case edits): content moves, so none is written here.
_PROJECT = ROOT
_ZHIMA_TITLE = line_of(_PROJECT / "data/sources.yml", 'title: "Zhima Credit"')
_FIRST_SOURCE = line_of(_PROJECT / "data/sources.yml", "- id: wiki-zm")
_SITE_URL = line_of(_PROJECT / "mkdocs.yml", "site_url:")


CASES: list[Case] = [
    Case("myth claim holds markup", _myth_claim, fails=False),
    Case("front matter title holds markup",
         lambda p: _front(p, "about.md", "title: About this explainer", f"title: 'About {PAYLOAD} {TITLE_BREAK}'"),
         fails=False),
    Case("glossary alias holds markup",
         lambda p: edit(p / "data/glossary.yml", "aliases: [Ant Financial, Ant]",
                        f"aliases: [Ant Financial, Ant, '{PAYLOAD}']"), fails=False),
    Case("diagram accTitle holds markup", lambda p: _diagram(p, '  a["A"] --> b["B"]\n', f"Extra {PAYLOAD}"),
         fails=False),
    Case("reviewed is not a date",
         lambda p: _front(p, "about.md", "reviewed: 2026-11-28", f"reviewed: '{PAYLOAD}'"),
         ("docs/about.md:4:", "reviewed")),
    Case("symlink leaves the repository", _symlink, ("docs/notes.txt", "symbolic link")),
    Case("YAML alias bomb in a source note", _alias_bomb, ("data/sources.yml:", "alias"), timeout=30),
    Case("wrong type for a title",
         lambda p: edit(p / "data/sources.yml", 'title: "Zhima Credit"', "title: [a, {b: 1}]"),
         (f"data/sources.yml:{_ZHIMA_TITLE}:", "title")),
    Case("broken front matter",
         lambda p: _front(p, "about.md", "title: About this explainer", "title: [About"),
         ("docs/about.md:", "front matter", "line 2")),
    Case("script element in a page",
         lambda p: edit(p / "docs/about.md", "# About this explainer {#top}\n",
                        "# About this explainer {#top}\n\n<script>alert(1)</script>\n"),
         ("docs/about.md:9:", "script")),
    Case("javascript: link in a page",
         lambda p: edit(p / "docs/about.md", "# About this explainer {#top}\n",
                        "# About this explainer {#top}\n\n[click](javascript:alert(1))\n"),
         ("docs/about.md:9:", "javascript:")),
    Case("off-site page_scripts",
         lambda p: edit(p / "docs/social-credit-codes.md", "  - assets/javascripts/uscc.js",
                        "  - assets/javascripts/uscc.js\n  - https://evil.example/x.js"),
         ("docs/social-credit-codes.md:8:", "page_scripts")),
    Case("non-scalar YAML key",
         lambda p: edit(p / "data/myths.yml", "  page: sesame-credit.md", "  [a, b]: c\n  page: sesame-credit.md"),
         ("data/myths.yml:", "key")),
    Case("Latin-1 byte in a data file", _latin1, ("data/myths.yml:", "UTF-8")),
    Case("control character in a data file",
         lambda p: edit(p / "data/myths.yml", "Sesame Credit is a private", "Sesame Credit\x07 is a private"),
         ("data/myths.yml:", "control character")),
    Case("~~~ fence holding a ``` fence before a citation", _nested_fence,
         ("docs/about.md:", "no-such-source")),
    Case("snippet outside the snippets folder",
         lambda p: edit(p / "docs/social-credit-codes.md", '--8<-- "uscc-checker.html"', '--8<-- "../../mkdocs.yml"'),
         ("docs/social-credit-codes.md:", "snippet")),
    Case("plain string where a source belongs",
         lambda p: edit(p / "data/sources.yml", "- id: wiki-zm\n", "- just a string\n- id: wiki-zm\n"),
         (f"data/sources.yml:{_FIRST_SOURCE}:", "mapping")),
    Case("plain string where a uscc entry belongs",
         lambda p: edit(p / "data/uscc.yml", "authorities:\n", "authorities:\n  - just a string\n"),
         ("data/uscc.yml:", "mapping")),
    Case("emoji in a title",
         lambda p: _front(p, "about.md", "title: About this explainer", "title: About this explainer 😀"),
         ("docs/about.md:2:", "title")),
    Case("link to a missing page",
         lambda p: edit(p / "docs/about.md", "# About this explainer {#top}\n",
                        "# About this explainer {#top}\n\nSee [nothing](missing.md).\n"),
         ("docs/about.md", "missing.md")),
    Case("Mermaid label with an <img> tag",
         lambda p: _diagram(p, '  a["<img src=x>"] --> b["B"]\n'), ("docs/about.md:", "<img")),
    Case("10,000-character title",
         lambda p: _front(p, "about.md", "title: About this explainer", "title: " + "word " * 2000),
         ("docs/about.md:2:", "title"), timeout=30),
    Case("Mermaid diagram with 400 nodes", _many_nodes, ("docs/about.md:", "limit"), timeout=30),
    Case("Mermaid diagram with 100 short links", _many_links, ("docs/about.md:", "more than the limits of 60 nodes"),
         timeout=30),
    Case("description over 160 characters",
         lambda p: _front(p, "about.md", "description: Scope", "description: " + "x" * 150 + " Scope"),
         ("docs/about.md:3:", "160")),
    Case("data/anchors.lock deleted", lambda p: (p / "data/anchors.lock").unlink(), ("data/anchors.lock",)),
    Case("citation syntax inside inline code",
         lambda p: edit(p / "docs/about.md", "# About this explainer {#top}\n",
                        "# About this explainer {#top}\n\nCite with `[@some-id]`, like this.[@mit]\n"),
         fails=False),
    Case("SITE_URL holds markup", lambda p: None, (f"mkdocs.yml:{_SITE_URL}:", "SITE_URL"),
         env={"SITE_URL": 'https://x.example/"><script>alert(1)</script>'}),
]


def build(project: Path, site: Path, dist: Path | None = None, env: dict | None = None,
          timeout: float = 120) -> tuple[int | str, str, float]:
    """Run the project's atomic build; (exit code or "timeout", output, seconds)."""
    cmd = [sys.executable, str(project / "scripts/build.py"), "--config-file", str(project / "mkdocs.yml"),
           "--site-dir", str(site)]
    if dist is not None:
        cmd += ["--dist-dir", str(dist)]
    full_env = dict(os.environ, SOURCE_DATE_EPOCH="1764288000", **(env or {}))
    started = time.monotonic()
    try:
        result = subprocess.run(cmd, cwd=project, env=full_env, capture_output=True, text=True,
                                timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", time.monotonic() - started
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


def summary(output: str) -> str:
    """The line a reader sees: the error, else the last line."""
    lines = [line for line in output.splitlines() if line.strip()]
    if any("Traceback" in line for line in lines):
        errors = [line for line in lines if re.match(r"^[\w.]+(Error|Exception)\b", line)]
        return "Traceback … " + (errors[-1] if errors else lines[-1]).strip()[:140]
    for line in reversed(lines):
        if (line.startswith("ERROR") or "Error:" in line) and not line.rstrip().endswith(":"):
            return re.sub(r"\s+", " ", line)[:200]
    return (lines[-1] if lines else "")[:160]


if __name__ == "__main__":  # cd tests && python -m support.hostile PROJECT: the table
    import shutil
    import tempfile
    source = Path(sys.argv[1]).resolve()
    for case in CASES:
        with tempfile.TemporaryDirectory() as work:
            project = Path(work) / "project"
            shutil.copytree(source, project, symlinks=True,
                            ignore=shutil.ignore_patterns(".git", "site", "dist", ".venv", "node_modules"))
            case.change(project)
            site = project / "site"
            site.mkdir()
            (site / "marker").write_text("previous", encoding="utf-8")
            code, output, seconds = build(project, site, project / "dist", case.env, case.timeout)
            kept = (site / "marker").exists()
            print(f"| {case.name} | {code} | {seconds:.0f} s | {summary(output)} | {'kept' if kept else 'replaced'} |",
                  flush=True)
