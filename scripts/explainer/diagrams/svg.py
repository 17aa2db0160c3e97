"""Turn a renderer's SVG into the inline SVG the site ships.

``finish_svg`` is a pure, deterministic function of its inputs:

- theming: Mermaid's ``<style>`` and inline colour (``style``, ``fill``, ``stroke`` …)
  go, so ``diagrams.css`` colours the diagram from the site's light and dark palettes;
- ids: ids nothing points at go; the rest get the caller's *prefix* (and every
  reference follows), so diagrams never share an id and arrowheads stay their own;
- colours without the site's CSS (reader views, feeds, e-mail): presentation attributes
  and a page-coloured backdrop keep the labels legible, dark on light, and any CSS rule
  (diagrams.css) overrides them;
- accessibility: ``role="img"``, a ``<title>`` that names it, and either a ``<desc>``
  or ``aria-describedby`` pointing at the text version outside the SVG;
- size: unused markers and filters, Mermaid's data attributes and bookkeeping
  classes, layout styles that diagrams.css sets anyway, and empty groups are dropped;
  coordinates are rounded to one decimal.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XHTML_NS = "http://www.w3.org/1999/xhtml"
etree.register_namespace("", SVG_NS)
etree.register_namespace("xlink", XLINK_NS)

S = f"{{{SVG_NS}}}"
H = f"{{{XHTML_NS}}}"
# Colour and typography Mermaid baked in (diagrams.css sets them).
DROPPED_ATTRIBUTES = {"style", "fill", "stroke", "color", "stroke-width", "font-family", "font-size",
                      "alignment-baseline"}
# Mermaid's bookkeeping classes that no style uses.
DROPPED_CLASSES = {"default", "basic", "label-container", "flowchart-v2", "flowchart-label", "edge-thickness-normal",
                   "edge-pattern-solid", "arrowMarkerPath"}
# Layout of HTML labels (Mermaid wraps a long label to a fixed width). The unwrapped case,
# display: table-cell and white-space: nowrap, and the line height are diagrams.css defaults.
KEPT_HTML_STYLE = ("display", "white-space", "width")
DEFAULT_HTML_STYLE = {"display": "table-cell", "white-space": "nowrap"}
# A wrapped label is as wide as its <foreignObject>: it becomes class WRAPPED_CLASS
# (diagrams.css: width 100%) instead of a style attribute, which the pages'
# Content-Security-Policy would have to allow one hash at a time.
WRAPPED_STYLE = {"display": "table", "white-space": "break-spaces"}
WRAPPED_CLASS = "ex-wrap"
# Colours for a reader without the site's CSS (diagrams.css overrides every one of them).
PLAIN = {"text": "#1f1f1f", "page": "#ffffff", "node": "#ffffff", "line": "#4d4d4d",
         "group": "#f0f0f0", "group-edge": "#8c8c8c"}
PLAIN_FONT = {"font-family": "'DejaVu Sans', Verdana, sans-serif", "font-size": "16"}
SHAPES = {f"{S}{name}" for name in ("rect", "polygon", "path", "circle", "ellipse")}
# Attributes whose numbers are rounded.
GEOMETRY_ATTRIBUTES = {"d", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy",
                       "r", "rx", "ry", "points", "refX", "refY", "markerWidth", "markerHeight", "viewBox",
                       "dx", "dy"}
NUMBER_RE = re.compile(r"-?\d+\.\d{2,}(?:e-?\d+)?")
REFERENCE_RE = re.compile(r"url\(#([^)\s]+)\)")
HTML_ELEMENTS_RE = re.compile(r"<(div|span|p|b|i|strong|em|code|a|u|s|sub|sup)((?:\s[^<>]*?)?)\s*/>")


def finish_svg(raw: str, prefix: str, title: str, description: str | None = None,
               described_by: str | None = None, render_id: str = "my-svg") -> str:
    """The inline SVG for one diagram (see the module docstring).

    With *described_by*, ``aria-describedby`` points at that element (the text version
    beside the SVG) and no ``<desc>`` is written; otherwise *description* becomes the
    ``<desc>``.
    """
    root = etree.fromstring(raw)
    if root.tag != f"{S}svg":
        raise ValueError("the renderer did not return an <svg> element")
    width, height = _size(root)
    _drop_styles(root)
    _drop_unused_definitions(root)
    _simplify_labels(root)
    _drop_empty(root)
    _plain_colours(root)
    _prefix_ids(root, prefix, render_id)
    _round_numbers(root)
    _accessibility(root, prefix, title, description, described_by)
    root.set("width", _number(width))
    root.set("height", _number(height))
    classes = [c for c in root.get("class", "").split() if c]
    root.set("class", " ".join(["ex-diagram__svg", *(f"ex-diagram--{c}" for c in classes)]))
    _order_root_attributes(root)
    _unqualify_html(root)
    text = etree.tostring(root, encoding="unicode", short_empty_elements=True)
    # Inline in HTML, an empty HTML element written as <span/> would swallow what follows.
    return HTML_ELEMENTS_RE.sub(r"<\1\2></\1>", text)


def _walk(element):
    yield element
    for child in element:
        yield from _walk(child)


def _parents(root) -> dict:
    return {child: parent for parent in _walk(root) for child in parent}


def _drop_styles(root) -> None:
    parents = _parents(root)
    for element in list(_walk(root)):
        if element.tag == f"{S}style":
            parents[element].remove(element)
            continue
        html = element.tag.startswith(H)
        for name in list(element.attrib):
            local = name.rsplit("}", 1)[-1]
            if html and local == "style":
                kept = _layout_style(element.get(name))
                if _wraps_to(kept, parents.get(element)):
                    element.set("class", " ".join(filter(None, [element.get("class"), WRAPPED_CLASS])))
                    del element.attrib[name]
                elif kept:
                    element.set(name, kept)
                else:
                    del element.attrib[name]
            elif local in DROPPED_ATTRIBUTES or local.startswith("data-"):
                del element.attrib[name]
            elif local in ("font-weight", "font-style") and element.get(name) == "normal":
                del element.attrib[name]
        if element.get("class") is not None:
            _tidy_classes(element)


def _tidy_classes(element) -> None:
    classes = []
    for name in element.get("class", "").split():
        if name not in classes and name not in DROPPED_CLASSES:
            classes.append(name)
    if classes:
        element.set("class", " ".join(classes))
    else:
        del element.attrib["class"]


def _wraps_to(style: str, parent) -> bool:
    """*style* is exactly Mermaid's wrapped-label layout, as wide as *parent* (a foreignObject)."""
    if parent is None or parent.tag != f"{S}foreignObject" or not style:
        return False
    declarations = dict(part.split(": ", 1) for part in style.split("; "))
    width = declarations.pop("width", "")
    try:
        return (declarations == WRAPPED_STYLE and width.endswith("px")
                and abs(float(width[:-2]) - float(parent.get("width", "nan"))) < 0.5)
    except ValueError:
        return False


