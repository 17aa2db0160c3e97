"""The glossary (``data/glossary.yml``): load and check terms, find them in text, render.

Each term has a stable id, its English name and aliases, the Chinese (simplified) and
tone-marked pinyin, a plain-text definition of at most 160 characters (shown in the
tooltip), a longer Markdown explanation with ``[@source-id]`` citations, the source ids
that back the definition, related terms and terms it is "not to be confused with".

Pages refer to terms just by writing them: every occurrence of a term or alias in body
text becomes a glossary reference (see ``explainer.glossary.markdown``). This module knows nothing of
Markdown internals or MkDocs: it gives the matcher, the texts and the glossary page.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from explainer.core.datafile import Record, check_fields, check_list, load_yaml
from explainer.core.escape import md_text, md_without_html
from explainer.sources.registry import Source, check_citations, find_citations

REQUIRED = ("id", "term", "zh", "pinyin", "definition", "explanation", "sources")
OPTIONAL = ("aliases", "related", "not_confused_with")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){0,5}$")
DEFINITION_MAX = 160
# The tooltip definition is plain text: no Markdown, HTML or citations.
MARKUP_RE = re.compile(r"[<>\[\]`*]")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# The separators of a reference's title (see Term.title_text and glossary.js).
TITLE_PART = " · "
TITLE_DEFINITION = " — "

ZH_LANG = "zh-Hans"
PINYIN_LANG = "zh-Latn-pinyin"


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    zh: str
    pinyin: str
    definition: str
    explanation: str
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    not_confused_with: tuple[str, ...] = ()
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """The term and all its aliases: every form that is matched in text."""
        return (self.term, *self.aliases)

    @property
    def heading(self) -> str:
        """The term as a heading or tooltip title (first letter capitalised)."""
        return self.term[:1].upper() + self.term[1:]

    def title_text(self) -> str:
        """The reference's ``title``: "Term · 中文 · pīnyīn — definition".

        Without JavaScript it is the tooltip, and screen readers announce it as the
        link's description. glossary.js splits it at the first " — " and the " · " to
        build the styled tooltip (so those separators may not occur before the
        definition; ``load_glossary`` checks)."""
        return f"{self.heading}{TITLE_PART}{self.zh}{TITLE_PART}{self.pinyin}{TITLE_DEFINITION}{self.definition}"

    def shown_aliases(self) -> list[str]:
        """Aliases worth printing under "Also called": not mere plurals or spellings."""
        seen = {_fold(self.term)}
        shown = []
        for alias in self.aliases:
            key = _fold(alias)
            if key in seen:
                continue
            seen.add(key)
            shown.append(alias)
        return shown


def _fold(name: str) -> str:
    """Fold a name for "is this just a variant?": case, hyphens, a plural s."""
    key = re.sub(r"[\s-]+", " ", name.casefold()).replace("’", "'")
    return re.sub(r"s\b", "", key)


# --------------------------------------------------------------------------- loading


def load_glossary(path: str | Path, sources: dict[str, Source],
                  root: str | Path | None = None) -> dict[str, Term]:
    """Load and check every term; raise ``ContentError`` with file and line."""
    data = load_yaml(path, root)
    shown = getattr(data[0], "path", str(path)) if isinstance(data, list) and data else str(path)
    terms: dict[str, Term] = {}
    records: dict[str, Record] = {}
    names: dict[str, tuple[str, int]] = {}  # folded name -> (term id, line)
    for record in check_list(data, shown, "terms"):
        term = _term_from(record, sources)
        if term.id in terms:
            raise record.error(f"duplicate term id {term.id!r} (first defined on line {terms[term.id].line})",
                               "give each term its own id", key="id")
        for name in term.names:
            key = name.casefold()
            if key in names and names[key][0] != term.id:
                other, line = names[key]
                raise record.error(
                    f"the name {name!r} is used by two terms: {other!r} (line {line}) and {term.id!r}",
                    "keep each term or alias in one entry only",
                    key="aliases" if name != term.term else "term")
            names[key] = (term.id, record.line)
        terms[term.id] = term
        records[term.id] = record
    for term in terms.values():
        record = records[term.id]
        for key in ("related", "not_confused_with"):
            for other in getattr(term, key):
                if other not in terms:
                    raise record.error(f"{key.replace('_', ' ')} names the unknown term {other!r}",
                                       f"use the id of a term in this file{_closest(other, terms)}", key=key)
                if other == term.id:
                    raise record.error(f"{key.replace('_', ' ')} names the term itself",
                                       "list only other terms", key=key)
    return terms


def _term_from(record: Record, sources: dict[str, Source]) -> Term:
    check_fields(record, REQUIRED, OPTIONAL, what="term")
    values = {key: _text(record, key) for key in ("id", "term", "zh", "pinyin", "definition", "explanation")}
    if not ID_RE.match(values["id"]):
        raise record.error(f"term id {values['id']!r} is not short lower-case words joined by '-'",
                           "use e.g. 'sesame-credit'", key="id")
    definition = " ".join(values["definition"].split())
    if len(definition) > DEFINITION_MAX:
        raise record.error(f"definition is {len(definition)} characters long",
                           f"shorten it to at most {DEFINITION_MAX}; put the rest in 'explanation'",
                           key="definition")
    if MARKUP_RE.search(definition):
        raise record.error("definition contains Markdown, HTML or a citation",
                           "write it as plain text and list its sources under 'sources'", key="definition")
    if not HAN_RE.search(values["zh"]):
        raise record.error(f"zh {values['zh']!r} has no Chinese characters",
                           "give the simplified Chinese name", key="zh")
    if HAN_RE.search(values["pinyin"]) or not any(ch.isalpha() for ch in values["pinyin"]):
        raise record.error(f"pinyin {values['pinyin']!r} is not romanised text",
                           "give Hanyu Pinyin with tone marks, e.g. 'Zhīma Xìnyòng'", key="pinyin")
    for key in ("term", "zh", "pinyin"):
        if TITLE_PART in values[key] or TITLE_DEFINITION in values[key]:
            raise record.error(f"{key} {values[key]!r} contains ' · ' or ' — ', which separate the parts of a "
                               "tooltip", "write it without them (no spaces around the dot or dash)", key=key)
    aliases = _names(record, "aliases")
    for name in (values["term"], *aliases):
        if not re.search(r"\w", name) or name != name.strip() or "  " in name:
            raise record.error(f"name {name!r} is empty or has stray spaces", "write it as it appears in text",
                               key="aliases" if name in aliases else "term")
    seen = {values["term"]}
    for alias in aliases:
        if alias in seen:
            raise record.error(f"alias {alias!r} is listed twice in the term", "list it once", key="aliases")
        seen.add(alias)
    source_ids = _names(record, "sources")
    if not source_ids:
        raise record.error("the term lists no sources", "list the source ids that back the definition",
                           key="sources")
    for source_id in source_ids:
        if source_id not in sources:
            raise record.error(f"unknown source id {source_id!r}",
                               f"add it to data/sources.yml or use an existing id{_closest(source_id, sources)}",
                               key="sources")
    citations = find_citations(values["explanation"])
    if not citations:
        raise record.error("the explanation has no citation", "end its sentences with [@source-id]",
                           key="explanation")
    check_citations(values["explanation"], sources, record.path, record.text_offset("explanation"))
    return Term(
        id=values["id"], term=values["term"], zh=values["zh"], pinyin=values["pinyin"],
        definition=definition, explanation=values["explanation"], sources=tuple(source_ids),
        aliases=tuple(aliases), related=tuple(_names(record, "related")),
        not_confused_with=tuple(_names(record, "not_confused_with")), line=record.line)


def _text(record: Record, key: str) -> str:
    value = record[key]
    if not isinstance(value, str):
        raise record.error(f"{key} must be text", f"write '{key}: …' as a string", key=key)
    return value.strip()


def _names(record: Record, key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise record.error(f"{key} must be a list of text", f"write it as '{key}: [a, b]'", key=key)
    return [v.strip() for v in value]


def _closest(wanted: str, known) -> str:
    import difflib
    near = difflib.get_close_matches(wanted, list(known), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


# --------------------------------------------------------------------------- matching

# Bare web addresses in running text are left alone: a name is not a reference when the
# run of non-space characters around it looks like an address.
ADDRESS_RE = re.compile(r"://|^\W*www\.|\w\.(?:cn|com|org|net|gov|int)\b", re.IGNORECASE)


def _in_address(text: str, start: int, end: int) -> bool:
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return (left < start or right > end) and bool(ADDRESS_RE.search(text[left:right]))


def _atoms(name: str, relax_first: bool = False) -> list[str]:
    """A name as regex atoms: spaces match any run of white space (lines wrap in
    Markdown), either apostrophe matches, and an all-lower-case name may start with a
    capital (at the start of a sentence). Names with capitals match as written, unless
    *relax_first* (the fast pre-match, checked afterwards)."""
    atoms: list[str] = []
    for position, char in enumerate(name):
        if char.isspace():
            if not atoms or atoms[-1] != r"\s+":
                atoms.append(r"\s+")
        elif char in "'’":
            atoms.append("['’]")
        elif position == 0 and char.isalpha() and (relax_first or name == name.lower()):
            atoms.append(f"[{re.escape(char.lower())}{re.escape(char.upper())}]")
        else:
            atoms.append(re.escape(char))
    return atoms


def _trie_pattern(sequences: list[list[str]]) -> str:
    """One regex for many atom sequences, sharing their prefixes (a trie), so that the
    regex engine rejects most positions at once. Sibling atoms never overlap, so the
    greedy optional tails give the longest name first, with backtracking to shorter
    ones when a longer one is not a whole word."""
    trie: dict = {}
    for atoms in sequences:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


class Matcher:
    """Find every term or alias in a text: longest name first, whole words only."""

    def __init__(self, terms: dict[str, Term]):
        self.terms = terms
        self.lookup: dict[str, str] = {}
        names = []
        for term in terms.values():
            for name in term.names:
                key = self._key(name)
                self.lookup[key] = term.id
                if name == name.lower():  # may start a sentence
                    self.lookup.setdefault(key[:1].upper() + key[1:], term.id)
                names.append(name)
        names.sort(key=lambda n: (-len(n), n))
        # The exact rules: every name, longest first.
        body = "|".join("".join(_atoms(n)) for n in names) or r"(?!x)x"
        self.regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        # The fast pre-match: a trie of the names, each allowed either case at its start.
        fast = _trie_pattern([_atoms(n, relax_first=True) for n in names]) or r"(?!x)x"
        self.fast = re.compile(rf"(?<!\w)(?:{fast})(?!\w)")

    @staticmethod
    def _key(text: str) -> str:
        return " ".join(text.split()).replace("’", "'")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, term_id)`` for every reference in *text*, left to right."""
        found = []
        position = 0
        while True:
            match = self.fast.search(text, position)
            if match is None:
                break
            start, end = match.span()
            term_id = self.lookup.get(self._key(match.group(0)))
            if term_id is None:  # a capital where the name has none, or the reverse
                exact = self.regex.match(text, start)
                if exact is None:
                    position = start + 1
                    continue
                start, end = exact.span()
                term_id = self.lookup[self._key(exact.group(0))]
            position = end
            if not _in_address(text, start, end):
                found.append((start, end, term_id))
        return found


