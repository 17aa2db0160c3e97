"""Drop the CSS rules that no built page can match.

Material's stylesheet styles every feature the theme has (blog, tabs, tags, versions, …);
this site uses a few. A selector needs certain names to exist: the classes, ids, element
names and attribute names it spells out. When one of them appears nowhere -- not in any
built page, and not as a word in any script of the site (Material's bundle and ours add
classes and attributes at run time: ``md-search-result__item``, ``--active`` states,
``data-md-state``) -- the selector cannot match, and a rule all of whose selectors cannot
match is dropped. A script's word can be gated (``Names.gates``): the theme's script writes
some names only for a feature a page has (copy buttons on code blocks, a version selector when
the theme's configuration names versions), so without that feature on any page, such a word
counts for nothing. That test is a necessary condition only, so it never drops a rule a page
could use; what it cannot read (names inside ``:not()``/``:is()``/``:has()``, namespaces)
counts as present. An attribute selector with a value (``[dir=rtl]``) also needs that value:
on that attribute in a page, or as a word of a script. The CSS is read with tinycss2, a real
CSS parser; at-rules other than the grouping ones (``@media``, ``@supports``, ``@layer``,
``@container``) are kept as written.

Then ``drop_unused_properties`` removes the custom properties (``--md-tag-icon: url(…)``) that
nothing reads any more: no ``var()`` in any style sheet of the site, no inline style, no
script. Material declares an icon per feature that way; once the feature's rules are gone, its
icon is dead weight in every page's render-blocking CSS.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TypeVar

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
    values: dict[str, set[str]] = field(default_factory=dict)  # attribute -> its values in pages
    var_names: set[str] = field(default_factory=set)   # custom properties read by pages' own CSS
    # The theme's page configuration (Material's <script id="__config">): features turned on,
    # and the keys that have a value.
    features: set[str] = field(default_factory=set)
    config_keys: set[str] = field(default_factory=set)
    # Script-written names by prefix -> what a page must have for the script to write them, any
    # of "tag:pre", "class:annotate", "feature:content.tooltips", "config:version".
    gates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)       # from scripts: any of the above
    prefixes: tuple[str, ...] = ()                     # script words ending in "-" or "_"

    def add_html(self, html: str) -> None:
        _Collector(self).feed(html)

    def add_script(self, text: str) -> None:
        words = set(_WORD.findall(text))
        self.words |= words
        self.prefixes = tuple(sorted(set(self.prefixes) | {w for w in words if w.endswith(("-", "_"))}))

    def _known(self, name: str, found: set[str]) -> bool:
        if name in found:
            return True
        if not (name in self.words or name.startswith(self.prefixes)):
            return False
        gate = next((need for prefix, need in self.gates.items() if name.startswith(prefix)), None)
        return gate is None or any(self._has(evidence) for evidence in gate)

    def _has(self, evidence: str) -> bool:
        kind, _, value = evidence.partition(":")
        found = {"tag": self.tags, "class": self.classes, "feature": self.features,
                 "config": self.config_keys}.get(kind)
        if found is None:
            raise ValueError(f"unknown evidence {evidence!r}: use tag:, class:, feature: or config:")
        return value in found

    def has_class(self, name: str) -> bool:
        return self._known(name, self.classes)

    def has_id(self, name: str) -> bool:
        return self._known(name, self.ids)

    def has_tag(self, name: str) -> bool:
        return self._known(name.lower(), self.tags)

    def has_attribute(self, name: str) -> bool:
        return self._known(name.lower(), self.attributes)

    def has_attribute_value(self, name: str, value: str) -> bool:
        """Whether [name=value] can match: the value is on that attribute in a page, or a
        script may write it (any word of a script, or a value with more than one word)."""
        return (value in self.values.get(name.lower(), ()) or value in self.words
                or not _WORD.fullmatch(value) or value.startswith(self.prefixes))


class _Collector(HTMLParser):
    def __init__(self, names: Names):
        super().__init__(convert_charrefs=True)
        self.names = names
        self.in_style = False
        self.in_config = False

    def handle_starttag(self, tag, attrs):
        self.names.tags.add(tag.lower())
        self.in_style = tag.lower() == "style"
        self.in_config = tag.lower() == "script" and ("id", "__config") in attrs
        for name, value in attrs:
            if value and "var(" in value:  # style="…", and SVG paint such as fill="var(--x)"
                _var_names(tinycss2.parse_component_value_list(value), self.names.var_names)
            self.names.attributes.add(name.lower())
            self.names.values.setdefault(name.lower(), set()).add(value or "")
            if name == "class" and value:
                self.names.classes.update(value.split())
            elif name == "id" and value:
                self.names.ids.add(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_style = self.in_config = False

    def handle_endtag(self, tag):
        self.in_style = self.in_config = False

    def handle_data(self, data):
        if self.in_config:
            try:
                config = json.loads(data)
            except ValueError:
                config = None
            if isinstance(config, dict):
                self.names.features.update(str(f) for f in config.get("features") or ())
                self.names.config_keys.update(key for key, value in config.items() if value)
        if self.in_style and "var(" in data:  # <style> inside a page (diagrams' SVG)
            self.names.var_names |= var_references(data)


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
            if not _attribute_can_match(token.content, names):
                return False
        # function blocks (:not(), :is(), :nth-child(), …) and pseudo-classes: not required
        previous = token if kind not in ("whitespace",) else None
    return True


def _attribute_can_match(content: list, names: Names) -> bool:
    """An attribute selector's tokens: ``dir``, or ``dir = rtl`` (exact value; ``~=``, ``^=``
    and the others are only checked for the attribute's name)."""
    parts = [t for t in content if t.type not in ("whitespace", "comment")]
    if not parts or parts[0].type != "ident":
        return True
    if not names.has_attribute(parts[0].value):
        return False
    exact = (len(parts) == 3 and parts[1].type == "literal" and parts[1].value == "="
             and parts[2].type in ("ident", "string"))
    return not exact or names.has_attribute_value(parts[0].value, parts[2].value)


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


