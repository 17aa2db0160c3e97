"""Hostile and broken inputs (issue 14) stop the build cleanly, quickly, naming file and line.

Every case of tests/support/hostile.py is applied to a throw-away project copy that already
has a site/ and dist/; the build must then stop with ``file:line: what — fix`` (never a
traceback), within the case's time limit, and leave site/ and dist/ as they were.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.hostile import CASES, PAYLOAD, build

FAILING = [case for case in CASES if case.fails]


def _previous(project: Path) -> tuple[Path, Path]:
    site, dist = project / "site", project / "dist"
    for folder in (site, dist):
        folder.mkdir(exist_ok=True)
        (folder / "previous.txt").write_text("the previous build", encoding="utf-8")
    return site, dist


@pytest.mark.parametrize("case", FAILING, ids=[case.name for case in FAILING])
def test_bad_input_stops_the_build_with_file_and_line(case, project_copy):
    case.change(project_copy)
    site, dist = _previous(project_copy)
    code, output, seconds = build(project_copy, site, dist, case.env, timeout=case.timeout)
    assert code not in (0, "timeout"), f"{case.name}: the build did not stop ({code}, {seconds:.0f} s)\n{output}"
    assert "Traceback" not in output, output
    assert "<unknown file>" not in output, output
    for text in case.expect:
        assert text in output, f"{text!r} not in:\n{output}"
    assert " — " in output, f"no fix in the message:\n{output}"
    assert (site / "previous.txt").is_file() and (dist / "previous.txt").is_file(), "site/ or dist/ was replaced"
    assert not list(project_copy.glob(".site-*")) and not list(dist.glob(".dist-*")), "temporary folders left"


def test_alias_bomb_is_refused_at_once(project_copy):
    case = next(case for case in CASES if "alias bomb" in case.name)
    case.change(project_copy)
    code, output, seconds = build(project_copy, project_copy / "site", timeout=30)
    assert code == 1 and seconds < 15, (code, seconds, output)


@pytest.mark.parametrize("name", [case.name for case in CASES if not case.fails])
def test_markup_in_text_fields_builds_and_is_shown_as_text(name, project_copy):
    case = next(case for case in CASES if case.name == name)
    case.change(project_copy)
    site = project_copy / "site"
    code, output, _ = build(project_copy, site)
    assert code == 0, output
    for path in site.rglob("*.html"):
        assert PAYLOAD not in path.read_text(encoding="utf-8"), f"{path} holds the payload unescaped"
    if "inline code" in name:
        about = (site / "about" / "index.html").read_text(encoding="utf-8")
        assert "<code>[@some-id]</code>" in about


def _world_readable(folder: Path) -> list[str]:
    wrong = []
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        if mode != (0o755 if path.is_dir() else 0o644):
            wrong.append(f"{oct(mode)} {path.relative_to(folder)}")
    return wrong


def test_site_and_bundle_are_world_readable_whatever_the_umask(project_copy):
    site, dist = project_copy / "site", project_copy / "dist"
    result = subprocess.run(
        [sys.executable, str(project_copy / "scripts/build.py"), "--site-dir", str(site), "--dist-dir", str(dist)],
        cwd=project_copy, env=dict(os.environ, SOURCE_DATE_EPOCH="1764288000"), capture_output=True, text=True,
        preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    assert not _world_readable(site), _world_readable(site)[:5]
    assert [oct(p.stat().st_mode & 0o777) for p in dist.glob("*.zip")] == ["0o644"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_build_leaves_no_temporary_folders(signum, project_copy):
    site, dist = _previous(project_copy)
    process = subprocess.Popen(
        [sys.executable, str(project_copy / "scripts/build.py"), "--site-dir", str(site), "--dist-dir", str(dist)],
        cwd=project_copy, env=dict(os.environ, SOURCE_DATE_EPOCH="1764288000"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not list(dist.glob(".dist-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # polling for the temporary folder to appear, not a fixed wait
    assert process.poll() is None, "the build ended before it could be interrupted"
    assert list(dist.glob(".dist-*")), "no temporary folder appeared before the signal: nothing was tested"
    process.send_signal(signum)
    _, errors = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in errors, errors
    assert not list(project_copy.glob(".site-*")), list(project_copy.glob(".site-*"))
    assert not list(dist.glob(".dist-*")), list(dist.glob(".dist-*"))
    assert (site / "previous.txt").is_file() and (dist / "previous.txt").is_file()


def test_a_second_build_in_the_same_checkout_stops_with_a_clear_message(project_copy):
    from explainer.core.build_guard import BuildLock
    with BuildLock(project_copy / ".cache" / "build.lock"):
        code, output, _ = build(project_copy, project_copy / "site")
    assert code == 75, output
    assert "another build is running in this checkout" in output and "Traceback" not in output, output


def test_a_read_only_diagram_cache_still_builds(project_copy):
    cache = project_copy / ".cache" / "diagrams"
    cache.mkdir(parents=True, exist_ok=True)
    with open(project_copy / "docs/about.md", "a", encoding="utf-8") as out:
        out.write("\n## New diagram {#new-diagram}\n\n```mermaid\nflowchart TB\n  accTitle: New\n"
                  "  accDescr { One new diagram.[@mit] }\n  a[\"Not in the cache\"] --> b[\"B\"]\n```\n")
    cache.chmod(0o555)
    try:
        code, output, _ = build(project_copy, project_copy / "site")
    finally:
        cache.chmod(0o755)
    assert code == 0, output
    assert "Not in the cache" in (project_copy / "site/about/index.html").read_text(encoding="utf-8")


def test_the_cli_prints_valid_utf8_json_for_bytes_that_are_not_utf8():
    script = Path(__file__).resolve().parents[1] / "scripts" / "uscc.py"
    result = subprocess.run([sys.executable, str(script), os.fsdecode(b"\xff91350100M000100Y43")],
                            capture_output=True)
    text = result.stdout.decode("utf-8")  # strict: a lone surrogate would fail here
    import json
    record = json.loads(text.splitlines()[0])
    assert record["input"] == "\ufffd91350100M000100Y43" and not record["valid"]
    assert "\\udc" not in text
