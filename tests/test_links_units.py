"""Forum-ready links, the pure parts: heading ids, aliases, the lock, tags, cards, ClaimReview."""
from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from explainer.anchors import ids as anchors
from explainer.previews import cards
from explainer.previews import meta
from explainer.myths import links as myth_links
from explainer.core.errors import ContentError
from explainer.myths.records import Myth


# --- explicit heading ids -----------------------------------------------------------------

def test_scan_headings_reads_explicit_ids_and_skips_code():
    text = "# Title {#top}\n\n```\n## not a heading\n```\n\n## Court list {#court-list .x}\n### Bare\n"
    found = anchors.scan_headings(text)
    assert [(h.level, h.text, h.id) for h in found] == [
        (1, "Title", "top"), (2, "Court list", "court-list"), (3, "Bare", None)]
    assert found[2].line == 8


def test_heading_without_id_names_file_line_and_fix():
    with pytest.raises(ContentError) as err:
        anchors.check_headings("# T {#top}\n\n## Who gets listed\n", "docs/x.md", line_offset=4)
    message = str(err.value)
    assert message.startswith("docs/x.md:7: heading 'Who gets listed' has no explicit id")
    assert "{#" in message


def test_duplicate_and_malformed_ids_are_refused():
    with pytest.raises(ContentError, match=r"docs/x\.md:3: duplicate id 'a' \(first used on line 1\)"):
        anchors.check_headings("# A {#a}\n\n## B {#a}\n", "docs/x.md")
    with pytest.raises(ContentError, match="not short lower-case words"):
        anchors.check_headings("## B {#Court_List}\n", "docs/x.md")
    with pytest.raises(ContentError, match="not short lower-case words"):
        anchors.check_headings("## B {#" + "-".join(["word"] * 12) + "}\n", "docs/x.md")


def test_generated_ids_are_marked_and_caught_in_html():
    slug = anchors.marking_slugify(lambda value, sep: value.lower().replace(" ", sep))
    assert slug("Who is listed", "-") == anchors.AUTO_ID_MARK + "who-is-listed"
    page = f'<h2 id="{slug("Who is listed", "-")}">Who is listed<a class="headerlink" href="#x">#</a></h2>'
    with pytest.raises(ContentError, match=r"docs/x\.md:3: heading 'Who is listed' has no explicit id"):
        anchors.check_page_ids(anchors.collect_ids(page), "docs/x.md", "---\n\n## Who is listed\n")


def test_collect_ids_and_duplicate_ids_in_html():
    ids = anchors.collect_ids('<h1 id="top">T<a class="headerlink" href="#top">#</a></h1>'
                              '<p id="p">x</p><h2 id="a"><span id="old" class="ex-alias"></span>A</h2>')
    assert ids.headings == [("top", "T"), ("a", "A")]
    assert ids.published() == {"top", "a", "old"}
    with pytest.raises(ContentError, match="the id 'p' is used twice"):
        anchors.check_page_ids(anchors.collect_ids('<p id="p"></p><div id="p"></div>'), "docs/x.md")


# --- aliases --------------------------------------------------------------------------------

def test_same_page_alias_is_an_empty_anchor_inside_its_target():
    source = "---\ntitle: X\naliases:\n  court-list: defaulter-list\n---\n"
    aliases = anchors.read_aliases({"court-list": "defaulter-list"}, "docs/b.md", source)
    assert aliases == [anchors.Alias("court-list", "defaulter-list", 4)]
    out = anchors.insert_aliases('<h2 id="defaulter-list">List</h2>', aliases, "docs/b.md")
    assert out == ('<h2 id="defaulter-list"><span id="court-list" class="ex-alias" '
                   'data-ex-alias-of="defaulter-list" aria-hidden="true"></span>List</h2>')


def test_alias_errors_point_at_front_matter():
    source = "---\naliases:\n  old: nowhere\n---\n"
    aliases = anchors.read_aliases({"old": "nowhere"}, "docs/b.md", source)
    with pytest.raises(ContentError, match=r"docs/b\.md:3: alias 'old' points to 'nowhere', which is not an id"):
        anchors.insert_aliases('<h2 id="here">H</h2>', aliases, "docs/b.md")
    with pytest.raises(ContentError, match="still an id on the page"):
        anchors.insert_aliases('<h2 id="old">H</h2><h2 id="here">H</h2>',
                               anchors.read_aliases({"old": "here"}, "docs/b.md"), "docs/b.md")
    with pytest.raises(ContentError, match="aliases must map old ids"):
        anchors.read_aliases(["old"], "docs/b.md", source)


def test_alias_to_another_page_renders_a_note_with_the_link():
    aliases = anchors.read_aliases({"old": "about.md#scope"}, "docs/b.md")
    out = anchors.insert_aliases("<p>x</p>", aliases, "docs/b.md",
                                 moved_href=lambda page, anchor: f"../about/#{anchor}",
                                 moved_title=lambda page: "About")
    assert out.endswith('<p id="old" class="ex-moved" data-ex-moved-to="../about/#scope">'
                        'This section has moved: <a href="../about/#scope">About</a>.</p>')
    assert "old" in anchors.collect_ids(out).published()


# --- addresses and the lock -----------------------------------------------------------------

@pytest.mark.parametrize("src, address", [
    ("index.md", "/"), ("about.md", "/about/"), ("myths/x.md", "/myths/x/"), ("a/index.md", "/a/")])
def test_page_address(src, address):
    assert anchors.page_address(src) == address