# --------------------------------------------------------------------------- usage


@dataclass
class PageUsage:
    url: str
    counts: dict[str, int] = field(default_factory=dict)


class Usage:
    """Which terms each page refers to, for the "used on" back-links and the tooltips."""

    def __init__(self):
        self.pages: dict[str, PageUsage] = {}
        self.current: PageUsage | None = None

    def begin_page(self, url: str) -> PageUsage:
        self.current = self.pages[url] = PageUsage(url)  # a rebuilt page (serve) starts afresh
        return self.current

    def record(self, term_id: str) -> bool:
        """Count one reference on the current page; True for the page's first one."""
        if self.current is None:
            return False
        count = self.current.counts.get(term_id, 0)
        self.current.counts[term_id] = count + 1
        return count == 0

    def used_on(self, term_id: str, exclude: str | None = None) -> list[tuple[str, int]]:
        """``(page_url, count)`` of every page that uses the term, in build order."""
        return [(url, usage.counts[term_id]) for url, usage in self.pages.items()
                if term_id in usage.counts and url != exclude]


def reference_anchor(term_id: str) -> str:
    """Id of the first reference to a term on a page (target of the back-links)."""
    return f"gref-{term_id}"


def sorted_terms(terms: dict[str, Term]) -> list[Term]:
    """Alphabetical order of the glossary page (by term, ignoring case and accents)."""
    def key(term: Term):
        plain = unicodedata.normalize("NFKD", term.term.casefold())
        return ("".join(ch for ch in plain if not unicodedata.combining(ch)), term.id)
    return sorted(terms.values(), key=key)


