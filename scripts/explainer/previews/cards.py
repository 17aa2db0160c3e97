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
from typing import TYPE_CHECKING

from PIL import __version__ as PILLOW_VERSION

if TYPE_CHECKING:  # drawing modules load with the first card drawn: most builds take every card from the cache
    from PIL import ImageFont

from explainer.core.errors import ContentError

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


_digests: dict = {}


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    licence: Path | None = None

    def digest(self) -> str:
        # Asked once per card: the two files (1.4 MB) are hashed once per change of theirs.
        key = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in (self.regular, self.bold))
        if key not in _digests:
            sha = hashlib.sha256()
            for path in (self.regular, self.bold):
                sha.update(path.read_bytes())
            _digests[key] = sha.hexdigest()
        return _digests[key]


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
    if "code" not in _digests:  # this module's code, as loaded
        _digests["code"] = Path(__file__).read_bytes()
    sha.update(_digests["code"])
    sha.update(fonts.digest().encode("ascii"))
    return sha.hexdigest()


_font_cache: dict = {}


def _font(fonts: Fonts, weight: str, size: int) -> ImageFont.FreeTypeFont:
    key = (getattr(fonts, weight), size)
    if key not in _font_cache:
        from PIL import ImageFont
        _font_cache[key] = ImageFont.truetype(str(key[0]), size, layout_engine=ImageFont.Layout.BASIC)
    return _font_cache[key]


# Advance widths per font, measured once per character: wrapping then costs one dictionary
# look-up a character, so a title of any length wraps in linear time.
_advance_cache: dict = {}
# Kerning can make a line a pixel wider than the sum of its characters' advances.
KERNING_ROOM = 2


