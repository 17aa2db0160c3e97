"""Building: strict, deterministic, and safe on bad input (previous site/ intact)."""
from __future__ import annotations

import filecmp
import hashlib
from pathlib import Path

import pytest

from support.project import run_build
from support.offline import full_build


def _tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_same_commit_builds_byte_identical_files(built_site, tmp_path):
    again = tmp_path / "again"
    result = run_build(Path(__file__).resolve().parents[1], again)
    assert result.returncode == 0, result.stderr
    first, second = _tree_digest(built_site), _tree_digest(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files differ between two builds: {differing[:10]}"


@pytest.fixture
def previous_site(project_copy):
    """A project copy with a successful build in site/, to check it survives a failure."""
    site = project_copy / "site"
    result = run_build(project_copy, site)
    assert result.returncode == 0, result.stderr
    return project_copy, site, _tree_digest(site)


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _fails_cleanly(project, site, digest, *expected):
    result = run_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, f"{text!r} not in:\n{output}"
    assert _tree_digest(site) == digest, "the previous site/ was changed by a failed build"
    return output


def test_unknown_source_id_in_a_page(previous_site):
    project, site, digest = previous_site
    page = project / "docs" / "sesame-credit.md"
    _break(page, "[@tn-17]", "[@tn-71]")
    line = _line_of(page, "[@tn-71]")
    _fails_cleanly(project, site, digest, f"docs/sesame-credit.md:{line}:", "unknown source id 'tn-71'",
                   "did you mean 'tn-17'")


def test_duplicate_source_id(previous_site):
    project, site, digest = previous_site
    registry = project / "data" / "sources.yml"
    _break(registry, "- id: ciw\n", "- id: ant-pr\n")
    line = _line_of(registry, "- id: ant-pr")
    second = [n for n, l in enumerate(registry.read_text().splitlines(), 1) if l == "- id: ant-pr"][1]
    _fails_cleanly(project, site, digest, f"data/sources.yml:{second}:", "duplicate source id 'ant-pr'",
                   f"line {line}")


def test_source_missing_a_required_field(previous_site):
    project, site, digest = previous_site
    registry = project / "data" / "sources.yml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("- id: tn-17\n")
    end = text.index("\n- id:", start + 1)
    entry = text[start:end]
    kept = "\n".join(l for l in entry.splitlines() if not l.strip().startswith("publisher:"))
    registry.write_text(text[:start] + kept + text[end:], encoding="utf-8")
    line = _line_of(registry, "- id: tn-17")
    _fails_cleanly(project, site, digest, f"data/sources.yml:{line}:", "missing the required field 'publisher'",
                   "add 'publisher: …'")


def test_broken_yaml(previous_site):
    project, site, digest = previous_site
    registry = project / "data" / "sources.yml"
    _break(registry, "- id: ciw\n", "- id: ciw\n  title: [unclosed\n")
    _fails_cleanly(project, site, digest, "data/sources.yml:", "broken YAML", "fix the YAML syntax")


def test_unknown_myth_verdict(previous_site):
    project, site, digest = previous_site
    myths = project / "data" / "myths.yml"
    _break(myths, 'verdict: "false"', 'verdict: "nonsense"')
    line = _line_of(myths, 'verdict: "nonsense"')
    _fails_cleanly(project, site, digest, f"data/myths.yml:{line}:", "unknown verdict 'nonsense'")


def test_a_listed_stylesheet_that_does_not_exist(previous_site):
    project, site, digest = previous_site
    config = project / "mkdocs.yml"
    _break(config, "  - assets/stylesheets/links.css\n", "  - assets/stylesheets/link.css\n")
    _fails_cleanly(project, site, digest, f"mkdocs.yml:{_line_of(config, 'link.css')}:",
                   "extra_css lists assets/stylesheets/link.css", "fix the path")


def test_a_successful_build_reminds_the_author_of_new_anchors(project_copy, tmp_path):
    """The notes of a build that succeeds are shown (the reminder to record a new id), MkDocs'
    routine progress is not."""
    with (project_copy / "docs" / "about.md").open("a", encoding="utf-8") as page:
        page.write("\n## A section added by the test {#a-section-added-by-the-test}\n\nText.\n")
    result = run_build(project_copy, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "/about/#a-section-added-by-the-test" in output
    assert "record them with 'make anchors'" in output
    assert "Building documentation to directory" not in output
    assert result.stdout.rstrip().splitlines()[-1] == f"Built {(tmp_path / 'site').resolve()}/."


# Each kind of failure of a full build (`make site`), the step its last line must name.
FAILURES = {
    "content error in a page": ("docs/sesame-credit.md", "[@tn-17]", "[@tn-71]",
                                "step 1 of 3, the offline bundle (mkdocs.offline.yml"),
    "media the EPUB refuses": ("docs/about.md", "\n## ", "\n<audio controls></audio>\n\n## ",
                               "step 2 of 3, the EPUB and ZIM editions"),
    "a locked anchor removed": ("docs/blacklists.md", "{#court-list}", "{#court-lists}",
                                "step 3 of 3, the online site (mkdocs.yml)"),
}


@pytest.mark.parametrize("kind", FAILURES)
def test_a_failed_build_names_the_step_that_failed(project_copy, tmp_path, kind):
    name, old, new, step = FAILURES[kind]
    _break(project_copy / name, old, new)
    result = full_build(project_copy, tmp_path)
    last = result.stderr.rstrip().splitlines()[-1]
    assert result.returncode != 0
    assert last.startswith(f"Build failed at {step}"), last
    out = tmp_path.resolve()
    assert last.endswith(f"on the content error above: fix it and build again; {out / 'site'}/ and {out / 'dist'}/ "
                         "were left as they were."), last
    assert "Offline build failed" not in result.stderr