def used_on_marker(term_id: str) -> str:
    return f"<!-- glossary-used-on:{term_id} -->"


def render_glossary(terms: dict[str, Term], link: str = "") -> str:
    """Markdown for the glossary page: one entry per term, alphabetically.

    *link* is the Markdown link target of the glossary page itself ("" on the page).
    Each entry carries a used-on placeholder, filled after every page is rendered. The
    entries are not wrapped in a box of their own: reader views (Mozilla Readability) then
    took that box for the whole article and dropped the page's source list.
    """
    return "\n".join(_render_entry(term, terms, link) for term in sorted_terms(terms))


def _render_entry(term: Term, terms: dict[str, Term], link: str) -> str:
    lines = [
        f'<div class="ex-gloss-entry" data-gloss-self="{term.id}" markdown>\n',
        f"## {md_text(term.heading)} {{#{term.id} .ex-gloss-term}}\n",
        f'<p class="ex-gloss-names ex-nocite"><span class="ex-gloss-zh" lang="{ZH_LANG}">{html.escape(term.zh)}</span> '
        f'<span class="ex-gloss-py" lang="{PINYIN_LANG}">{html.escape(term.pinyin)}</span></p>\n',
    ]
    aliases = term.shown_aliases()
    if aliases:
        lines.append(f"Also called: {', '.join(md_text(a) for a in aliases)}.\n{{: .ex-gloss-aka .ex-nocite }}\n")
    cite = "; ".join(f"@{s}" for s in term.sources)
    lines.append(f"{term.definition}[{cite}]\n{{: .ex-gloss-def }}\n")
    lines.append(md_without_html(term.explanation.strip()) + "\n")
    if term.not_confused_with:
        lines.append(f"**Not to be confused with:** {_term_links(term.not_confused_with, terms, link)}.\n"
                     "{: .ex-gloss-confused .ex-nocite }\n")
    if term.related:
        lines.append(f"**Related:** {_term_links(term.related, terms, link)}.\n{{: .ex-gloss-related .ex-nocite }}\n")
    lines.append(used_on_marker(term.id) + "\n")
    lines.append("</div>\n")
    return "\n".join(lines)