def test_lock_round_trip_and_merge_never_drops_without_prune():
    entries = {"/": {"top", "b"}, "/about/": {"scope"}}
    text = anchors.format_lock(entries)
    lock = anchors.parse_lock(text)
    assert lock.entries == entries
    assert text.splitlines()[lock.lines["/about/#scope"] - 1] == "/about/#scope"
    assert anchors.merge_lock(entries, {"/": {"top", "c"}}) == {"/": {"top", "b", "c"}, "/about/": {"scope"}}
    assert anchors.merge_lock(entries, {"/": {"top"}}, prune=True) == {"/": {"top"}}
    with pytest.raises(ContentError, match=r"data/anchors\.lock:1: 'about' is not an address"):
        anchors.parse_lock("about\n")


def test_check_lock_reports_gone_anchors_and_pages_unless_redirected():
    lock = anchors.parse_lock(anchors.format_lock({"/": {"top", "gone"}, "/old/": {"x"}}))
    problems = anchors.check_lock(lock, {"/": {"top"}}, {}, {"/": "docs/index.md"})
    assert [p.problem for p in problems] == ["the anchor /#gone is gone from docs/index.md",
                                             "the page /old/ is gone"]
    assert problems[0].line == lock.lines["/#gone"] and "aliases: {gone: new-id}" in problems[0].fix
    redirects = anchors.redirect_addresses({"old.md": "new.md", "ext.md": "https://example.org/"})
    assert redirects == {"/old/": "/new/"}
    assert anchors.check_lock(lock, {"/": {"top", "gone"}, "/new/": {"x"}}, redirects, {}) == []
    missing = anchors.check_lock(lock, {"/": {"top", "gone"}, "/new/": set()}, redirects, {})
    assert "redirects to /new/, which has no id 'x'" in missing[0].problem


# --- previews -------------------------------------------------------------------------------

def test_preview_tags_are_complete_and_ordered():
    preview = meta.Preview("T", "D", "https://e.org/a/", "https://e.org/assets/cards/a.png", "alt", "S", "en_GB")
    tags = {(t["attr"], t["key"]): t["content"] for t in meta.tags(preview)}
    for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:image",
                "og:image:width", "og:image:height", "og:image:alt", "og:locale"):
        assert ("property", key) in tags
    assert tags[("name", "twitter:card")] == "summary_large_image"
    assert (tags[("property", "og:image:width")], tags[("property", "og:image:height")]) == ("1200", "630")
    assert meta.card_path("myths/x.md") == "assets/cards/myths/x.png"
    assert meta.robots_txt("https://e.org/sub/").endswith("Sitemap: https://e.org/sub/sitemap.xml\n")
    assert meta.site_host("https://e.org/sub/") == "e.org/sub"


@pytest.fixture(scope="module")
def fonts():
    return cards.find_fonts()


def test_cards_are_1200x630_png_without_metadata_and_deterministic(fonts):
    card = cards.Card("Site", "e.org", "A title that is long enough to wrap onto a second line of the card",
                      "Some description.", "misleading", "Misleading")
    first, second = cards.render(card, fonts), cards.render(card, fonts)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert not image.info.keys() - {"transparency"}  # no text, time or dpi chunks
    assert b"tIME" not in first and b"tEXt" not in first and b"iTXt" not in first
    assert cards.render(cards.Card("Site", "e.org", "Another title"), fonts) != first


def test_card_text_must_be_drawable(fonts):
    with pytest.raises(ContentError, match="card font cannot draw"):
        cards.check_text(cards.Card("Site", "e.org", "芝麻信用"), "docs/x.md")
    font, lines = cards.fit("word " * 200, fonts, "bold", range(40, 35, -2), 500, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert fonts.licence is None or "Bitstream" in fonts.licence.read_text(encoding="utf-8")


# --- myths: own pages and ClaimReview ---------------------------------------------------------

MYTH = Myth("a-claim", "A *claim* [with] marks.", "partly-true", "Short summary.", "Why [@x].", "index.md")


def test_route_page_front_matter_and_link_to_the_anchor():
    text = myth_links.route_markdown(MYTH, "../myths.md")
    assert text.startswith("---\n")
    assert "](../myths.md#a-claim)" in text and "{#top " in text
    assert "A \\*claim\\* \\[with\\] marks." in text
    assert myth_links.route_src("a-claim") == "myths/a-claim.md"
    assert myth_links.summary_line(MYTH) == "Claim: “A *claim* [with] marks.” — Verdict: Partly true. Why: Short summary."


def test_claim_review_fields_and_safe_script():
    review = myth_links.claim_review(MYTH, "https://e.org/myths/#a-claim", "S", "https://e.org/", "2026-11-28")
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Partly true",
                                      "ratingValue": 3, "bestRating": 4, "worstRating": 1}
    assert review["itemReviewed"]["@type"] == "Claim"
    script = myth_links.claim_reviews_script([dict(review, claimReviewed="</script><b>")])
    assert "</script><b>" not in script
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert json.loads(inner)[0]["claimReviewed"] == "</script><b>"
    unproven = myth_links.claim_review(Myth("b", "c", "unproven", "s", "w", "p"), "u", "S", "s", "d")
    assert unproven["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_publication_date_is_reviewed_or_source_date_epoch():
    assert myth_links.publication_date("2026-11-28", "0") == "2026-11-28"
    assert myth_links.publication_date(None, "1764288000") == "2025-11-28"
