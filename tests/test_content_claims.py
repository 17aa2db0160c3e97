"""The corrected overstatements stay gone, and the facts that replaced them are on the built
pages with citations to the sources that decided them."""

from __future__ import annotations

import re

import pytest

from support.site import article, html_path, nav_pages, parse

# Exact old words (from data/corrections.yml `before`), and the page they were on. They must
# appear on no page of the site except the corrections log, which quotes them on purpose.
OVERSTATEMENTS = [
    ("blacklists.md", "Travel bans come from the court list, not from a score"),
    ("glossary.md", "Travel bans come from this list, not from a score."),
    ("myths.md", "mostly by businesses, not everyday conduct or opinions"),
    ("local-scores.md", "The city scores reward people with high scores and do not punish low ones"),
    ("glossary.md", "reward people with high scores and do not punish low ones"),
    ("index.md", "researchers describe them as reward-only"),
    ("social-credit-codes.md", "People do not get a social credit code."),
    ("glossary.md", "People have this number, not a social credit code."),
    ("myths.md", "Individuals keep the 18-digit national ID number they already had."),
    ("index.md", "the Global Times wrote of"),
    ("blacklists.md", "still called them the result of"),
    ("myths.md", "described listed people as having"),
    ("local-scores.md", "in Digital Asia Hub's words"),
    ("social-credit-codes.md", "The standard's own example, 11010519491231002X"),
    ("blacklists.md", "Being poor is not enough"),
    ("blacklists.md", "sleeper berths on trains"),
    ("glossary.md", "buy air tickets, sleeper berths"),
    ("sesame-credit.md", "The central bank never licensed it"),
    ("sesame-credit.md", "it runs one way"),
    ("index.md", "which mostly concerns businesses"),
    ("index.md", "it largely codifies earlier local rules"),
    ("what-exists.md", "What the court record shows"),
    ("what-exists.md", "the sources above disagree"),
    ("index.md", "widely shared"),
    ("about.md", "widely shared"),
    ("social-credit-codes.md", "stayed valid until 31 December 2017"),
    ("sesame-credit.md", "Ant pledged 1 billion yuan"),
]

# (page, words of the new fact, source ids its sentence or paragraph must cite).
NEW_FACTS = [
    ("blacklists.md", "180-day ban on train travel", {"tobacco-reporter-18"}),
    ("blacklists.md", "one-year ban on flying", {"fzwb-18"}),
    ("blacklists.md", "first working day of each month", {"cnr-18"}),
    ("blacklists.md", "can appeal in that time", {"tobacco-reporter-18"}),
    ("blacklists.md", "object within 7 working days", {"cnr-18"}),
    ("blacklists.md", "They bar people for a fixed time", {"tobacco-reporter-18", "cnr-18"}),
    ("blacklists.md", "first class or better on other bullet trains", {"nbd-2018-rail", "ndrc-2018-384"}),
    ("blacklists.md", "listed or not", {"spc-2010-consumption"}),
    ("blacklists.md", "soft-sleeper berths", {"clt-16"}),
    ("myths.md", "bar people from trains for 180 days", {"tobacco-reporter-18", "fzwb-18"}),
    ("myths.md", "Millions of people are on the court list", {"bs-2018-01", "tobacco-reporter-18"}),
    ("myths.md", "more than five times a year", {"gt-2019-jaywalk"}),
    ("myths.md", "whether or not the debtor is listed", {"spc-2010-consumption"}),
    ("sesame-credit.md", "licensed Qiantang", {"xinhua-2024-qiantang"}),
    ("sesame-credit.md", "Zhejiang Tourism", {"scmp-2021-qiantang", "scmp-2024-qiantang"}),
    ("index.md", "licensed Qiantang Credit", {"xinhua-2024-qiantang"}),
    ("index.md", "aimed mainly at companies", {"clt-rc1"}),
    ("local-scores.md", "increase the force of punishments", {"clt-rc2"}),
    ("what-exists.md", "which he believed would cover the cost", {"gam-liu-hu"}),
    ("local-scores.md", "issued a notice promoting them in village governance", {"moa-2020-jifenzhi"}),
    ("index.md", "promoted points schemes in villages", {"moa-2020-jifenzhi"}),
    ("what-exists.md", "about 60 ministries and departments", {"gt-2019-02"}),
    ("local-scores.md", "an eye-catching publicity device", {"clt-rc1"}),
    ("index.md", "the primary mechanism of Social Credit", {"clt-rc1"}),
    ("what-exists.md", "controversies", {"mit"}),
    ("about.md", "covers fare evasion", {"ndrc-2018-384"}),
    ("index.md", "must stay strictly within the law", {"guobanfa-2020-49"}),
    ("index.md", "dated 14 June", {"digichina-outline"}),
    ("blacklists.md", "restricted everywhere", {"ndrc-2018-384"}),
    ("local-scores.md", "can reward or punish", {"taipei-times-19"}),
    ("local-scores.md", "good and bad records", {"fz-gov"}),
    ("local-scores.md", "mandatory points system", {"clt-rcx"}),
    ("social-credit-codes.md", "it is their citizen identity number", {"sc-2013-reform"}),
    ("myths.md", "no new number and no rating was added", {"sc-2013-reform"}),
    ("what-exists.md", "widened the grading to newly added firms", {"sat-2018-8"}),
    ("what-exists.md", "serving as legal representatives or chief", {"xinhua-csrc-19"}),
    ("what-exists.md", "not related to any criminal charges", {"clt-abc"}),
    ("what-exists.md", "the booking system refused his purchase", {"gam-liu-hu"}),
    ("what-exists.md", "could be wielded to restrict individual rights", {"mit"}),
    ("social-credit-codes.md", "in force since 1 July 1999", {"gb11643-1999"}),
    ("social-credit-codes.md", "A code has 18 characters, in five parts", {"guofa-2015-33"}),
    ("index.md", "involves no elaborate scoring", {"9dl-vb"}),
    ("local-scores.md", "focus exclusively on incentives for those with high scores", {"nesta"}),
]


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _page_text(site, page: str) -> str:
    return _text(parse(html_path(site, page)))


