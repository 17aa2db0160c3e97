"""Myths and verdicts (``data/myths.yml``): load, check and render as Markdown.

A myth is a claim as people write it, a verdict from one fixed scale, a one-line
summary (for previews) and two or three cited sentences of why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.core.datafile import Record, check_fields, check_list, load_yaml
from explainer.core.escape import md_text, md_without_html
from explainer.sources.registry import Source, check_citations, find_citations

REQUIRED = ("id", "claim", "verdict", "summary", "why", "page")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){0,4}$")
SUMMARY_MAX = 150

# The one scale every myth is judged on; the myths page prints it.
VERDICTS = {
    "false": ("False", "The claim is wrong: the sources show something else."),
    "misleading": ("Misleading", "Something real lies behind it, but the claim draws the wrong conclusion."),
    "partly-true": ("Partly true", "Part of the claim holds; an important part does not."),
    "true": ("True", "The sources support the claim."),
    "unproven": ("Unproven", "No reliable source confirms or refutes it."),
}


@dataclass(frozen=True)
class Myth:
    id: str
    claim: str
    verdict: str
    summary: str
    why: str
    page: str
    line: int = 0

    @property
    def verdict_label(self) -> str:
        return VERDICTS[self.verdict][0]


def load_myths(path: str | Path, sources: dict[str, Source], pages: set[str],
               root: str | Path | None = None) -> list[Myth]:
    """Load and check every myth; *pages* are the Markdown files a myth may point to."""
    data = load_yaml(path, root)
    shown = getattr(data[0], "path", str(path)) if isinstance(data, list) and data else str(path)
    myths: list[Myth] = []
    seen: dict[str, int] = {}
    for record in check_list(data, shown, "myths"):
        myth = _myth_from(record, sources, pages)
        if myth.id in seen:
            raise record.error(f"duplicate myth id {myth.id!r} (first on line {seen[myth.id]})",
                               "give each myth its own id", key="id")
        seen[myth.id] = record.line
        myths.append(myth)
    return myths


def _myth_from(record: Record, sources: dict[str, Source], pages: set[str]) -> Myth:
    check_fields(record, REQUIRED, what="myth")
    values = {key: _text(record[key]) for key in REQUIRED}
    if not ID_RE.match(values["id"]):
        raise record.error(f"myth id {values['id']!r} is not short lower-case words joined by '-'",
                           "use at most five words, e.g. 'sesame-is-state-score'", key="id")
    if values["verdict"] not in VERDICTS:
        raise record.error(f"unknown verdict {values['verdict']!r}",
                           f"use one of: {', '.join(VERDICTS)}", key="verdict")
    if len(values["summary"]) > SUMMARY_MAX:
        raise record.error(f"summary is {len(values['summary'])} characters long",
                           f"shorten it to at most {SUMMARY_MAX}", key="summary")
    if values["page"].split("#")[0] not in pages:
        raise record.error(f"page {values['page']!r} is not a page of the site",
                           f"use one of: {', '.join(sorted(pages))}", key="page")
    citations = find_citations(values["why"])
    if not citations:
        raise record.error("the why has no citation", "end its sentences with [@source-id]", key="why")
    check_citations(values["why"], sources, record.path, record.text_offset("why"))
    return Myth(line=record.line, **values)


def _text(value) -> str:
    # YAML reads a bare `false` or `true` as a boolean; verdicts are words.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def render_scale() -> str:
    """The verdict scale as a definition list."""
    rows = [f'<dt><span class="ex-verdict ex-verdict--{key}">{label}</span></dt><dd>{text}</dd>'
            for key, (label, text) in VERDICTS.items()]
    return '<dl class="ex-scale">' + "".join(rows) + "</dl>"


def render_myth(myth: Myth, link_to_page: str, page_title: str, share: str = "") -> str:
    """One myth as a Markdown section with its stable anchor (and *share*, its share line)."""
    return (
        f'## “{md_text(myth.claim)}” {{#{myth.id} .ex-myth-heading}}\n\n'
        f'<p class="ex-verdict-line">Verdict: <strong class="ex-verdict ex-verdict--{myth.verdict}">'
        f"{myth.verdict_label}</strong></p>\n\n"
        f"{md_without_html(myth.why)}\n\n"
        f"More on this: [{page_title}]({link_to_page}).\n"
        + (f"\n{share}" if share else "")
    )


def render_myths(myths: list[Myth], link_for, title_for, share_for=None) -> str:
    return "\n".join(render_myth(m, link_for(m.page), title_for(m.page), share_for(m) if share_for else "")
                     for m in myths)
