"""PNG icons drawn from the site's SVG favicon at build time: a 32 px favicon for browsers that
do not take SVG icons, and a 180 px apple-touch-icon (opaque: iOS rounds the corners itself
and shows transparency as black).

Rendered with novasvg (the pinned SVG renderer behind mermaidx) and saved by Pillow as a
small palette PNG without metadata, so the same SVG always gives the same bytes; kept in the
preview cards' cache (``render_cached``), so that a build whose favicon has not changed
loads neither.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import astuple, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PIL import __version__ as PILLOW_VERSION

from explainer.core import disk_cache
from explainer.core.errors import ContentError


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


def cache_key(svg: bytes, icon: Icon) -> str:
    """Changes with the SVG, the icon, novasvg, Pillow and this module's code."""
    try:
        renderer = version("novasvg")
    except PackageNotFoundError:
        renderer = "missing"
    digest = hashlib.sha256(repr((astuple(icon), renderer, PILLOW_VERSION)).encode("utf-8"))
    digest.update(disk_cache.source_digest(__file__))
    digest.update(svg)
    return digest.hexdigest()


def render_cached(svg: bytes, icon: Icon, where: str, cache_dir: Path) -> tuple[bytes, str]:
    """``render``, read from *cache_dir* when a build drew the same icon before; also its key."""
    key = cache_key(svg, icon)
    path = cache_dir / f"{key}.png"
    data = disk_cache.read_bytes(path)
    if data is None:
        data = render(svg, icon, where)
        disk_cache.write_atomic(path, data)
    return data, key


def render(svg: bytes, icon: Icon, where: str) -> bytes:
    """The icon as PNG bytes; a malformed SVG is a content error naming *where*."""
    import novasvg  # loaded only to draw: a build whose icons come from the cache never needs them
    from PIL import Image

    document = novasvg.Document.load_from_data(svg)
    if document is None:
        raise ContentError(where, None, "the favicon SVG cannot be read",
                           "fix the SVG (it must open in a browser) or point theme.favicon at another file")
    # The background is packed 0xRRGGBBAA; 0 is transparent (novasvg's default is black).
    red, green, blue = icon.background or (0, 0, 0)
    background = (red << 24 | green << 16 | blue << 8 | 0xFF) if icon.background else 0
    image = document.render_to_bitmap(icon.size, icon.size, background).to_pil()
    image = image.convert("RGB") if icon.background else image.convert("RGBA")
    # 32 colours (fast octree, no dithering: deterministic) keep the anti-aliased edges and a
    # third of the bytes: every page links these files.
    image = image.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
