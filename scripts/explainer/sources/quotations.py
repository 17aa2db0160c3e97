"""Direct quotations in cited Markdown, and the stored passages that back them.

A direct quotation is a span in double quotes ("…" or “…”) inside a sentence that
carries a citation. It must lie in a stored passage (``text`` or ``translation``) of one
of the sources that sentence cites. Matching is case-sensitive after folding whitespace,
quote and dash styles; an ellipsis (… or ...) splits a quotation into pieces, each of
which must lie in the same passage.

The sentence splitter works on Markdown with code, HTML tags, attribute lists and link
targets masked out (same length, so positions and lines stay true). It knows
abbreviations ("e.g.", "U.S.", "No. 5"), decimals ("1.5"), terminators inside
quotations, citations after the full stop (``fact.[@a]``) and Chinese full stops.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from explainer.sources.syntax import CITATION_RE, Cited, parse_group

# --- masking: parts of Markdown whose quotes are not prose ------------------------------

_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")
_MASKED_INLINE = [
    re.compile(r"(`+)(?s:.+?)\1"),                       # inline code
    re.compile(r"<!--.*?-->", re.S),                     # HTML comments
    re.compile(r"</?[A-Za-z][^<>]*>"),                   # HTML tags (their attribute quotes)
    re.compile(r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]*\}"),  # attribute lists {#id .class title="…"}
    re.compile(r"(?<=\])\([^()\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets and titles
    re.compile(r"\x02[^\x03]*\x03"),                     # Python-Markdown placeholders
]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask(markdown: str) -> str:
    """*markdown* with code and markup blanked out (same length, same line breaks)."""
    lines, in_fence, fence = [], False, ""
    for line in markdown.split("\n"):
        opening = _FENCE_RE.match(line)
        if in_fence:
            lines.append(" " * len(line))
            if opening and opening.group(1) == fence:
                in_fence = False
            continue
        if opening:
            in_fence, fence = True, opening.group(1)
            lines.append(" " * len(line))
            continue
        lines.append(line)
    text = "\n".join(lines)
    for pattern in _MASKED_INLINE:
        text = pattern.sub(_blank, text)
    return text


# --- sentences --------------------------------------------------------------------------

# Where a sentence cannot continue: a blank line, a new list item, heading, table row or
# definition, and table cell borders.
_BLOCK_BREAK_RE = re.compile(
    r"\n[ \t>]*\n|\n(?=[ \t>]*(?:[-*+]|\d+[.)])[ \t])|\n(?=[ \t>]*#)|\n(?=[ \t]*:[ \t])|\|")
_TERMINATORS = ".!?。！？"
_CJK_TERMINATORS = "。！？"
_CLOSERS = "”’)]*_"
ABBREVIATIONS = frozenset("""
    e.g i.e etc cf vs al approx art arts ch chap no nos p pp para paras sec secs fig vol ed eds
    mr mrs ms dr prof st jr sr inc ltd co corp dept est govt jan feb mar apr jun jul aug sep sept
    oct nov dec ca op viz