def _layout_style(style: str) -> str:
    declarations = []
    for part in style.split(";"):
        name, _, value = (piece.strip() for piece in part.partition(":"))
        if name in KEPT_HTML_STYLE and value and DEFAULT_HTML_STYLE.get(name) != value:
            declarations.append(f"{name}: {value}")
    return "; ".join(declarations)


def _plain_colours(root) -> None:
    """Presentation attributes for a page without diagrams.css; SVG's own defaults are black
    shapes (black on black labels) and HTML labels clipped to Mermaid's measured boxes."""
    root.set("color", PLAIN["text"])  # HTML labels inherit it
    root.set("fill", PLAIN["text"])   # SVG text
    for name, value in PLAIN_FONT.items():
        root.set(name, value)
    x, y, width, height = root.get("viewBox").replace(",", " ").split()
    root.insert(0, etree.Element(f"{S}rect", {"class": "ex-diagram__backdrop", "x": x, "y": y, "width": width,
                                             "height": height, "fill": PLAIN["page"]}))
    for element in _walk(root):
        classes = element.get("class", "").split()
        if element.tag == f"{S}g" and "node" in classes:
            for shape in element:
                if shape.tag in SHAPES:
                    shape.attrib.update({"fill": PLAIN["node"], "stroke": PLAIN["line"], "stroke-width": "1.5"})
        elif element.tag == f"{S}g" and "cluster" in classes:
            for shape in element:
                if shape.tag in SHAPES:
                    shape.attrib.update({"fill": PLAIN["group"], "stroke": PLAIN["group-edge"]})
        elif element.tag == f"{S}path" and "flowchart-link" in classes:
            invisible = "edge-thickness-invisible" in classes
            element.attrib.update({"fill": "none", "stroke": "none" if invisible else PLAIN["line"],
                                   "stroke-width": "1.5"})
        elif element.tag == f"{S}marker":
            for shape in element:
                shape.attrib.update({"fill": PLAIN["line"], "stroke": PLAIN["line"]})
        elif element.tag == f"{S}foreignObject":
            element.set("overflow", "visible")


def _unqualify_html(root) -> None:
    """HTML inside <foreignObject> is parsed as HTML when inline: plain tag names, no xmlns."""
    for element in _walk(root):
        if element.tag.startswith(H):
            element.tag = element.tag[len(H):]


def _drop_unused_definitions(root) -> None:
    """Markers and filters that nothing points at (Mermaid defines a dozen per flowchart)."""
    text = etree.tostring(root, encoding="unicode")
    used = set(REFERENCE_RE.findall(text)) | set(re.findall(r'href="#([^"]+)"', text))
    parents = _parents(root)
    for element in list(_walk(root)):
        if element.tag in (f"{S}marker", f"{S}filter") and element.get("id") not in used:
            parents[element].remove(element)


