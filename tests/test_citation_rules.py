"""Unit tests of the issue-12 rules: source strength and passages in the registry, weak-only
citations and the ``about:`` marker, quotations backed by stored passages, sentence splitting."""
from __future__ import annotations

import textwrap

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.sources import quotations
from explainer.sources.syntax import Cited, parse_group
from explainer.sources.markdown import CitationExtension
from explainer.core.errors import ContentError
from explainer.sources.registry import CitationIndex, check_citations, load_sources, render_registry

REGISTRY = """\
- id: law
  title: "A law"
  publisher: "A ministry"
  date: "2016"
  url: "https://example.org/law"
  language: zh
  kind: primary
  strength: official
  read: "https://archive.example.org/law"
  passages:
    - text: "失信被执行人不得乘坐飞机。"
      translation: "Judgment defaulters may not take planes."
      translator: "A translator"
- id: paper
  title: "A paper"
  publisher: "A university"
  date: "2020"
  url: "https://example.org/paper"
  language: en
  kind: secondary
  strength: scholarship
  read: original
  passages:
    - text: >-
        The system is lowly digitalized, highly fragmented,
        and primarily focuses on businesses — not people.
- id: wiki
  title: "An encyclopedia article"
  publisher: "Wikipedia"
  date: "n.d."
  url: "https://example.org/wiki"
  language: en
  kind: secondary
  strength: weak
  read: original
- id: forum
  title: "A forum comment"
  publisher: "A forum"
  date: "n.d."
  url: "https://example.org/forum"
  language: en
  kind: reproduction
  strength: weak
  read: original
  passages:
    - text: "There is no such thing as a score."
"""


