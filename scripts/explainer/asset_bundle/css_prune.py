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
``@container``) are kept as written. The sheet is read once into an outline of plain data
(``explainer.asset_bundle.css_outline``, which a build caches for Material's sheets); pruning
works on outlines.

Then ``drop_unused_properties`` removes the custom properties (``--md-tag-icon: url(…)``) that
nothing reads any more: no ``var()`` in any style sheet of the site, no inline style, no
script. Material declares an icon per feature that way; once the feature's rules are gone, its
icon is dead weight in every page's render-blocking CSS.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TypeVar

import tinycss2

from explainer.asset_bundle import css_outline
from explainer.asset_bundle.css_outline import Node

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
        self.add_page(page_names(html))

    def add_page(self, found: dict) -> None:
        """Add what ``page_names`` found in one page."""
        for name in PAGE_SETS:
            getattr(self, name).update(found[name])
        for attribute, values in found["values"].items():
            self.values.setdefault(attribute, set()).update(values)

    def add_script(self, text: str) -> None:
        self.add_words(script_words(text))

    def add_words(self, words: list[str]) -> None:
        """Add what ``script_words`` found in one script."""
        self.words.update(words)
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

    def meets(self, needs: Iterable) -> bool:
        """Whether a page can have every name in *needs* (css_outline.selector_needs)."""
        return all(self._meets(need) for need in needs)

    def _meets(self, need) -> bool:
        kind, name = need[0], need[1]
        if kind == "class":
            return self.has_class(name)
        if kind == "id":
            return self.has_id(name)
        if kind == "tag":
            return self.has_tag(name)
        return self.has_attribute(name) and (len(need) < 3 or self.has_attribute_value(name, need[2]))

    def has_attribute_value(self, name: str, value: str) -> bool:
        """Whether [name=value] can match: the value is on that attribute in a page, or a
        script may write it (any word of a script, or a value with more than one word)."""
        return (value in self.values.get(name.lower(), ()) or value in self.words
                or not _WORD.fullmatch(value) or value.startswith(self.prefixes))


# The names a page contributes (all of ``Names`` but the script words and the gates).
PAGE_SETS = ("classes", "ids", "tags", "attributes", "var_names", "features", "config_keys")


def script_words(text: str) -> list[str]:
    """The words of a script (the names it may write), sorted: JSON, like ``page_names``."""
    return sorted(set(_WORD.findall(text)))


def page_names(html: str) -> dict:
    """The names one page puts in the document, as JSON (sorted lists), so that a build may
    keep them under a hash of the page and not parse it again while it stays the same."""
    names = Names()
    _Collector(names).feed(html)
    found: dict = {name: sorted(getattr(names, name)) for name in PAGE_SETS}
    found["values"] = {attribute: sorted(values) for attribute, values in sorted(names.values.items())}
    return found


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
                css_outline.var_names(tinycss2.parse_component_value_list(value), self.names.var_names)
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


def can_match(selector: list, names: Names) -> bool:
    """False only when *selector* (tinycss2 tokens) names something no page can contain."""
    return names.meets(css_outline.selector_needs(selector))


def prune_outline(nodes: list[Node], names: Names) -> list[Node]:
    """The outline *nodes* without the rules (and selectors) no page can match, and without
    the grouping at-rules left empty."""
    def live_selectors(node: Node) -> Node | None:
        selectors = node[2]
        live = [selector for selector in selectors if names.meets(selector[1])]
        if not live:
            return None
        prelude = node[1] if len(live) == len(selectors) else ",".join(text for text, _ in live)
        return ["r", prelude, live, node[3], node[4]]
    return _map_rules(nodes, live_selectors)


def _map_rules(nodes: list[Node], rule: Callable[[Node], Node | None]) -> list[Node]:
    """*nodes* with each rule replaced by ``rule(node)`` (dropped when None), inside grouping
    at-rules too; a grouping at-rule left with no rule goes."""
    kept: list[Node] = []
    for node in nodes:
        if node[0] == "r":
            mapped = rule(node)
            if mapped is None:
                continue
            node = mapped
        elif node[0] == "g":
            inner = _map_rules(node[2], rule)
            if not _substantive(inner):
                continue
            node = ["g", node[1], inner]
        kept.append(node)
    return kept


def _substantive(nodes: list[Node]) -> bool:
    """Whether *nodes* hold anything but white space and comments."""
    return any(node[0] != "t" or node[3] for node in nodes)


def render(nodes: list[Node]) -> str:
    """The style sheet an outline stands for."""
    return "".join(_text(node) for node in nodes).strip() + "\n"


def _text(node: Node) -> str:
    if node[0] == "r":
        return f"{node[1]}{{{node[3]}}}"
    if node[0] == "g":
        return node[1] + "".join(_text(child) for child in node[2]) + "}"
    return node[1]


def prune(css: str, names: Names) -> str:
    """*css* without the rules no page can match (see the module docstring)."""
    return render(prune_outline(css_outline.outline(css), names))


# --------------------------------------------------------------------------- custom properties

def _properties(nodes: list[Node], declared: set[str], read: set[str]) -> None:
    """Add the custom properties *nodes* declare and those they read (in @keyframes too)."""
    for node in nodes:
        if node[0] == "g":
            _properties(node[2], declared, read)
            continue
        for name, _, reads in node[4] if node[0] == "r" else node[2]:
            if name.startswith("--"):
                declared.add(name)
            read.update(reads)


def properties_read(nodes: list[Node]) -> set[str]:
    """The custom properties that the outline *nodes* read with ``var(--name)``."""
    read: set[str] = set()
    _properties(nodes, set(), read)
    return read


def var_references(css: str) -> set[str]:
    """The custom properties that *css* reads with ``var(--name)``."""
    return properties_read(css_outline.outline(css))


def declared_properties(css: str) -> set[str]:
    declared: set[str] = set()
    _properties(css_outline.outline(css), declared, set())
    return declared


def _without_properties(nodes: list[Node], unused: set[str]) -> list[Node]:
    def without(node: Node) -> Node | None:
        if not any(name in unused for name, _, _ in node[4]):
            return node
        live = [declaration for declaration in node[4] if declaration[0] not in unused]
        if not live:
            return None
        content, declarations = css_outline.rewritten_content(live)
        return ["r", node[1], node[2], content, declarations]
    return _map_rules(nodes, without)


Key = TypeVar("Key")  # a sheet's name or path: whatever the caller keys its sheets by


def drop_unused_outline_properties(sheets: dict[Key, list[Node]], read_elsewhere: set[str],
                                   names: Names) -> dict[Key, list[Node]]:
    """*sheets* {name: outline} without the custom properties that nothing reads: no ``var()``
    in them or among *read_elsewhere* (read by style sheets kept as they are), and no mention in
    a page or a script (a script may read or set one by name). Repeated until nothing more
    goes: a dropped property may have been the only reader of another."""
    sheets = dict(sheets)
    while True:
        declared: set[str] = set()
        read = set(read_elsewhere)
        for nodes in sheets.values():
            _properties(nodes, declared, read)
        unused = {name for name in declared - read
                  if name[2:] not in names.words and name not in names.var_names}
        if not unused:
            return sheets
        fewer = {key: _without_properties(nodes, unused) for key, nodes in sheets.items()}
        if fewer == sheets:  # declared where no declaration is dropped (an at-rule's own): done
            return sheets
        sheets = fewer


def drop_unused_properties(sheets: dict[Key, str], others: list[str], names: Names) -> dict[Key, str]:
    """``drop_unused_outline_properties`` for style sheets as text; *others* are the style sheets
    kept as they are."""
    read_elsewhere = set().union(*(var_references(css) for css in others))
    outlines = {key: css_outline.outline(css) for key, css in sheets.items()}
    kept = drop_unused_outline_properties(outlines, read_elsewhere, names)
    return {key: render(nodes) for key, nodes in kept.items()}
