"""Drop the CSS rules that no built page can match.

Material's stylesheet styles every feature the theme has (blog, tabs, tags, versions, …);
this site uses a few. A selector needs certain names to exist: the classes, ids, element
names and attribute names it spells out. When one of them appears nowhere -- not in any
built page, and not as a word in any script of the site (Material's bundle and ours add
classes and attributes at run time: ``md-search-result__item``, ``--active`` states,
``data-md-state``) -- the selector cannot match, and a rule all of whose selectors cannot
match is dropped. That test is a necessary condition only, so it never drops a rule a page
could use; what it cannot read (names inside ``:not()``/``:is()``/``:has()``, namespaces)
counts as present. The CSS is read with tinycss2, a real CSS parser; at-rules other than
the grouping ones (``@media``, ``@supports``, ``@layer``, ``@container``) are kept as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import tinycss2
from tinycss2 import ast

GROUPING_AT_RULES = frozenset({"media", "supports", "layer", "container", "document"})
# Words of a script: class, id, tag and attribute names it may set.
_WORD = re.compile(r"[A-Za-z_][\w-]*")


@dataclass
class Names:
    """Every name a page or script of the site can put in the document."""
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)       # from scripts: any of the above
    prefixes: tuple[str, ...] = ()                     # script words ending in "-" or "_"

    def add_html(self, html: str) -> None:
        _Collector(self).feed(html)

    def add_script(self, text: str) -> None:
        words = set(_WORD.findall(text))
        self.words |= words
        self.prefixes = tuple(sorted(set(self.prefixes) | {w for w in words if w.endswith(("-", "_"))}))

    def _known(self, name: str, found: set[str]) -> bool:
        return name in found or name in self.words or name.startswith(self.prefixes)

    def has_class(self, name: str) -> bool:
        return self._known(name, self.classes)

    def has_id(self, name: str) -> bool:
        return self._known(name, self.ids)

    def has_tag(self, name: str) -> bool:
        return self._known(name.lower(), self.tags)

    def has_attribute(self, name: str) -> bool:
        return self._known(name.lower(), self.attributes)


class _Collector(HTMLParser):
    def __init__(self, names: Names):
        super().__init__(convert_charrefs=True)
        self.names = names

    def handle_starttag(self, tag, attrs):
        self.names.tags.add(tag.lower())
        for name, value in attrs:
            self.names.attributes.add(name.lower())
            if name == "class" and value:
                self.names.classes.update(value.split())
            elif name == "id" and value:
                self.names.ids.add(value)

    handle_startendtag = handle_starttag


def _split_selectors(prelude: list) -> list[list]:
    selectors: list[list] = []
    current: list = []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return selectors


def can_match(selector: list, names: Names) -> bool:
    """False only when *selector* (tinycss2 tokens) names something no page can contain."""
    if any(token.type == "literal" and token.value == "|" for token in selector):
        return True  # a namespace: not read here
    previous = None
    for token in selector:
        kind = token.type
        if kind == "ident":
            after = previous.value if previous is not None and previous.type == "literal" else None
            if after == "." and not names.has_class(token.value):
                return False
            if after not in (".", ":") and not names.has_tag(token.value):
                return False
        elif kind == "hash" and token.is_identifier and not names.has_id(token.value):
            return False
        elif kind == "[] block":
            words = [t for t in token.content if t.type == "ident"]
            if words and not names.has_attribute(words[0].value):
                return False
        # function blocks (:not(), :is(), :nth-child(), …) and pseudo-classes: not required
        previous = token if kind not in ("whitespace",) else None
    return True


def _live_prelude(prelude: list, names: Names) -> list | None:
    selectors = _split_selectors(prelude)
    live = [s for s in selectors if can_match(s, names)]
    if not live:
        return None
    if len(live) == len(selectors):
        return prelude
    joined: list = []
    for i, selector in enumerate(live):
        if i:
            joined.append(ast.LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def _prune_rules(rules: list, names: Names) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = _live_prelude(rule.prelude, names)
            if prelude is None:
                continue
            rule.prelude = prelude
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = _prune_rules(tinycss2.parse_rule_list(rule.content), names)
            if not [r for r in inner if r.type not in ("whitespace", "comment")]:
                continue
            rule.content = inner
        elif rule.type == "comment" and not rule.value.startswith("!"):
            continue  # includes the source-map comment: the map no longer fits the file
        kept.append(rule)
    return kept


def prune(css: str, names: Names) -> str:
    """*css* without the rules no page can match (see the module docstring)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
    return tinycss2.serialize(_prune_rules(rules, names)).strip() + "\n"
