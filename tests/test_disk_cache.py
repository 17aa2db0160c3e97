"""The diagram and preview-card caches keep only what a full build uses (explainer.disk_cache)."""
from __future__ import annotations

from explainer.core.disk_cache import prune
from support.project import run_build


def test_prune_keeps_the_named_entries_and_other_files(tmp_path):
    for name in ("a.svg", "b.svg", "c.png", "d.svg.123.tmp"):
        (tmp_path / name).write_text("x")
    assert prune(tmp_path, {"a"}, ".svg") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "c.png", "d.svg.123.tmp"]
    assert prune(tmp_path / "missing", set(), ".svg") == 0


def test_a_full_build_prunes_stale_renders_and_cards(project_copy, tmp_path):
    diagrams, cards = project_copy / ".cache" / "diagrams", project_copy / ".cache" / "cards"
    result = run_build(project_copy, tmp_path / "site")  # fills both caches
    assert result.returncode == 0, result.stderr
    in_use = {p.name for p in diagrams.iterdir()} | {p.name for p in cards.iterdir()}
    assert any(n.endswith(".svg") for n in in_use) and any(n.endswith(".png") for n in in_use)
    (diagrams / ("0" * 64 + ".svg")).write_text("<svg/>")  # left over from an edited diagram
    (cards / ("0" * 64 + ".png")).write_bytes(b"\x89PNG")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert {p.name for p in diagrams.iterdir()} | {p.name for p in cards.iterdir()} == in_use