""".split())


@dataclass
class Quote:
    text: str      # as written, without the quotation marks
    line: int      # 1-based line in the text it was found in
    start: int = 0  # position of the opening mark
    end: int = 0    # position after the closing mark


@dataclass
class Sentence:
    start: int
    end: int
    line: int
    groups: list[tuple[int, list[Cited]]] = field(default_factory=list)  # (line, sources) per citation
    quotes: list[Quote] = field(default_factory=list)

    @property
    def cited_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for _, group in self.groups:
            for cited in group:
                seen.setdefault(cited.id)
        return list(seen)


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(“\"[":
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if "." in word or (len(word) == 1 and word.isalpha()):  # U.S., e.g., initials (J. Smith)
        return True
    return word.lower() in ABBREVIATIONS


# The characters _sentence_ends acts on; it jumps from one to the next.
_SENTENCE_MARK_RE = re.compile(r'["“”.!?。！？]')
_QUOTE_MARK_RE = re.compile(r'["“”]')


def _sentence_ends(text: str, start: int, stop: int):
    """Positions (exclusive) where sentences end between *start* and *stop* of masked *text*, in order."""
    open_straight, open_curly, i = False, 0, start
    find = _SENTENCE_MARK_RE.search
    while i < stop:
        mark = find(text, i, stop)
        if mark is None:
            return
        i = mark.start()
        char, end = text[i], None
        if char == '"':
            open_straight = not open_straight
            if not open_straight:
                end = _end_after(text, i - 1, stop, closed=True)  # 'said "It is."' ends there
        elif char == "“":
            open_curly += 1
        elif char == "”":
            open_curly = max(0, open_curly - 1)
            if not open_curly:
                end = _end_after(text, i - 1, stop, closed=True)
        elif char in _TERMINATORS and not open_straight and not open_curly:
            end = _end_after(text, i, stop)
        if end is not None:
            yield end
            i = end
            continue
        i += 1


def _end_after(text: str, i: int, stop: int, closed: bool = False) -> int | None:
    """Where a sentence ends if the terminator at *i* ends one, else None.

    *closed*: a quotation mark follows *i* (and is skipped with the other closers)."""
    if i < 0 or text[i] not in _TERMINATORS:
        return None
    char = text[i]
    if char == "." and ((not closed and i + 1 < stop and text[i + 1] == ".") or (i > 0 and text[i - 1] == ".")):
        return None  # an ellipsis
    if char == "." and _is_abbreviation(text, i):
        return None
    j = i + 1
    while j < stop and (text[j] in _CLOSERS or (closed and j == i + 1)):
        j += 1
    while True:
        citation = CITATION_RE.match(text, j)
        if not citation or citation.end() > stop:
            break
        j = citation.end()
    if char in _CJK_TERMINATORS:
        return j
    if j < stop and not text[j].isspace():
        return None  # 1.5, example.org, "fact.Next"
    k = j
    while k < stop and text[k].isspace():
        k += 1
    if k < stop and text[k].islower():
        return None  # a lower-case word follows: not a new sentence
    return j


def _quotes(masked: str, start: int, end: int, line_at) -> list[Quote]:
    found, opened, opener = [], None, ""
    for mark in _QUOTE_MARK_RE.finditer(masked, start, end):
        i, char = mark.start(), mark.group()
        if opened is None and char in '"“':
            opened, opener = i, char
        elif opened is not None and ((opener == '"' and char == '"') or (opener == "“" and char == "”")):
            found.append(Quote(_plain(masked[opened + 1:i]), line_at(opened), opened, i + 1))
            opened = None
    return found


def _plain(text: str) -> str:
    text = re.sub(r"\[@[^\]]*\]", "", text)             # a citation inside the quotation
    text = re.sub(r"\[([^\]]*)\]\s*", r"\1 ", text)       # link text (its target is masked)
    text = re.sub(r"\*+", "", text)                       # emphasis marks
    return " ".join(text.split())


def sentences(markdown: str) -> list[Sentence]:
    """Every sentence of *markdown* (prose only), with its citations and quotations."""
    return list(_sentences(markdown))


def _sentences(markdown: str, position: int = 0):
    """The sentences of *markdown* in order, from the block that holds *position* on
    (earlier blocks, which no sentence crosses, are skipped)."""
    masked = mask(markdown)
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", masked)]

    def line_at(position: int) -> int:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    block_start = 0
    breaks = [m.start() for m in _BLOCK_BREAK_RE.finditer(masked)] + [len(masked)]
    for block_end in breaks:
        if block_end <= position:
            block_start = block_end + 1
            continue
        cut = block_start
        for end in itertools.chain(_sentence_ends(masked, block_start, block_end), [block_end]):
            text = masked[cut:end]
            if text.strip():
                lead = len(text) - len(text.lstrip())
                sentence = Sentence(cut + lead, end, line_at(cut + lead))
                for match in CITATION_RE.finditer(masked, cut, end):
                    sentence.groups.append((line_at(match.start()), parse_group(match.group(1))))
                sentence.quotes = _quotes(masked, cut, end, line_at)
                yield sentence
            cut = end
        block_start = block_end + 1


def sentence_at(text: str, position: int) -> Sentence | None:
    """The sentence of *text* that holds *position* (for the renderer, which sees one block)."""
    # Called for every citation: only the block that holds it is split, up to its sentence.
    for sentence in _sentences(text, position):
        if sentence.start <= position < sentence.end:
            return sentence
        if sentence.start > position:
            return None
    return None


# --- matching ---------------------------------------------------------------------------

_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                       "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                       "–": "-", "—": "-", "―": "-", "‒": "-", "−": "-", "\u00a0": " "})
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_ELLIPSIS_RE = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")


def fold(text: str) -> str:
    """Whitespace, quote and dash styles folded; case kept."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    text = _CJK_GAP_RE.sub("", text)
    return " ".join(text.split())


def one_line(text: str) -> str:
    """*text* on one line: whitespace runs folded, none left between Chinese characters."""
    return _CJK_GAP_RE.sub("", " ".join(text.split()))


def pieces(quotation: str) -> list[str]:
    """The parts of a quotation between ellipses, folded, without edge punctuation."""
    parts = (fold(part).strip(" .,;:") for part in _ELLIPSIS_RE.split(quotation))
    return [part for part in parts if part]


def found_in(quotation: str, passage_text: str) -> bool:
    """Is every piece of *quotation* in *passage_text*?"""
    wanted = pieces(quotation)
    if not wanted:
        return True  # "…" alone quotes nothing
    folded = fold(passage_text)
    return all(piece in folded for piece in wanted)
