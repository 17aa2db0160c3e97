"""Sharing a myth: its own small page, its copy controls, and its ClaimReview markup.

Link previews (Discord, Slack, Mastodon …) read one page's metadata and ignore the
``#anchor``, so each myth also gets a tiny page, ``myths/<id>/``, whose preview is that
myth's card and which links to the full verdict at ``myths/#<id>``. The myths page
carries schema.org ``ClaimReview`` JSON-LD for fact-check aggregators.

Plain functions over ``Myth`` records; no MkDocs imports.
"""
from __future__ import annotations

import datetime as _dt
import html
import json

import yaml

from explainer.anchors.ids import page_address
from explainer.core.escape import md_text
from explainer.myths.records import VERDICTS, Myth

ROUTE_DIR = "myths"
# Ordinal ratings for aggregators; "unproven" is not on the scale and carries only its name.
RATINGS = {"false": 1, "misleading": 2, "partly-true": 3, "true": 4}
BEST_RATING, WORST_RATING = 4, 1


def route_src(myth_id: str) -> str:
    """The generated Markdown file of a myth's own page (``myths/<id>.md``)."""
    return f"{ROUTE_DIR}/{myth_id}.md"


def route_title(myth: Myth) -> str:
    return f"{myth.verdict_label}: “{myth.claim}”"


def summary_line(myth: Myth) -> str:
    """The ready-to-paste line (the copy control appends the link)."""
    return f"Claim: “{myth.claim}” — Verdict: {myth.verdict_label}. Why: {myth.summary}"


def route_markdown(myth: Myth, myths_page_link: str, dates: dict | None = None) -> str:
    """The myth's own page: claim, verdict, summary and the way to the full verdict.

    *myths_page_link* is the Markdown link target of the myths page as seen from the route
    (``../myths.md``). The front matter tells the previews plugin what to draw on the card and,
    with *dates* (``{"published": …, "modified": …}``, ISO 8601), when the verdict appeared.
    """
    front = {
        "title": route_title(myth),
        "description": myth.summary,
        "myth": {"id": myth.id, "claim": myth.claim, "verdict": myth.verdict,
                 "verdict_label": myth.verdict_label, **(dates or {})},
        "search": {"exclude": True},
    }
    anchor = f"{myths_page_link}#{myth.id}"
    return (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"
        f"# “{md_text(myth.claim)}” {{#top .ex-myth-heading}}\n\n"
        f'<p class="ex-verdict-line">Verdict: <strong class="ex-verdict ex-verdict--{myth.verdict}">'
        f"{myth.verdict_label}</strong></p>\n\n"
        f"{md_text(myth.summary)}\n\n"
        f"[Why, with the sources]({anchor}){{.md-button .md-button--primary .ex-route-more}}\n"
        f"[All myths and verdicts]({myths_page_link}#top){{.md-button}}\n"
    )


def share_markup(myth: Myth, route_link: str) -> str:
    """The share line under a myth on the myths page.

    Without JavaScript it is a plain link to the myth's own page; ``copylink.js`` adds
    "Copy link" and "Copy summary" (``summary_line`` plus the link). Both copy the address of
    the myth's own page, whose preview shows its card (previews drop ``#<id>``): the public,
    directory-style path from the site root is in ``data-ex-page``, the same in the offline
    bundle, whose own links end in ``.html``.
    For reader views (Mozilla Readability) it is a paragraph whose class does not say "share":
    they delete share widgets, and any box (a <div>) that is mostly a link.
    """
    public_path = page_address(route_src(myth.id)).lstrip("/")
    return (
        f'<p class="ex-claim-link" data-ex-myth="{myth.id}" data-ex-page="{public_path}" '
        f'data-ex-summary="{html.escape(summary_line(myth))}" markdown>\n'
        f"<span>Share: [page for this claim, with a preview]({route_link}){{.ex-claim-link__route}}</span>\n"
        "</p>\n"
    )


def claim_review(myth: Myth, url: str, site_name: str, site_url: str, date: str) -> dict:
    """schema.org ClaimReview for one myth; *url* is the address of its verdict (with anchor)."""
    rating: dict[str, object] = {"@type": "Rating", "alternateName": myth.verdict_label}
    if myth.verdict in RATINGS:
        rating.update(ratingValue=RATINGS[myth.verdict], bestRating=BEST_RATING, worstRating=WORST_RATING)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": myth.claim,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": site_name, "url": site_url},
        "datePublished": date,
        "itemReviewed": {"@type": "Claim", "name": myth.claim},
        "reviewBody": myth.summary,
    }


def claim_reviews_script(reviews: list[dict]) -> str:
    """One JSON-LD ``<script>`` (a list of ClaimReview), safe inside HTML."""
    text = json.dumps(reviews, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def publication_date(reviewed, source_date_epoch: str | None) -> str:
    """The page's ``reviewed`` date, else the day of SOURCE_DATE_EPOCH (never the clock)."""
    if reviewed:
        return str(reviewed)
    seconds = int(source_date_epoch or 315532800)
    return _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC).date().isoformat()


def verdict_label(verdict: str) -> str:
    return VERDICTS[verdict][0]
