"""Link-preview cards: 1200×630 PNGs drawn with Pillow, without network, byte-identical.

A card shows the site name, the page title and its description; a myth's card shows the
claim, the verdict in its colour and the one-line summary. Fonts are DejaVu Sans (Bitstream
Vera licence, see its LICENSE file), taken from ``vendor/fonts/`` when present, else from the
copy that the pinned ``mermaidx`` package ships with its licence. Nothing is downloaded.
DejaVu has no CJK glyphs, so card text must be in Latin script (checked).

PNGs carry no timestamp or text chunks: the same card and fonts give the same bytes.
"""
from __future__ import annotations

import hashlib
import importlib.util
import io
import unicodedata
from dataclasses import astuple, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as PILLOW_VERSION

from .errors import ContentError

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
INK = (28, 25, 23)
MUTED = (87, 83, 78)
PAPER = (251, 247, 244)
PRIMARY = (140, 47, 27)          # explainer.css --md-primary-fg-color #8c2f1b
VERDICT_COLOURS = {              # explainer.css, light scheme
    "false": (161, 21, 27),
    "misleading": (138, 75, 0),
    "partly-true": (91, 83, 0),
    "true": (22, 101, 52),
    "unproven": (75, 85, 99),
}
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
LICENCE_FILE = "LICENSE-DejaVu.txt"


@dataclass(frozen=True)
class Card:
    site_name: str
    host: str                    # e.g. "social-credit-untangled.example.org"
    title: str                   # page title, or the claim of a myth
    text: str = ""               # description, or the myth's summary
    verdict: str = ""            # a key of VERDICT_COLOURS for a myth's card
    verdict_label: str = ""


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    licence: Path | None = None

    def digest(self) -> str:
        sha = hashlib.sha256()
        for path in (self.regular, self.bold):
            sha.update(path.read_bytes())
        return sha.hexdigest()


def find_fonts(root: Path | None = None) -> Fonts:
    """DejaVu Sans from ``vendor/fonts/`` or from the installed ``mermaidx`` package."""
    places = []
    if root is not None:
        places.append(Path(root) / "vendor" / "fonts")
    spec = importlib.util.find_spec("mermaidx")
    if spec and spec.submodule_search_locations:
        places.extend(Path(p) / "assets" / "fonts" for p in spec.submodule_search_locations)
    for place in places:
        regular, bold = place / FONT_FILES["regular"], place / FONT_FILES["bold"]
        if regular.is_file() and bold.is_file():
            licence = place / LICENCE_FILE
            return Fonts(regular, bold, licence if licence.is_file() else None)
    raise ContentError("requirements.txt", None, "no card font found (DejaVu Sans)",
                       "install the pinned requirements (mermaidx ships DejaVu Sans) or put "
                       "DejaVuSans.ttf and DejaVuSans-Bold.ttf with their licence in vendor/fonts/")


def check_text(card: Card, where: str) -> None:
    """Card fonts cover Latin, Greek and Cyrillic, not CJK: refuse text they cannot draw."""
    for value in (card.site_name, card.title, card.text, card.verdict_label):
        for char in value:
            if unicodedata.east_asian_width(char) in ("W", "F"):
                raise ContentError(where, None, f"the preview card text {value[:40]!r}… contains {char!r}, "
                                   "which the card font cannot draw",
                                   "keep Chinese characters out of titles and descriptions "
                                   "(use them in the page body)")


def cache_key(card: Card, fonts: Fonts) -> str:
    """Changes with the card's text, the fonts, Pillow and this module's code."""
    sha = hashlib.sha256(repr((astuple(card), PILLOW_VERSION)).encode("utf-8"))
    sha.update(Path(__file__).read_bytes())
    sha.update(fonts.digest().encode("ascii"))
    return sha.hexdigest()


_font_cache: dict = {}


def _font(fonts: Fonts, weight: str, size: int) -> ImageFont.FreeTypeFont:
    key = (getattr(fonts, weight), size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(str(key[0]), size, layout_engine=ImageFont.Layout.BASIC)
    return _font_cache[key]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to *width* pixels (a too-long word gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if not current or font.getlength(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fit(text: str, fonts: Fonts, weight: str, sizes: range, width: int, max_lines: int):
    """The largest size at which *text* wraps into *max_lines*; else the smallest, cut with "…"."""
    for size in sizes:
        font = _font(fonts, weight, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font(fonts, weight, sizes[-1])
    lines = wrap(text, font, width)[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + " …"
    return font, lines


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.22)


def render(card: Card, fonts: Fonts) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # Frame: a band in the site's colour on the left, a rule under the site name.
    draw.rectangle((0, 0, 23, HEIGHT), fill=PRIMARY)
    site_font = _font(fonts, "bold", 34)
    draw.text((MARGIN, 58), card.site_name, font=site_font, fill=PRIMARY)
    draw.rectangle((MARGIN, 112, MARGIN + 96, 117), fill=PRIMARY)

    y = 150
    footer_top = HEIGHT - 100
    if card.verdict:
        label_font = _font(fonts, "bold", 26)
        draw.text((MARGIN, y), "FACT CHECK · CLAIM", font=label_font, fill=MUTED)
        y += 44
        title_font, title_lines = fit(f"“{card.title}”", fonts, "bold", range(54, 35, -2), inner, 3)
    else:
        title_font, title_lines = fit(card.title, fonts, "bold", range(68, 43, -2), inner, 3)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += _line_height(title_font)

    if card.verdict:
        y += 22
        pill_font = _font(fonts, "bold", 40)
        label = f"Verdict: {card.verdict_label}"
        pad_x, pad_y = 26, 14
        text_w = pill_font.getlength(label)
        ascent, descent = pill_font.getmetrics()
        box = (MARGIN, y, MARGIN + text_w + 2 * pad_x, y + ascent + descent + 2 * pad_y)
        draw.rounded_rectangle(box, radius=14, fill=VERDICT_COLOURS[card.verdict])
        draw.text((MARGIN + pad_x, y + pad_y), label, font=pill_font, fill=(255, 255, 255))
        y = box[3] + 26
    else:
        y += 26

    if card.text:
        text_font = _font(fonts, "regular", 30)
        room = max(0, (footer_top - y) // _line_height(text_font))
        if room:
            _, text_lines = fit(card.text, fonts, "regular", range(30, 29, -1), inner, room)
            for line in text_lines:
                draw.text((MARGIN, y), line, font=text_font, fill=MUTED)
                y += _line_height(text_font)

    host_font = _font(fonts, "regular", 26)
    draw.rectangle((MARGIN, footer_top + 12, WIDTH - MARGIN, footer_top + 13), fill=(214, 205, 198))
    draw.text((MARGIN, footer_top + 34), card.host, font=host_font, fill=MUTED)

    # A 64-colour palette keeps cards small (about 20 kB) and is deterministic (fast octree,
    # no dithering); Pillow writes no tIME or text chunks unless asked to.
    image = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
