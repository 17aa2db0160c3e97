"""Each diagram, alone in a blank page with no stylesheet (as in a reader view, a feed or an
e-mail), is legible: every label has a contrast of at least 4.5:1 against the shape or
backdrop behind it, measured in Chromium from computed styles. Also on a dark page, as a
reader's dark theme would set it."""
from __future__ import annotations

import re

import pytest

from support.site import article, html_path, nav_pages, parse

pytestmark = pytest.mark.browser

PAGES = {
    "blank": "<body>",
    "dark reader theme": '<body style="background: #1c1b22; color: #fbfbfe">',
}

# For each label: its text colour, and the fill of the topmost painted shape under its
# centre that is not part of the label (or the page's background if there is none).
MEASURE = """svg => {
  const shapes = new Set(["rect", "polygon", "path", "circle", "ellipse"]);
  const page = getComputedStyle(document.body).backgroundColor;
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement;
    const own = owner.closest("foreignObject, text");
    if (!own || !node.nodeValue.trim()) continue;  // <title>, whitespace
    owner.scrollIntoView({block: "center"});
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const behind = document.elementsFromPoint(x, y).find(el =>
      svg.contains(el) && shapes.has(el.localName) && !own.contains(el) &&
      getComputedStyle(el).fill !== "none");
    const style = getComputedStyle(owner);
    found.push({
      text: node.nodeValue.trim(),
      colour: owner.closest("text") ? style.fill : style.color,
      background: behind ? getComputedStyle(behind).fill : page,
    });
  }
  return found;
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)[:3]]
    if css.startswith("rgba") and float(re.findall(r"[\d.]+", css)[3]) == 0:
        return (255.0, 255.0, 255.0)  # a transparent page shows the browser's white
    return tuple(numbers)


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _diagrams(built_site) -> list[tuple[str, str]]:
    found = []
    for src in nav_pages():
        for svg in article(parse(html_path(built_site, src))).select("figure.ex-diagram svg.ex-diagram__svg"):
            found.append((f"{src} {svg.get('id')}", str(svg)))
    return found


def test_contrast_formula():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(0, 0, 0)", "rgb(0, 0, 0)") == 1.0


@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_every_diagram_label_is_legible_without_the_sites_css(built_site, page, body):
    diagrams = _diagrams(built_site)
    assert len(diagrams) >= 3
    page.set_viewport_size({"width": 1280, "height": 1000})
    problems, measured = [], 0
    for name, svg in diagrams:
        page.set_content(f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{name}</title>"
                         f"</head>{body}{svg}</body></html>")
        for label in page.locator("svg").first.evaluate(MEASURE):
            measured += 1
            ratio = contrast(label["colour"], label["background"])
            if ratio < 4.5:
                problems.append(f"{name}: {label['text']!r} {label['colour']} on {label['background']}: {ratio:.2f}:1")
    assert measured >= 20
    assert problems == []
