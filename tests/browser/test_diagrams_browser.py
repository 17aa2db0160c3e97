"""Diagrams in headless Chromium: visible without JavaScript, readable in light, dark and print."""
from __future__ import annotations

import re

import pytest

PAGES = {"": 2, "social-credit-codes/": 1, "blacklists/": 1}
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}
AA_NORMAL_TEXT = 4.5

# Every text label of every diagram with the colours it is drawn in and drawn on. A node's
# label sits on the node's shape; an edge label on its label background; a group's title on
# the group's box. The page background comes last, for translucent fills.
LABEL_COLOURS_JS = """
() => {
  const page = getComputedStyle(document.body).backgroundColor;
  const out = [];
  for (const div of document.querySelectorAll('figure.ex-diagram svg foreignObject div')) {
    const text = div.textContent.trim();
    if (!text) continue;
    const layers = [];
    const node = div.closest('g.node');
    const edge = div.closest('g.edgeLabel');
    const cluster = div.closest('g.cluster');
    if (node) {
      const shape = node.querySelector(':scope > rect, :scope > polygon, :scope > path, :scope > circle');
      layers.push(getComputedStyle(shape).fill);
    } else if (edge) {
      layers.push(getComputedStyle(div).backgroundColor);
    } else if (cluster) {
      layers.push(getComputedStyle(cluster.querySelector('rect')).fill);
    }
    out.push({text, color: getComputedStyle(div).color, layers, page});
  }
  return out;
}
"""


def _rgba(value: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    if value.startswith("rgba") or len(numbers) == 4:
        return numbers[0], numbers[1], numbers[2], numbers[3]
    if len(numbers) >= 3:
        return numbers[0], numbers[1], numbers[2], 1.0
    raise ValueError(f"not a colour: {value!r}")


def _over(top, bottom):
    red, green, blue, alpha = top
    return tuple(red * alpha + b * (1 - alpha) for red, b in zip((red, green, blue), bottom[:3])) + (1.0,)


def _luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text: str, layers: list[str], page: str) -> float:
    """WCAG contrast of *text* drawn on *layers* (top first) over the page background."""
    background = _rgba(page)
    for layer in reversed(layers):
        if layer and layer != "none":
            background = _over(_rgba(layer), background)
    foreground = _over(_rgba(text), background)
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_values():
    assert round(contrast("rgb(0, 0, 0)", [], "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", [], "rgb(255, 255, 255)"), 2) == 4.54
    assert contrast("rgba(0, 0, 0, 0)", ["rgb(255, 255, 255)"], "rgb(0, 0, 0)") == 1.0


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_diagrams_show_without_javascript(no_js_page, site_url, path):
    page = no_js_page
    page.goto(site_url + path)
    figures = page.locator("figure.ex-diagram")
    assert figures.count() >= PAGES[path]
    for index in range(figures.count()):
        figure = figures.nth(index)
        svg = figure.locator("svg.ex-diagram__svg")
        figure.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box["width"] >= 250 and box["height"] >= 200, box
        labels = svg.locator("foreignObject div")
        assert labels.count() >= 4 and labels.first.is_visible()
        assert len(svg.text_content().split()) >= 10  # the diagram's words are text in the DOM
        caption = figure.locator("figcaption .ex-diagram__title")
        assert caption.is_visible() and caption.inner_text().strip()
        body = figure.locator(".ex-diagram__text-body")
        assert not body.is_visible()
        figure.locator("summary").click()  # <details> needs no script
        body.wait_for(state="visible")
        assert len(body.inner_text()) > 100


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("path", sorted(PAGES))
def test_diagram_labels_meet_aa_contrast(page, site_url, path, scheme, tmp_path):
    media, attribute = SCHEMES[scheme]
    page.emulate_media(color_scheme=media)
    page.goto(site_url + path)
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{attribute}'")
    labels = page.evaluate(LABEL_COLOURS_JS)
    assert len(labels) >= 5
    weak = [(item["text"][:40], round(contrast(item["color"], item["layers"], item["page"]), 2))
            for item in labels if contrast(item["color"], item["layers"], item["page"]) < AA_NORMAL_TEXT]
    assert not weak, f"{scheme} {path}: labels below {AA_NORMAL_TEXT}:1: {weak}"
    for index, figure in enumerate(page.locator("figure.ex-diagram").all()):
        figure.screenshot(path=str(tmp_path / f"diagram-{index}-{scheme}.png"))


@pytest.mark.parametrize("path", sorted(PAGES))
def test_print_uses_dark_ink_on_white_even_from_dark_mode(page, site_url, path):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + path)
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.emulate_media(media="print", color_scheme="dark")
    for item in page.evaluate(LABEL_COLOURS_JS):
        ratio = contrast(item["color"], item["layers"], "rgb(255, 255, 255)")
        assert ratio >= AA_NORMAL_TEXT, (item["text"][:40], ratio)


def test_no_diagram_script_is_fetched(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "blacklists/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.mermaid") == "undefined"
    assert not [url for url in requested if "mermaid" in url.lower() or not url.startswith(site_url)]