@pytest.fixture
def sources(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(REGISTRY, encoding="utf-8")
    return load_sources(path, tmp_path)


def _error(text, sources) -> str:
    with pytest.raises(ContentError) as err:
        check_citations(text, sources, "docs/x.md")
    return str(err.value)


# --- registry ----------------------------------------------------------------------------

def test_strength_read_and_passages_are_loaded(sources):
    law = sources["law"]
    assert (law.strength, law.read, law.weak) == ("official", "https://archive.example.org/law", False)
    assert law.passages[0].translation == "Judgment defaulters may not take planes."
    assert law.passages[0].line == 11
    assert sources["wiki"].weak and sources["paper"].read == "original"


def _broken(tmp_path, old, new):
    path = tmp_path / "sources.yml"
    assert old in REGISTRY
    path.write_text(REGISTRY.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_sources(path, tmp_path)
    return str(err.value)


@pytest.mark.parametrize("old, new, expected", [
    ('      translation: "Judgment defaulters may not take planes."\n', "",
     "sources.yml:11: the passage of a Chinese source has no translation — add 'translation:"),
    ('    - text: "失信被执行人不得乘坐飞机。"\n      translation', "    - translation",
     "sources.yml:11: passage is missing the required field 'text'"),
    ('    - text: "失信被执行人不得乘坐飞机。"\n      translation: "Judgment defaulters may not take planes."\n'
     '      translator: "A translator"\n', '    - "失信被执行人不得乘坐飞机。"\n',
     "sources.yml:11: passage 1 must be a mapping of fields, not text"),
    ('  passages:\n    - text: "There', '  passages: "There',  # a string, not a list
     "passages must be a list, not text"),
    ('      translator: "A translator"', '      translator: [a, b]', "sources.yml:13: translator must be text"),
    ('      translator: "A translator"', '      colour: red', "sources.yml:13: unknown field 'colour' in passage"),
])
def test_bad_passages_name_file_and_line(tmp_path, old, new, expected):
    assert expected in _broken(tmp_path, old, new)


def test_sources_page_shows_strength_where_read_and_passages(sources):
    soup = BeautifulSoup(render_registry(sources), "html5lib")
    law = soup.find(id="src-law").find_next_sibling("dd")
    assert "official text" in law.get_text()
    assert law.find("a", href="https://archive.example.org/law")
    original, translation = law.select("blockquote")
    assert (original["lang"], original.get_text()) == ("zh", "失信被执行人不得乘坐飞机。")
    assert (translation["lang"], translation.get_text()) == ("en", "Judgment defaulters may not take planes.")
    assert "Translation: A translator." in law.get_text()
    paper = soup.find(id="src-paper").find_next_sibling("dd")
    assert "Read at the original address." in paper.get_text()
    assert paper.select_one("#src-paper-p1 blockquote").get_text().startswith("The system is lowly digitalized")
    assert not soup.find(id="src-wiki").find_next_sibling("dd").select("blockquote")


# --- citation syntax and the weak rule ---------------------------------------------------------

def test_about_marker_parses_alone_and_in_groups():
    assert parse_group("about:a") == [Cited("a", True)]
    assert parse_group("a; @about:b") == [Cited("a"), Cited("b", True)]


@pytest.mark.parametrize("text", [
    "A fact.[@wiki]",
    "A fact.[@wiki; @forum]",
    "A fact.[@about:forum; @wiki]",   # the about: source does not support the fact; wiki alone is weak
])
def test_a_citation_resting_only_on_weak_sources_is_refused(sources, text):
    message = _error("Intro.\n\n" + text, sources)
    assert message.startswith("docs/x.md:3: the citation [")
    assert "rests only on weak sources — cite a stronger source" in message
    assert "[@about:" in message  # the fix names the marker


@pytest.mark.parametrize("text", [
    "A fact.[@wiki; @paper]",           # one strong source is enough
    "The forum said so.[@about:forum]",
    "Both said so.[@about:forum; @about:wiki]",
    "A fact.[@about:paper]",            # the marker is allowed on any source
])
def test_strong_support_or_the_about_marker_passes(sources, text):
    check_citations(text, sources, "docs/x.md")


def test_about_marker_renders_like_a_plain_citation(sources):
    def render(text):
        index = CitationIndex(sources)
        index.begin_page("x/", "X")
        md = markdown.Markdown(extensions=[CitationExtension(index, lambda: "sources.md", reference_list=False)])
        return md.convert(text)
    assert render("It said so.[@about:forum]") == render("It said so.[@forum]")


# --- quotations ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'Researchers call it "lowly digitalized, highly fragmented".[@paper]',
    'Researchers call it “lowly digitalized,\n highly   fragmented”.[@paper]',      # curly, whitespace
    'It "primarily focuses on businesses - not people".[@paper]',                  # dash styles
    'It is "lowly digitalized … primarily focuses on businesses".[@paper]',         # ellipsis pieces
    'It is "lowly digitalized [...] and primarily focuses".[@paper]',
    'The rule says "Judgment defaulters may not take planes."[@law]',             # the translation
    'The rule says "不得乘坐飞机"[@law; @wiki].',                                     # the original
    'The forum said "There is no such thing as a score."[@about:forum]',
    'A name such as ‘Seashell’ is not a quotation.[@paper]',
    'Code is not prose: `x = "not a quotation"`.[@paper]',
    '"Quoted" sentences without a citation are not checked.',
])
def test_backed_quotations_pass(sources, text):
    check_citations(text, sources, "docs/x.md")


def test_an_unbacked_quotation_names_file_line_quotation_sources_and_fix(sources):
    message = _error('First.[@paper]\n\nIt is\n"highly digitalized" in one view.[@paper; @law]', sources)
    assert message == ('docs/x.md:4: quotation "highly digitalized" is not in any stored passage of '
                       "[@paper; @law] — add the passage to data/sources.yml under paper's passages, or drop "
                       "the quotation marks if it is not a quotation (‘single curly quotes’ for names and terms)")


