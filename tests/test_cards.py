"""Preview cards: every myth's card keeps claim, verdict and reason; wrapping is bounded."""
from __future__ import annotations

import io

import pytest
import yaml
from PIL import Image, ImageFont

from explainer.previews import cards
from explainer.myths.records import VERDICTS
from support.project import ROOT

MYTHS = yaml.safe_load((ROOT / "data" / "myths.yml").read_text(encoding="utf-8"))
SITE = "Social Credit, Untangled"
HOST = "social-credit-untangled.example.org"


@pytest.fixture(scope="module")
def fonts():
    return cards.find_fonts()


def _myth_card(myth) -> cards.Card:
    verdict = str(myth["verdict"]).lower()
    return cards.Card(SITE, HOST, myth["claim"], myth["summary"], verdict, VERDICTS[verdict][0])


def _text(block) -> str:
    return " ".join(block.lines)


@pytest.mark.parametrize("myth", MYTHS, ids=[m["id"] for m in MYTHS])
def test_every_myth_card_shows_claim_verdict_and_the_whole_reason(fonts, myth):
    card = _myth_card(myth)
    blocks = {block.role: block for block in cards.layout(card, fonts)}
    assert _text(blocks["title"]) == f"“{myth['claim']}”", "the claim is cut"
    assert blocks["verdict"].lines == (f"Verdict: {card.verdict_label}",)
    assert _text(blocks["text"]) == myth["summary"], "the reason is cut or missing"
    assert blocks["text"].font.size >= 24 and blocks["title"].font.size > blocks["text"].font.size
    # In reading order, without overlaps, above the footer rule, inside the margins.
    order = [blocks[role] for role in ("label", "title", "verdict", "text")]
    for upper, lower in zip(order, order[1:]):
        assert upper.bottom <= (lower.box[1] if lower.box else lower.y)
    assert blocks["text"].bottom <= cards.FOOTER_TOP
    for block in order:
        for line in block.lines:
            assert block.x + block.font.getlength(line) <= cards.WIDTH - cards.MARGIN + 1, line
    assert blocks["verdict"].box[2] <= cards.WIDTH - cards.MARGIN


def test_the_longest_claim_card_is_drawn_with_its_reason(fonts):
    longest = max(MYTHS, key=lambda m: len(m["claim"]))
    image = Image.open(io.BytesIO(cards.render(_myth_card(longest), fonts))).convert("RGB")
    blocks = {block.role: block for block in cards.layout(_myth_card(longest), fonts)}
    reason = blocks["text"]
    # Ink where the reason is: its rows are not plain paper.
    band = image.crop((reason.x, reason.y, cards.WIDTH - cards.MARGIN, reason.bottom))
    assert cards.MUTED in {colour for _, colour in band.getcolors(maxcolors=4096)}


def _counting_getlength(monkeypatch):
    measured = {"chars": 0}
    original = ImageFont.FreeTypeFont.getlength

    def getlength(self, text, *args, **kwargs):
        measured["chars"] += len(text)
        return original(self, text, *args, **kwargs)
    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", getlength)
    cards._advance_cache.clear()
    return measured


@pytest.mark.parametrize("title", ["x" * 10_000, "word " * 20_000, "a b " * 25_000],
                         ids=["one-long-word", "many-words", "short-words"])
def test_wrapping_work_does_not_grow_with_the_title(fonts, monkeypatch, title):
    """A 10,000-character title once took 37 s (quadratic trimming); the work is now bounded."""
    measured = _counting_getlength(monkeypatch)
    for card in (cards.Card("S", "h", title, title), cards.Card("S", "h", title, title, "false", "False")):
        blocks = {block.role: block for block in cards.layout(card, fonts)}
        assert blocks["title"].lines[-1].endswith("…") and blocks["text"].lines[-1].endswith("…")
        assert len(blocks["title"].lines) <= cards.CLAIM_LINES
        assert blocks["text"].bottom <= cards.FOOTER_TOP
        for block in blocks.values():
            for line in block.lines:
                assert block.x + block.font.getlength(line) <= cards.WIDTH - cards.MARGIN + 1
    assert measured["chars"] < 5_000, f"{measured['chars']} characters measured for a {len(title)}-character title"


def test_wrap_breaks_an_overlong_word_and_keeps_every_character(fonts):
    font = ImageFont.truetype(str(fonts.bold), 40)
    lines = cards.wrap("short " + "y" * 300 + " end", font, 400)
    assert "".join(lines).replace(" ", "") == "short" + "y" * 300 + "end"
    assert all(font.getlength(line) <= 400 for line in lines)
    assert cards.wrap("", font, 400) == []