def _simplify_labels(root) -> None:
    """<span class="nodeLabel"><p>text</p></span> -> <span class="nodeLabel">text</span>.

    The paragraph adds nothing to a one-block label (diagrams.css gives it no margin)
    and would read as a body paragraph to anything that walks the page's <p>s."""
    for span in _walk(root):
        if span.tag != f"{H}span" or len(span) != 1 or span[0].tag != f"{H}p" or (span.text or "").strip():
            continue
        paragraph = span[0]
        span.remove(paragraph)
        span.text = (span.text or "") + (paragraph.text or "")
        for child in list(paragraph):
            span.append(child)
    # Mermaid's SVG-text labels: one <tspan> per word becomes the row's text.
    for row in _walk(root):
        if row.tag != f"{S}tspan" or "text-outer-tspan" not in row.get("class", ""):
            continue
        words = list(row)
        if words and all(w.tag == f"{S}tspan" and len(w) == 0 and not w.get("font-weight")
                         and not w.get("font-style") for w in words):
            row.text = (row.text or "") + "".join((w.text or "") + (w.tail or "") for w in words)
            for word in words:
                row.remove(word)
        row.set("class", "row")


def _drop_empty(root) -> None:
    """Empty placeholders: unsized <rect/>s, text-less edge labels, groups with nothing in them."""
    parents = _parents(root)
    for element in list(_walk(root)):
        if element.tag == f"{S}rect" and not element.get("width") and not element.get("height") and len(element) == 0:
            parents[element].remove(element)
    for element in list(_walk(root)):
        if element.tag == f"{S}g" and "edgeLabel" in element.get("class", "").split() and element in parents:
            if not "".join(element.itertext()).strip():
                parents[element].remove(element)
    changed = True
    while changed:
        changed = False
        parents = _parents(root)
        for element in list(_walk(root)):
            if element.tag in (f"{S}g", f"{S}defs") and len(element) == 0 and element in parents:
                parents[element].remove(element)
                changed = True


def _size(root) -> tuple[float, float]:
    box = [float(v) for v in root.get("viewBox", "0 0 0 0").replace(",", " ").split()]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise ValueError("the rendered SVG has no usable viewBox")
    return box[2], box[3]


def _prefix_ids(root, prefix: str, render_id: str) -> None:
    """Keep the ids something points at, under *prefix*; drop the rest."""
    text = etree.tostring(root, encoding="unicode")
    used = set(REFERENCE_RE.findall(text)) | set(re.findall(r'href="#([^"]+)"', text))
    mapping: dict[str, str] = {}
    for element in _walk(root):
        old = element.get("id")
        if old is None or element is root:
            continue
        if old not in used:
            del element.attrib["id"]
            continue
        new = old.replace(render_id, prefix) if render_id in old else f"{prefix}-{old}"
        mapping[old] = new
        element.set("id", new)
    root.set("id", prefix)

    def swap_url(match):
        return f"url(#{mapping.get(match.group(1), match.group(1))})"

    for element in _walk(root):
        for name, value in list(element.attrib.items()):
            local = name.rsplit("}", 1)[-1]
            if "url(#" in value:
                element.set(name, REFERENCE_RE.sub(swap_url, value))
            elif local == "href" and value.startswith("#"):
                element.set(name, "#" + mapping.get(value[1:], value[1:]))


def _round_numbers(root) -> None:
    for element in _walk(root):
        for name, value in list(element.attrib.items()):
            if name in GEOMETRY_ATTRIBUTES:
                element.set(name, NUMBER_RE.sub(lambda m: _number(float(m.group(0)), 1), value))


def _number(value: float, places: int = 2) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _accessibility(root, prefix: str, title: str, description: str | None, described_by: str | None) -> None:
    for element in list(root):
        if element.tag in (f"{S}title", f"{S}desc"):
            root.remove(element)
    for name in ("aria-roledescription", "aria-labelledby", "aria-describedby", "role"):
        root.attrib.pop(name, None)
    if described_by is None and description:
        desc_el = etree.Element(f"{S}desc", {"id": f"{prefix}-desc"})
        desc_el.text = description
        root.insert(0, desc_el)
        described_by = f"{prefix}-desc"
    title_el = etree.Element(f"{S}title", {"id": f"{prefix}-title"})
    title_el.text = title
    root.insert(0, title_el)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    if described_by:
        root.set("aria-describedby", described_by)


def _order_root_attributes(root) -> None:
    order = ["id", "class", "width", "height", "viewBox", "role", "aria-labelledby", "aria-describedby"]
    items = dict(root.attrib)
    root.attrib.clear()
    for name in order:
        if name in items:
            root.set(name, items.pop(name))
    for name in sorted(items):
        root.set(name, items[name])


def svg_ids(svg: str) -> list[str]:
    """Every id in an SVG string (for tests and checks)."""
    return [element.get("id") for element in _walk(etree.fromstring(svg)) if element.get("id")]
