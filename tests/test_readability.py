"""Plain words: every main page reads at Flesch-Kincaid grade 10 or below, no sentence of its
prose runs over 40 words, and the home page's answer box is two short sentences."""

from __future__ import annotations

import pytest
import textstat
from bs4 import BeautifulSoup

from support.readability import MAIN_PAGES, article_blocks, page_prose, sentences, word_count

MAX_GRADE = 10.0
MAX_WORDS = 40
ANSWER_MAX_WORDS = 25  # "short": each of the answer box's two sentences


@pytest.mark.parametrize("page", sorted(MAIN_PAGES))
def test_reading_grade_and_sentence_length(built_site, page):
    text, sents = page_prose(built_site, page)
    assert len(sents) >= 3, f"{page}: found almost no prose ({len(sents)} sentences) — is the extraction broken?"
    grade = textstat.flesch_kincaid_grade(text)
    longest = max(sents, key=word_count)
    assert grade <= MAX_GRADE, (
        f"{page}: Flesch-Kincaid grade {grade:.1f} is over {MAX_GRADE:.0f}; "
        f"longest sentence ({word_count(longest)} words): {longest!r}"
    )
    assert word_count(longest) <= MAX_WORDS, (
        f"{page}: a sentence has {word_count(longest)} words (at most {MAX_WORDS}), "
        f"grade {grade:.1f}: {longest!r}"
    )


def test_home_answer_is_two_short_sentences(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "html5lib").select_one(".ex-answer")
    assert box is not None, "the home page has no answer box (.ex-answer)"
    sents = sentences(article_blocks(f'<div class="md-content__inner">{box}</div>'))
    assert len(sents) == 2, f"the answer box has {len(sents)} sentences, not two: {sents}"
    for sentence in sents:
        assert word_count(sentence) <= ANSWER_MAX_WORDS, (
            f"an answer-box sentence has {word_count(sentence)} words (at most {ANSWER_MAX_WORDS}): {sentence!r}"
        )