@pytest.mark.parametrize("text, quote", [
    ('It is "Lowly digitalized".[@paper]', "Lowly digitalized"),                 # case-sensitive
    ('It is "lowly digitalized … entirely about people".[@paper]', "entirely"),   # every piece must match
    ('A fact.[@paper] The forum said "There is no such thing".', None),           # no citation: fine
    ('The forum said "There is no such thing as a score."[@paper]', "There is"),  # only the cited sources
])
def test_quotations_match_strictly_within_their_sentence(sources, text, quote):
    if quote is None:
        check_citations(text, sources, "docs/x.md")
    else:
        assert quote in _error(text, sources)


@pytest.mark.parametrize("text, expected", [
    ("Some say e.g. this. U.S. courts list 1.5 million people. Next one.",
     ["Some say e.g. this.", "U.S. courts list 1.5 million people.", "Next one."]),
    ("A fact.[@a] Another fact [@b]. Third.", ["A fact.[@a]", "Another fact [@b].", "Third."]),
    ('He said "It is. Not." Then left.', ['He said "It is. Not."', "Then left."]),
    ("No. 5 of the rules, Art. 3 and J. Smith agree. Fine.", ["No. 5 of the rules, Art. 3 and J. Smith agree.", "Fine."]),
    ("一句。两句。", ["一句。", "两句。"]),
    ("Wait... and see. Done.", ["Wait... and see.", "Done."]),
    ("- item one\n- item two\n\nPara", ["- item one", "- item two", "Para"]),
])
def test_sentence_splitting(text, expected):
    assert [text[s.start:s.end].strip() for s in quotations.sentences(text)] == expected


def test_quotes_in_code_fences_and_markup_are_ignored():
    text = textwrap.dedent('''\
        ```yaml
        a: "not prose"[@x]
        ```
        <p class="note">A [link](https://example.org "title") {#id .class}.[@x]</p>
        A [link](https://example.org){ title="a title" } and an image {: alt="words" }.[@x]
        ''')
    assert [q for s in quotations.sentences(text) for q in s.quotes] == []


def test_the_tooltip_data_carries_the_matching_passage(sources):
    index = CitationIndex(sources)
    index.begin_page("x/", "X")
    md = markdown.Markdown(extensions=[CitationExtension(index, lambda: "sources.md", reference_list=False)])
    html = md.convert('A `"code"` aside, the rule says "不得乘坐飞机".[@law; @paper] Next.[@law]')
    links = BeautifulSoup(html, "html5lib").select("a.ex-cite__link")
    import json
    data = json.loads(links[0]["data-ex-passages"])
    assert data == [{"text": "失信被执行人不得乘坐飞机。", "lang": "zh",
                     "translation": "Judgment defaulters may not take planes.", "by": "A translator"}]
    assert not links[1].has_attr("data-ex-passages")   # paper holds no quotation of this sentence
    assert not links[2].has_attr("data-ex-passages")   # the next sentence quotes nothing


def test_the_rules_apply_to_markdown_fields_of_data_files_with_their_lines(sources, tmp_path):
    from explainer.myths.records import load_myths
    path = tmp_path / "myths.yml"
    path.write_text(textwrap.dedent('''\
        - id: a-myth
          claim: "A claim"
          verdict: "false"
          summary: "A summary."
          why: |
            A first sentence.[@paper]
            A second sentence rests on a forum.[@forum]
          page: index.md
        '''), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_myths(path, sources, {"index.md"}, tmp_path)
    assert str(err.value).startswith("myths.yml:7: the citation [@forum] rests only on weak sources")


def test_diagram_descriptions_follow_the_rules(sources):
    from explainer.diagrams.markdown import parse_diagram, text_offset
    source = 'flowchart TB\n  accTitle: A title\n  accDescr {\n    One.[@paper]\n    It "says so".[@paper]\n  }\n  a --> b\n'
    diagram = parse_diagram(source, "docs/x.md", 10)
    assert text_offset(diagram, diagram.description) == 13  # body line 4 is file line 14
    with pytest.raises(ContentError) as err:
        check_citations(diagram.description, sources, diagram.path, text_offset(diagram, diagram.description))
    assert str(err.value).startswith('docs/x.md:15: quotation "says so" is not in any stored passage of [@paper]')
