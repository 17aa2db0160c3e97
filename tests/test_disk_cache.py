"""The diagram and preview-card caches keep only what a full build uses (explainer.disk_cache)."""
from __future__ import annotations

import pytest

from explainer.anchors import ids as anchor_ids
from explainer.core.disk_cache import TextMemo, prune
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


def test_a_text_memo_computes_once_per_text_and_code_and_prunes_what_a_build_did_not_ask_for(tmp_path):
    calls = []

    def measure(text):
        calls.append(text)
        return {"length": len(text)}

    memo = TextMemo(tmp_path, b"code 1")
    assert memo.get("abc", measure) == {"length": 3} and calls == ["abc"]
    assert TextMemo(tmp_path, b"code 1").get("abc", measure) == {"length": 3} and calls == ["abc"]
    assert TextMemo(tmp_path, b"code 2").get("abc", measure) == {"length": 3} and calls == ["abc", "abc"]
    assert TextMemo(None, b"code 1").get("abc", measure) == {"length": 3} and len(calls) == 3
    next_build = TextMemo(tmp_path, b"code 2")
    next_build.get("abc", measure)
    assert next_build.prune() == 1
    assert [p.name for p in tmp_path.iterdir()] == [next_build.key("abc") + ".json"]


def test_a_page_s_ids_are_read_back_as_they_were_parsed(tmp_path, monkeypatch):
    page = '<h2 id="a">A <a class="headerlink" href="#a">#</a></h2><h3>B</h3><span id="old" class="ex-alias"></span>'
    anchor_ids.use_cache(tmp_path)
    try:
        first = anchor_ids.collect_ids(page)
        anchor_ids._last_collected.clear()
        monkeypatch.setattr(anchor_ids, "_IdCollector", lambda: pytest.fail("parsed again"))
        assert anchor_ids.collect_ids(page) == first
        assert first.headings == [("a", "A")] and first.untagged_headings == ["B"] and first.aliases == ["old"]
    finally:
        anchor_ids.use_cache(None)
        anchor_ids._last_collected.clear()