def _term_links(ids, terms: dict[str, Term], link: str) -> str:
    return ", ".join(f"[{terms[i].term}]({link}#{i})" for i in ids)


USED_ON_RE = re.compile(r"<!-- glossary-used-on:([a-z0-9-]+) -->")


def fill_used_on(page_html: str, usage: Usage, titles: dict[str, str], href_for,
                 glossary_url: str | None = None) -> str:
    """Replace each used-on placeholder with links to the pages that use the term.

    *titles* maps page URLs to titles (and fixes the order: the site's reading order);
    ``href_for(page_url)`` gives the link from the glossary page.
    """
    order = {url: position for position, url in enumerate(titles)}

    def replace(match: re.Match) -> str:
        term_id = match.group(1)
        pages = sorted(usage.used_on(term_id, exclude=glossary_url), key=lambda p: (order.get(p[0], 1e9), p[0]))
        if not pages:
            return '<p class="ex-gloss-used ex-nocite">Not used on the other pages yet.</p>'
        links = []
        for url, count in pages:
            times = "once" if count == 1 else f"{count} times"
            links.append(f'<a href="{href_for(url)}#{reference_anchor(term_id)}">'
                         f"{html.escape(titles.get(url, url))}</a> ({times})")
        return f'<p class="ex-gloss-used ex-nocite"><strong>Used on:</strong> {"; ".join(links)}.</p>'

    return USED_ON_RE.sub(replace, page_html)
