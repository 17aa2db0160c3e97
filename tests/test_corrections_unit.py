"""Unit tests of the corrections log and the Atom feed (fixtures only, no live content)."""
from __future__ import annotations

import feedparser
import pytest

from explainer.corrections import log as corrections
from explainer.corrections import feed
from explainer.core.errors import ContentError
from explainer.sources.registry import Source

SOURCES = {
    "law": Source(id="law", title="A law", publisher="A ministry", date="2018", url="https://example.org/law",
                  language="en", kind="primary", strength="official", read="original"),
    "wiki": Source(id="wiki", title="An article", publisher="Wikipedia", date="n.d.",
                   url="https://example.org/wiki", language="en", kind="secondary", strength="weak",
                   read="original"),
}
PAGES = {"index.md", "blacklists.md"}
ENTRY = """\
- date: "2026-12-02"
  page: blacklists.md
  anchor: transport-bans
  before: "Travel bans come from the court list, not from a score."
  after: >-
    Two kinds of list bar travel: the court's list
    and the transport lists.[@law]
  why: "The 2018 transport rules were missing.[@law]"
"""


def _load(tmp_path, text):
    path = tmp_path / "corrections.yml"
    path.write_text(text, encoding="utf-8")
    return corrections.load_corrections(path, SOURCES, PAGES, tmp_path)


def _error(tmp_path, text) -> str:
    with pytest.raises(ContentError) as err:
        _load(tmp_path, text)
    return str(err.value)


def test_entries_load_newest_first_with_stable_ids(tmp_path):
    older = ENTRY.replace("2026-12-02", "2026-11-30").replace("transport-bans", "court-list")
    log = _load(tmp_path, older + ENTRY)
    assert [c.id for c in log] == ["c-2026-12-02-transport-bans", "c-2026-11-30-court-list"]
    assert log[0].after == "Two kinds of list bar travel: the court's list and the transport lists.[@law]"


@pytest.mark.parametrize("old, new, expected", [
    ("  why: \"The 2018 transport rules were missing.[@law]\"\n", "",
     "corrections.yml:1: correction is missing the required field 'why'"),
    ('date: "2026-12-02"', 'date: "2026-02-30"', "corrections.yml:1: date '2026-02-30' is not a real date — write the date as YYYY-MM-DD"),
    ('date: "2026-12-02"', "date: 2 December 2026", "corrections.yml:1: date '2 December 2026' is not a real date"),
    ("page: blacklists.md", "page: nowhere.md", "corrections.yml:2: page 'nowhere.md' is not a page of the site"),
    ("anchor: transport-bans", "anchor: Transport Bans", "corrections.yml:3: anchor 'Transport Bans' is not in the expected form — the heading id"),
    # a folded (>-) field is one line of text: errors point at its first line
    ("lists.[@law]", "lists.[@wiki]", "corrections.yml:6: the citation [@wiki] rests only on weak sources"),
    ("lists.[@law]", 'lists, "in the words of no one".[@law]',
     "corrections.yml:6: quotation \"in the words of no one\" is not in any stored passage of [@law]"),
    ("  before:", "  colour: red\n  before:", "corrections.yml:4: unknown field 'colour' in correction"),
])
def test_malformed_entries_name_file_and_line(tmp_path, old, new, expected):
    assert old in ENTRY
    assert expected in _error(tmp_path, ENTRY.replace(old, new))


def test_two_corrections_of_one_section_on_one_day_are_refused(tmp_path):
    assert "corrections.yml:11: a second correction of #transport-bans on 2026-12-02" in _error(tmp_path, ENTRY * 2)


def test_the_anchor_must_exist_on_its_page(tmp_path):
    log = _load(tmp_path, ENTRY)
    corrections.check_anchors(log, {"blacklists.md": {"transport-bans", "court-list"}})
    with pytest.raises(ContentError) as err:
        corrections.check_anchors(log, {"blacklists.md": {"court-list", "cite-1"}})
    assert str(err.value) == ("corrections.yml:3: there is no section #transport-bans on blacklists.md — "
                              "use the id of the corrected heading (on that page: court-list)")


def test_an_empty_log_is_allowed(tmp_path):
    assert _load(tmp_path, "# nothing yet\n") == []
    assert corrections.render_corrections([], str, str) == "No corrections so far.\n"


def test_section_titles_come_from_the_page(tmp_path):
    page = tmp_path / "blacklists.md"
    page.write_text("---\ntitle: Blacklists\n---\n\n# Top {#top}\n\n## Transport *bans* {#transport-bans}\n",
                    encoding="utf-8")
    title, headings = corrections.section_titles(page)
    assert (title, headings["transport-bans"]) == ("Blacklists", "Transport bans")
    log = _load(tmp_path, ENTRY)
    assert corrections.title_of(log[0], title, headings) == "Transport bans (Blacklists)"


def test_feed_is_valid_atom_dated_by_its_newest_entry():
    entries = [
        feed.Entry("https://x.example/corrections/#c-2026-11-30-a", "Correction: A & B", "https://x.example/p/#a",
                   "2026-11-30", "Before: <old> Now: new"),
        feed.Entry("https://x.example/new/", "New page: New", "https://x.example/new/", "2026-12-01", "A page."),
    ]
    xml = feed.render_feed("Site", "https://x.example/", entries, "2020-01-01")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.updated == "2026-12-01T00:00:00Z"
    assert [e.link for e in parsed.entries] == ["https://x.example/new/", "https://x.example/p/#a"]
    assert parsed.entries[1].title == "Correction: A & B" and parsed.entries[1].summary == "Before: <old> Now: new"
    assert all(e.updated_parsed and e.published_parsed for e in parsed.entries)
    assert feed.render_feed("Site", "https://x.example/", list(reversed(entries)), "2020-01-01") == xml
    empty = feedparser.parse(feed.render_feed("Site", "https://x.example/", [], "2020-01-01"))
    assert not empty.bozo and empty.feed.updated == "2020-01-01T00:00:00Z"
