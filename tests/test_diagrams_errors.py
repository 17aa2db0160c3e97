"""Broken diagrams stop the build with file, line and the renderer's message; site/ stays."""
from __future__ import annotations

import pytest

from support.project import run_build

MARKER = "  accTitle: One ‘score’ in the myth, four separate things in fact\n"


def _break(project, old: str, new: str) -> int:
    """Replace *old* in docs/index.md's first diagram; return the 1-based line of *new*."""
    page = project / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert MARKER in text, "the four-things diagram moved; update this test"
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    page.write_text(text, encoding="utf-8")
    return text[:text.index(new)].count("\n") + 1


def _previous_site(project):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    return site


@pytest.mark.slow
def test_mermaid_syntax_error_stops_the_build_with_file_line_and_message(project_copy):
    line = _break(project_copy, '    sesame ~~~ codes ~~~ lists ~~~ cities\n',
                  '    sesame ~~~ codes ~~~ lists ~~~ cities\n    broken((oops]\n')
    site = _previous_site(project_copy)
    result = run_build(project_copy, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/index.md:{line + 1}: Mermaid cannot render this diagram: Parse error on line" in output, output
    assert "Expecting" in output  # Mermaid's own words
    assert "Traceback" not in output
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def _drop_title(text: str) -> str:
    return text.replace(MARKER, "", 1)


def _drop_description(text: str) -> str:
    start = text.index("  accDescr {\n    What the myth calls")
    return text[:start] + text[text.index("  }\n", start) + 4:]


@pytest.mark.slow
@pytest.mark.parametrize("mutate, problem", [
    (_drop_title, "the diagram has no title (accTitle)"),
    (_drop_description, "the diagram has no text alternative (accDescr)"),
], ids=["no-title", "no-text-alternative"])
def test_diagram_without_title_or_text_alternative_stops_the_build(project_copy, mutate, problem):
    page = project_copy / "docs" / "index.md"
    text = mutate(page.read_text(encoding="utf-8"))
    page.write_text(text, encoding="utf-8")
    fence_line = text[:text.index("```mermaid")].count("\n") + 1
    site = _previous_site(project_copy)
    result = run_build(project_copy, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/index.md:{fence_line}: {problem} — add " in output, output
    assert "Traceback" not in output
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
