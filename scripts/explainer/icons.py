"""PNG icons drawn from the site's SVG favicon at build time: a 32 px favicon for browsers that
do not take SVG icons, and a 180 px apple-touch-icon (opaque: iOS rounds the corners itself
and shows transparency as black).

Rendered with novasvg (the pinned SVG renderer behind mermaidx) and saved by Pillow without
metadata, so the same SVG always gives the same bytes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import novasvg
from PIL import Image

from .errors import ContentError


@dataclass(frozen=True)
class Icon:
    path: str          # in the site
    size: int
    rel: str           # <link rel="…">
    background: tuple[int, int, int] | None = None   # fill behind the drawing (opaque icons)


ICONS = (
    Icon("assets/images/favicon-32.png", 32, "icon"),
    Icon("assets/images/apple-touch-icon.png", 180, "apple-touch-icon", background=(140, 47, 27)),
)


def render(svg: bytes, icon: Icon, where: str) -> bytes:
    """The icon as PNG bytes; a malformed SVG is a content error naming *where*."""
    document = novasvg.Document.load_from_data(svg)
    if document is None:
        raise ContentError(where, None, "the favicon SVG cannot be read",
                           "fix the SVG (it must open in a browser) or point theme.favicon at another file")
    image = document.render_to_bitmap(icon.size, icon.size).to_pil().convert("RGBA")
    if icon.background:
        backdrop = Image.new("RGBA", image.size, icon.background + (255,))
        image = Image.alpha_composite(backdrop, image).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()
