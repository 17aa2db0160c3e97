"""An Atom feed (RFC 4287) of corrections and new pages, written without the clock.

Every entry is dated (a correction's date, a page's ``published:``) and links with an
absolute address to the corrected section or the new page. The feed's ``updated`` is its
newest entry's date, so two builds of the same content give the same bytes.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FEED_PATH = "feed.xml"
ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class Entry:
    id: str          # a permanent IRI
    title: str
    link: str        # absolute address the entry is about
    date: str        # YYYY-MM-DD
    summary: str     # plain text


def feed_title(site_name: str) -> str:
    return f"{site_name}: corrections and new pages"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def render_feed(site_name: str, site_url: str, entries: list[Entry], fallback_date: str) -> str:
    """The feed's XML; entries newest first (ties by id). *fallback_date* dates an empty feed."""
    base = site_url.rstrip("/") + "/"
    ordered = sorted(entries, key=lambda e: e.id)
    ordered.sort(key=lambda e: e.date, reverse=True)
    updated = ordered[0].date if ordered else fallback_date
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
             f"  <title>{escape(feed_title(site_name))}</title>",
             f"  <id>{escape(base + FEED_PATH)}</id>",
             f"  <link rel=\"self\" type=\"{ATOM_TYPE}\" href={quoteattr(base + FEED_PATH)}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base)}/>",
             f"  <updated>{_timestamp(updated)}</updated>",
             f"  <author><name>{escape(site_name)}</name></author>"]
    for entry in ordered:
        lines += ["  <entry>",
                  f"    <title>{escape(entry.title)}</title>",
                  f"    <id>{escape(entry.id)}</id>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(entry.link)}/>",
                  f"    <published>{_timestamp(entry.date)}</published>",
                  f"    <updated>{_timestamp(entry.date)}</updated>",
                  f"    <summary type=\"text\">{escape(entry.summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def epoch_date(source_date_epoch: str | None) -> str:
    """The day of SOURCE_DATE_EPOCH (UTC), for an empty feed."""
    seconds = int(source_date_epoch or 315532800)
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()