# --------------------------------------------------------------------------- custom properties

def _walk_declarations(rules: list):
    """(rule, its declarations) for every rule with declarations, inside grouping at-rules too."""
    for rule in rules:
        if rule.type == "qualified-rule":
            yield rule, tinycss2.parse_declaration_list(rule.content)
        elif rule.type == "at-rule" and rule.content is not None:
            if rule.lower_at_keyword in GROUPING_AT_RULES:
                yield from _walk_declarations(tinycss2.parse_rule_list(rule.content))
            elif rule.lower_at_keyword not in ("keyframes", "-webkit-keyframes"):
                yield rule, tinycss2.parse_declaration_list(rule.content)


def _var_names(tokens: list, found: set[str]) -> None:
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                first = next((t for t in token.arguments if t.type not in ("whitespace", "comment")), None)
                if first is not None and first.type == "ident":
                    found.add(first.value)
            _var_names(token.arguments, found)
        elif token.type in ("() block", "[] block", "{} block"):
            _var_names(token.content, found)


def var_references(css: str) -> set[str]:
    """The custom properties that *css* reads with ``var(--name)``."""
    found: set[str] = set()
    for _, declarations in _walk_declarations(tinycss2.parse_stylesheet(css, skip_comments=True)):
        for declaration in declarations:
            if declaration.type == "declaration":
                _var_names(declaration.value, found)
    return found


def _without_properties(rules: list, unused: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_declaration_list(rule.content)
            if any(d.type == "declaration" and d.name in unused for d in declarations):
                live = [d for d in declarations if d.type == "declaration" and d.name not in unused]
                if not live:
                    continue
                rule.content = tinycss2.parse_component_value_list(";".join(d.serialize() for d in live))
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = _without_properties(tinycss2.parse_rule_list(rule.content), unused)
            if not [r for r in inner if r.type not in ("whitespace", "comment")]:
                continue
            rule.content = inner
        kept.append(rule)
    return kept


def declared_properties(css: str) -> set[str]:
    return {d.name for _, declarations in _walk_declarations(tinycss2.parse_stylesheet(css, skip_comments=True))
            for d in declarations if d.type == "declaration" and d.name.startswith("--")}


Key = TypeVar("Key")  # a sheet's name or path: whatever the caller keys its sheets by


def drop_unused_properties(sheets: dict[Key, str], others: list[str], names: Names) -> dict[Key, str]:
    """*sheets* {name: css} without the custom properties that nothing reads: no ``var()`` in
    them or in the *others* (style sheets kept as they are), and no mention in a page or a
    script (a script may read or set one by name). Repeated until nothing more goes: a dropped
    property may have been the only reader of another."""
    read_elsewhere = set().union(*(var_references(css) for css in others)) if others else set()
    sheets = dict(sheets)
    while True:
        read = read_elsewhere.union(*(var_references(css) for css in sheets.values()))
        declared = set().union(*(declared_properties(css) for css in sheets.values()))
        unused = {name for name in declared - read
                  if name[2:] not in names.words and name not in names.var_names}
        if not unused:
            return sheets
        for key, css in sheets.items():
            rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
            sheets[key] = tinycss2.serialize(_without_properties(rules, unused)).strip() + "\n"
