"""Every built page in w3m (a text browser: no CSS, no JavaScript), as ``w3m -dump`` prints
it: diagrams give their title and text version before the SVG's loose labels, no line starts
with a citation's comma, and no sentence promises a button that only JavaScript adds."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from support.quality_tools import require
from support.site import article, parse


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def dumps(built_site) -> dict:
    """{page path: (parsed page, w3m's text)} for every page with an article."""
    w3m = shutil.which("w3m")
    require(w3m is not None, "w3m is not installed (apt-get install w3m)")
    out = {}
    for path in sorted(built_site.rglob("*.html")):
        soup = parse(path)
        if article(soup) is None:
            continue
        text = subprocess.run([w3m, "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8",
                               str(path)], capture_output=True, text=True, check=True).stdout
        out[path.relative_to(built_site).as_posix()] = (soup, text)
    assert len(out) >= 10
    return out


def test_no_line_starts_with_a_citation_comma(dumps):
    """Adjacent citations ([1],[2]) never put their comma at the start of a line."""
    lines = [f"{path}: {line.strip()!r}" for path, (_, text) in dumps.items()
             for line in text.splitlines() if re.match(r"\s*,\s*\[\d", line)]
    assert lines == []


def test_diagram_labels_come_after_the_title_and_text_version(dumps):
    checked, problems = 0, []
    for path, (soup, text) in dumps.items():
        flat, start = _squash(text), 0
        for figure in article(soup).select("figure.ex-diagram"):
            title = _squash(figure.select_one(".ex-diagram__title").get_text())
            description = _squash(figure.select_one(".ex-diagram__text-body").get_text())[:60]
            labels = " ".join(_squash(label.get_text(" ")) for label in figure.select("svg foreignObject")
                              if _squash(label.get_text(" ")))
            if not labels:
                continue  # nothing to place: "" is found everywhere
            at_title = flat.find(title, start)
            at_text = flat.find(description, max(at_title, 0))
            at_labels = flat.find(labels, start)
            if at_title < 0 or at_text < 0:
                problems.append(f"{path}: diagram {title!r}: title or text version not found in w3m's text")
            elif 0 <= at_labels < at_text:
                problems.append(f"{path}: diagram {title!r}: its labels come before its text version")
            if at_labels >= 0:
                checked += 1
                start = at_labels + len(labels)
    assert checked >= 3, "the diagrams' labels were not found in w3m's text"
    assert problems == []


# Controls that copy.js adds: without JavaScript they are not there.
SCRIPT_ONLY = re.compile(r'"Copy (link|summary)"|\bcopy button\b|\bbuttons?\b[^.]*\bcop(y|ies)\b', re.I)


def test_no_sentence_promises_a_button_that_needs_javascript(dumps):
    promises = []
    for path, (_, text) in dumps.items():
        for sentence in re.split(r"(?<=[.!?])\s+", _squash(text)):
            if SCRIPT_ONLY.search(sentence) and not re.search(r"\bscripts?\b|JavaScript", sentence):
                promises.append(f"{path}: {sentence!r}")
    assert promises == []