def _cited_ids(node) -> set[str]:
    return {
        m.group(1)
        for a in node.select("a.ex-cite__link")
        if (m := re.search(r"#src-(.+)$", a.get("href", "")))
    }


@pytest.mark.parametrize(("page", "phrase"), OVERSTATEMENTS)
def test_overstatement_is_gone(built_site, page, phrase):
    assert phrase not in _page_text(built_site, page), f"{page} still says: {phrase!r}"
    elsewhere = [
        p for p in nav_pages() if p != "corrections.md" and phrase in _page_text(built_site, p)
    ]
    assert not elsewhere, f"the corrected words {phrase!r} still appear on {elsewhere}"


@pytest.mark.parametrize(("page", "words", "sources"), NEW_FACTS)
def test_new_fact_is_present_and_cited(built_site, page, words, sources):
    body = article(parse(html_path(built_site, page)))
    blocks = [b for b in body.find_all(["p", "li"]) if words in _text(b)]
    assert blocks, f"{page}: the fact {words!r} is not on the page"
    block = blocks[0]
    cited = _cited_ids(block)
    if block.name == "li" and not sources <= cited:
        cited |= _cited_ids(block.find_parent(["ul", "ol"]))  # a list cites as one paragraph
    assert sources <= cited, (
        f"{page}: {words!r} is not cited to {sorted(sources - cited)} (its paragraph cites {sorted(cited)})"
    )


def test_new_page_is_in_nav_and_linked_from_the_answer(built_site):
    assert "what-exists.md" in nav_pages()
    box = parse(html_path(built_site, "index.md")).select_one(".ex-answer")
    links = [a.get("href", "") for a in box.select("a")]
    assert any(href.startswith("what-exists/") for href in links), f"answer box links: {links}"


def test_new_page_has_the_who_does_what_diagram(built_site):
    body = article(parse(html_path(built_site, "what-exists.md")))
    figure = body.select_one("figure.ex-diagram")
    assert figure is not None, "what-exists.md has no diagram"
    assert "Who rates, lists or identifies whom" in _text(figure)
    text_version = figure.select_one("details.ex-diagram__text")
    assert text_version is not None and {"clt-mou", "lawlib", "tobacco-reporter-18"} <= _cited_ids(text_version)


def test_jaywalking_myth_is_partly_true_and_cites_the_nanjing_report(built_site):
    body = article(parse(html_path(built_site, "myths.md")))
    heading = body.find(id="blacklisted-for-jaywalking")
    verdict = heading.find_next("strong", class_="ex-verdict")
    assert "ex-verdict--partly-true" in verdict.get("class", []), verdict
    why = verdict.find_parent("p").find_next_sibling("p")
    assert "gt-2019-jaywalk" in _cited_ids(why), _text(why)[:120]
