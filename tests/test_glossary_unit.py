"""The glossary's plain functions: the data file, the matcher and the Markdown extension."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.core.errors import ContentError
from explainer.glossary.terms import DEFINITION_MAX, Matcher, Term, Usage, load_glossary, render_glossary
from explainer.glossary.markdown import GlossaryExtension
from explainer.sources.registry import find_citations, load_sources
from support.site import ROOT


@pytest.fixture(scope="module")
def sources():
    return load_sources(ROOT / "data" / "sources.yml", ROOT)


@pytest.fixture(scope="module")
def terms(sources):
    return load_glossary(ROOT / "data" / "glossary.yml", sources, ROOT)


@pytest.fixture(scope="module")
def matcher(terms):
    return Matcher(terms)


def found(matcher, text):
    return [(text[s:e], term_id) for s, e, term_id in matcher.find(text)]


# --------------------------------------------------------------------------- the data


def test_the_glossary_covers_the_pages_terms(terms):
    assert len(terms) >= 25
    for wanted in ("sesame-credit", "ant-group", "pboc", "baihang-credit", "uscc", "organization-code",
                   "resident-identity-number", "three-certificates-in-one", "judgment-defaulter-list",
                   "joint-punishment", "credit-china", "ndrc", "spc", "planning-outline", "demonstration-city",
                   "rongcheng", "jasmine-score", "egret-score", "red-list", "credit-repair"):
        assert wanted in terms


def test_every_term_is_complete_and_sourced(terms, sources):
    for term in terms.values():
        assert len(term.definition) <= DEFINITION_MAX, term.id
        assert term.sources and all(s in sources for s in term.sources), term.id
        assert find_citations(term.explanation), term.id
        assert any(ch in term.pinyin for ch in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"), term.id
    # The confusion the site is about is recorded.
    assert "social-credit-system" in terms["sesame-credit"].not_confused_with


# --------------------------------------------------------------------------- matching


def test_longest_name_wins(matcher):
    assert found(matcher, "the Supreme People's Court's list of judgment defaulters") == [
        ("Supreme People's Court", "spc"), ("list of judgment defaulters", "judgment-defaulter-list")]
    assert found(matcher, "a Social Credit System Construction Law") == [
        ("Social Credit System Construction Law", "social-credit-law")]
    assert found(matcher, "the Unified Social Credit Code") == [("Unified Social Credit Code", "uscc")]


def test_whole_words_only(matcher):
    assert found(matcher, "people who were blacklisted") == []
    assert found(matcher, "Antarctica and Antwerp") == []
    assert found(matcher, "the NDRCs") == []
    assert found(matcher, "blacklists, red lists") == [("blacklists", "blacklist"), ("red lists", "red-list")]


def test_case_rules(matcher):
    # A lower-case name may start a sentence; a name with capitals matches only as written.
    assert found(matcher, "Blacklists exist.") == [("Blacklists", "blacklist")]
    assert found(matcher, "bLacklists and ndrc and sesame credit") == []
    assert found(matcher, "the Social Credit Code") == []  # neither the full name nor a lower-case alias
    assert found(matcher, "Opinions on Improving the Social Credit System") == []


def test_line_breaks_and_apostrophes(matcher):
    assert found(matcher, "the Supreme People’s\nCourt") == [("Supreme People’s\nCourt", "spc")]
    assert found(matcher, "Baihang\n  Credit") == [("Baihang\n  Credit", "baihang-credit")]


def test_addresses_are_left_alone(matcher):
    assert found(matcher, "see https://example.org/NDRC/Sesame-Credit for more") == []
    assert found(matcher, "Credit China (creditchina.gov.cn)") == [("Credit China", "credit-china")]


def _forms(terms):
    names = sorted({n for t in terms.values() for n in t.names})
    forms = set(names)
    for name in names:
        forms.update({name.lower(), name.upper(), name[:1].upper() + name[1:], name.replace(" ", "\n")})
        forms.update(name.split())
    return sorted(forms | {"the", "a", "s", "ed", "x", "Credit", "credit", "List", "’s", ",", "."})


_TERMS_FOR_PROPERTIES = None


def _matcher_and_forms():
    global _TERMS_FOR_PROPERTIES
    if _TERMS_FOR_PROPERTIES is None:
        terms = load_glossary(ROOT / "data" / "glossary.yml", load_sources(ROOT / "data" / "sources.yml", ROOT), ROOT)
        _TERMS_FOR_PROPERTIES = (Matcher(terms), _forms(terms))
    return _TERMS_FOR_PROPERTIES


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_fast_matcher_follows_the_plain_rules(data):
    """The trie pre-match gives exactly what the plain longest-first alternation gives."""
    matcher, forms = _matcher_and_forms()
    words = data.draw(st.lists(st.sampled_from(forms), max_size=12))
    gaps = data.draw(st.lists(st.sampled_from([" ", "", "\n", "-", " (", "'s "]), min_size=len(words),
                              max_size=len(words)))
    text = "".join(w + g for w, g in zip(words, gaps))
    plain = [(m.start(), m.end(), matcher.lookup[matcher._key(m.group(0))]) for m in matcher.regex.finditer(text)]
    assert matcher.find(text) == plain


def test_a_capitalised_name_does_not_hide_a_lower_case_one():
    def term(term_id, name):
        return Term(id=term_id, term=name, zh="字", pinyin="zì", definition="d", explanation="e", sources=("s",))
    matcher = Matcher({"a": term("a", "red list"), "b": term("b", "Red list annex")})
    assert found(matcher, "the red list annex") == [("red list", "a")]
    assert found(matcher, "the Red list annex") == [("Red list annex", "b")]
    assert found(matcher, "Red list, red list annexe") == [("Red list", "a"), ("red list", "a")]


# --------------------------------------------------------------------------- the Markdown extension


def render(text, terms, glossary="glossary.md"):
    usage = Usage()
    usage.begin_page("page/")
    md = markdown.Markdown(extensions=[
        "attr_list", "md_in_html", "tables", "toc", "admonition", "abbr", "pymdownx.superfences", "pymdownx.details",
        GlossaryExtension(Matcher(terms), usage, lambda: glossary)])
    return md.convert(text), usage


def test_references_in_body_text_only(terms):
    html, usage = render(
        "# The NDRC\n\n"
        "The NDRC and the NDRC again, with `NDRC` code and [NDRC](x.md).\n\n"
        "!!! note \"NDRC\"\n    Body about the NDRC.\n\n"
        "??? \"NDRC\"\n    Details.\n\n"
        "```\nNDRC\n```\n\n"
        "| NDRC |\n|---|\n| NDRC |\n", terms)
    # h1 untouched; two references in the paragraph (the first with the page anchor), one
    # in the admonition body, one in the table cell; none in code, links, the admonition
    # title, the summary or the table header.
    assert '<h1 id="the-ndrc">The NDRC</h1>' in html
    assert html.count('class="ex-term"') == 4
    assert "<th>NDRC</th>" in html
    assert html.count('id="gref-ndrc"') == 1
    assert "<code>NDRC</code>" in html and '<a href="x.md">NDRC</a>' in html
    assert '<p class="admonition-title">NDRC</p>' in html
    assert "<summary>NDRC</summary>" in html
    assert usage.used_on("ndrc") == [("page/", 4)]


def test_a_reference_is_a_link_with_a_title(terms):
    html, _ = render("Rongcheng is small.", terms, glossary="../glossary.md")
    term = terms["rongcheng"]
    assert 'href="../glossary.md#rongcheng"' in html
    assert 'data-term="rongcheng"' in html
    assert "aria-describedby" not in html  # glossary.js adds it, with its target
    assert f'title="{term.heading} · {term.zh} · {term.pinyin} — {term.definition}"' in html


def test_the_glossary_page_does_not_refer_an_entry_to_itself(terms):
    page, _ = render(render_glossary(terms, ""), terms)
    start = page.index('id="sesame-credit"')
    end = page.index('glossary-used-on:sesame-credit')
    entry = page[start:end]
    assert 'data-term="sesame-credit"' not in entry
    assert 'data-term="ant-group"' in entry  # other terms are referenced
    assert "data-gloss-self" not in page


def test_errors_name_file_line_and_fix(tmp_path, sources):
    path = tmp_path / "glossary.yml"
    path.write_text("- id: x\n  term: X\n  zh: 字\n  pinyin: zì\n  definition: A thing.\n"
                    "  explanation: It is.[@mit]\n  sources: [mit]\n  related: [y]\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_glossary(path, sources, tmp_path)
    assert str(error.value).startswith("glossary.yml:8: related names the unknown term 'y' — ")


def test_term_shown_aliases_skip_plurals_and_spellings():
    term = Term(id="x", term="organization code", zh="字", pinyin="zì", definition="d", explanation="e",
                sources=("s",), aliases=("organization codes", "organization-code", "org code"))
    assert term.shown_aliases() == ["org code"]