def _advance(font: ImageFont.FreeTypeFont):
    key = (font.path, font.size)
    table = _advance_cache.setdefault(key, {})

    def advance(char: str) -> float:
        width = table.get(char)
        if width is None:
            width = table[char] = font.getlength(char)
        return width
    return advance


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap to *width* pixels; a word wider than a line is broken between characters.

    Linear in the text's length, and it stops once *max_lines* + 1 lines are known (enough to
    tell that the text does not fit), so a 10,000-character title costs no more than a short one.
    """
    advance = _advance(font)
    limit = width - KERNING_ROOM
    space = advance(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0

    def full() -> bool:
        return max_lines is not None and len(lines) > max_lines

    for word in text.split():
        size = sum(advance(char) for char in word)
        if current and used + space + size <= limit:
            current.append(word)
            used += space + size
            continue
        if current:
            lines.append(" ".join(current))
            current, used = [], 0.0
            if full():
                return lines
        if size <= limit:
            current, used = [word], size
            continue
        piece: list[str] = []
        piece_width = 0.0
        for char in word:  # a word wider than a line: break it between characters
            step = advance(char)
            if piece and piece_width + step > limit:
                lines.append("".join(piece))
                piece, piece_width = [], 0.0
                if full():
                    return lines
            piece.append(char)
            piece_width += step
        current, used = ["".join(piece)], piece_width
    if current:
        lines.append(" ".join(current))
    return lines


def _cut(lines: list[str], font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """The first *max_lines* lines, the last one ending in "…" (whole words where possible)."""
    advance = _advance(font)
    limit = width - KERNING_ROOM - sum(advance(char) for char in " …")
    last = lines[max_lines - 1]
    chars, used = [], 0.0
    for char in last:
        step = advance(char)
        if used + step > limit:
            break
        chars.append(char)
        used += step
    kept = "".join(chars)
    if len(kept) < len(last) and " " in kept.strip() and not last[len(kept)].isspace():
        kept = kept.rstrip().rsplit(" ", 1)[0]  # do not end on half a word
    return lines[:max_lines - 1] + [kept.rstrip() + " …"]


def fit(text: str, fonts: Fonts, weight: str, sizes: range, width: int, max_lines: int):
    """The largest size at which *text* wraps into *max_lines*; else the smallest, cut with "…"."""
    for size in sizes:
        font = _font(fonts, weight, size)
        lines = wrap(text, font, width, max_lines)
        if len(lines) <= max_lines:
            return font, lines
    font = _font(fonts, weight, sizes[-1])
    return font, _cut(wrap(text, font, width, max_lines), font, width, max_lines)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.22)


@dataclass(frozen=True)
class Block:
    """Lines of text placed on the card: what ``render`` draws and the tests measure."""
    role: str                    # site, label, title, verdict, text, host
    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    x: int
    y: int
    colour: tuple[int, int, int]
    box: tuple[int, int, int, int] | None = None   # the verdict's coloured pill

    @property
    def bottom(self) -> int:
        if self.box:
            return self.box[3]
        return self.y + len(self.lines) * _line_height(self.font)


FOOTER_TOP = HEIGHT - 100
# A myth's card: the claim shrinks (and wraps onto up to four lines), then the reason, before
# either is cut.
CLAIM_SIZES = range(54, 35, -2)
CLAIM_LINES = 4
REASON_SIZES = range(30, 23, -2)
PILL = {"size": 36, "pad_x": 24, "pad_y": 12, "gap_above": 20, "gap_below": 22}


def layout(card: Card, fonts: Fonts) -> list[Block]:
    """Where each piece of text goes. A myth's card always keeps claim, verdict and reason."""
    inner = WIDTH - 2 * MARGIN
    blocks = [Block("site", (card.site_name,), _font(fonts, "bold", 34), MARGIN, 58, PRIMARY)]
    if card.verdict:
        blocks += _myth_blocks(card, fonts, inner)
    else:
        title_font, title_lines = fit(card.title, fonts, "bold", range(68, 43, -2), inner, 3)
        blocks.append(Block("title", tuple(title_lines), title_font, MARGIN, 150, INK))
        y = blocks[-1].bottom + 26
        if card.text:
            text_font = _font(fonts, "regular", 30)
            room = max(0, (FOOTER_TOP - y) // _line_height(text_font))
            if room:
                _, text_lines = fit(card.text, fonts, "regular", range(30, 29, -1), inner, room)
                blocks.append(Block("text", tuple(text_lines), text_font, MARGIN, y, MUTED))
    blocks.append(Block("host", (card.host,), _font(fonts, "regular", 26), MARGIN, FOOTER_TOP + 34, MUTED))
    return blocks


def _myth_blocks(card: Card, fonts: Fonts, inner: int) -> list[Block]:
    label = Block("label", ("FACT CHECK · CLAIM",), _font(fonts, "bold", 26), MARGIN, 140, MUTED)
    top = label.y + 42
    pill_font = _font(fonts, "bold", PILL["size"])
    ascent, descent = pill_font.getmetrics()
    pill_height = ascent + descent + 2 * PILL["pad_y"]
    fixed = PILL["gap_above"] + pill_height + PILL["gap_below"]
    room = FOOTER_TOP - 12 - top
    claim = f"“{card.title}”"

    def height(font, lines) -> int:
        return len(lines) * _line_height(font)

    chosen = None
    for reason_size in REASON_SIZES:      # the reason stays large while the claim can shrink
        reason_font = _font(fonts, "regular", reason_size)
        reason_lines = wrap(card.text, reason_font, inner, 8)
        for claim_size in CLAIM_SIZES:
            claim_font = _font(fonts, "bold", claim_size)
            claim_lines = wrap(claim, claim_font, inner, CLAIM_LINES)
            if (len(claim_lines) <= CLAIM_LINES
                    and height(claim_font, claim_lines) + fixed + height(reason_font, reason_lines) <= room):
                chosen = claim_font, claim_lines, reason_font, reason_lines
                break
        if chosen:
            break
    if chosen is None:
        # Text far beyond what a card holds: the smallest sizes, both cut with "…", the
        # reason keeping at least two lines.
        reason_font = _font(fonts, "regular", REASON_SIZES[-1])
        claim_font = _font(fonts, "bold", CLAIM_SIZES[-1])
        spare = room - fixed - 2 * _line_height(reason_font)
        claim_room = max(1, min(CLAIM_LINES, spare // _line_height(claim_font)))
        claim_lines = wrap(claim, claim_font, inner, claim_room)
        if len(claim_lines) > claim_room:
            claim_lines = _cut(claim_lines, claim_font, inner, claim_room)
        reason_room = (room - fixed - height(claim_font, claim_lines)) // _line_height(reason_font)
        reason_lines = wrap(card.text, reason_font, inner, reason_room)
        if len(reason_lines) > reason_room:
            reason_lines = _cut(reason_lines, reason_font, inner, reason_room)
        chosen = claim_font, claim_lines, reason_font, reason_lines
    claim_font, claim_lines, reason_font, reason_lines = chosen
    claim_block = Block("title", tuple(claim_lines), claim_font, MARGIN, top, INK)
    y = claim_block.bottom + PILL["gap_above"]
    verdict = f"Verdict: {card.verdict_label}"
    box = (MARGIN, y, MARGIN + round(pill_font.getlength(verdict)) + 2 * PILL["pad_x"], y + pill_height)
    pill = Block("verdict", (verdict,), pill_font, MARGIN + PILL["pad_x"], y + PILL["pad_y"], (255, 255, 255), box)
    reason = Block("text", tuple(reason_lines), reason_font, MARGIN, box[3] + PILL["gap_below"], MUTED)
    return [label, claim_block, pill, reason]


def render(card: Card, fonts: Fonts) -> bytes:
    """The card as PNG bytes."""
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)

    # Frame: a band in the site's colour on the left, a rule under the site name.
    draw.rectangle((0, 0, 23, HEIGHT), fill=PRIMARY)
    draw.rectangle((MARGIN, 112, MARGIN + 96, 117), fill=PRIMARY)
    draw.rectangle((MARGIN, FOOTER_TOP + 12, WIDTH - MARGIN, FOOTER_TOP + 13), fill=(214, 205, 198))
    for block in layout(card, fonts):
        if block.box:
            draw.rounded_rectangle(block.box, radius=14, fill=VERDICT_COLOURS[card.verdict])
        y = block.y
        for line in block.lines:
            draw.text((block.x, y), line, font=block.font, fill=block.colour)
            y += _line_height(block.font)

    # A 64-colour palette keeps cards small (about 20 kB) and is deterministic (fast octree,
    # no dithering); Pillow writes no tIME or text chunks unless asked to.
    image = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
