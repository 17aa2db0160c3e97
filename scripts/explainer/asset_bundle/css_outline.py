"""A style sheet read once into plain data, so that pruning it needs no CSS parser.

``outline(css)`` reads *css* with tinycss2 and keeps what ``css_prune`` asks of it: each rule's
text, each of its selectors with the names that selector needs (``selector_needs``), and its
declarations (name, text, the custom properties its value reads). Material's style sheet is the
same in every build, so its outline is cached on disk (in ``.cache/css``)
under a hash of the CSS, of this module and ``css_prune`` and of tinycss2's version (``memo``);
reading it back takes milliseconds where parsing took a tenth of a second.

An outline is a list of nodes, JSON lists so that the cache is plain JSON:

- ``["t", text, declarations, substantive]``: kept as written (white space, ``/*! … */``
  comments, at-rules other than the grouping ones); *substantive* is false for white space and
  comments. Other comments are left out: the pruned sheet drops them (with the source-map
  comment, which no longer fits the file).
- ``["r", prelude, selectors, content, declarations]``: a rule; *selectors* ``[[text, needs]]``.
- ``["g", head, children]``: a grouping at-rule (``@media …{``) and its nodes.

A declaration is ``[name, text, [custom properties its value reads]]``. Texts are tinycss2's
serialization, so joining them gives what ``tinycss2.serialize`` gives for the same rules.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import tinycss2
from tinycss2.serializer import serialize_identifier

from explainer.core import disk_cache

GROUPING_AT_RULES = frozenset({"media", "supports", "layer", "container", "document"})
KEYFRAMES = ("keyframes", "-webkit-keyframes")

Node = list[Any]
Need = tuple[str, ...]   # ("class", x), ("id", x), ("tag", x), ("attr", name) or ("attr", name, value)


def outline(css: str) -> list[Node]:
    """The nodes of the style sheet *css* (see the module docstring)."""
    return _nodes(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False))


def _nodes(rules: list) -> list[Node]:
    nodes: list[Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [[tinycss2.serialize(s), selector_needs(s)] for s in split_selectors(rule.prelude)]
            nodes.append(["r", tinycss2.serialize(rule.prelude), selectors, tinycss2.serialize(rule.content),
                          declarations(rule.content)])
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            head = "@" + serialize_identifier(rule.at_keyword) + tinycss2.serialize(rule.prelude) + "{"
            nodes.append(["g", head, _nodes(tinycss2.parse_rule_list(rule.content))])
        elif rule.type == "comment" and not rule.value.startswith("!"):
            continue
        else:
            substantive = rule.type not in ("whitespace", "comment")
            nodes.append(["t", rule.serialize(), _declarations_inside(rule), substantive])
    return nodes


def _declarations_inside(rule) -> list:
    """The declarations of an at-rule kept as written: its own (``@font-face``), or those of
    its blocks (``@keyframes``: ``0%{…}``, ``to{…}``), whose ``var()`` reads keep properties alive."""
    if rule.type != "at-rule" or rule.content is None:
        return []
    if rule.lower_at_keyword in KEYFRAMES:
        return [declaration for block in tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                                   skip_whitespace=True)
                if block.type == "qualified-rule" for declaration in declarations(block.content)]
    return declarations(rule.content)


def split_selectors(prelude: list) -> list[list]:
    """A rule's prelude (tinycss2 tokens) cut at its top-level commas."""
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


def selector_needs(selector: list) -> list[Need]:
    """The names a page must have for *selector* (tinycss2 tokens) to match: the classes, ids,
    elements and attributes it spells out. Names inside functions (``:not()``, ``:is()``) are not
    required, and a selector with a namespace (``ns|a``) is not read: it needs nothing."""
    if any(token.type == "literal" and token.value == "|" for token in selector):
        return []
    needs: list[Need] = []
    previous = None
    for token in selector:
        kind = token.type
        if kind == "ident":
            after = previous.value if previous is not None and previous.type == "literal" else None
            if after == ".":
                needs.append(("class", token.value))
            elif after != ":":
                needs.append(("tag", token.value))
        elif kind == "hash" and token.is_identifier:
            needs.append(("id", token.value))
        elif kind == "[] block":
            need = _attribute_need(token.content)
            if need:
                needs.append(need)
        previous = token if kind != "whitespace" else None
    return needs


def _attribute_need(content: list) -> Need | None:
    """``[dir]`` needs the attribute; ``[dir=rtl]`` (an exact value) also needs the value. The other
    operators (``~=``, ``^=`` …) are only checked for the attribute's name."""
    parts = [t for t in content if t.type not in ("whitespace", "comment")]
    if not parts or parts[0].type != "ident":
        return None
    exact = (len(parts) == 3 and parts[1].type == "literal" and parts[1].value == "="
             and parts[2].type in ("ident", "string"))
    return ("attr", parts[0].value, parts[2].value) if exact else ("attr", parts[0].value)


def declarations(content) -> list[list]:
    """``[name, text, [custom properties read]]`` of each declaration in a block's *content*."""
    return [[d.name, d.serialize(), sorted(var_names(d.value))]
            for d in tinycss2.parse_declaration_list(content) if d.type == "declaration"]


def rewritten_content(kept: list[list]) -> tuple[str, list[list]]:
    """A block's content made of the declarations *kept*, and those declarations as read back."""
    content = tinycss2.parse_component_value_list(";".join(text for _, text, _ in kept))
    return tinycss2.serialize(content), declarations(content)


def var_names(tokens: list, found: set[str] | None = None) -> set[str]:
    """The custom properties that *tokens* (a value) read with ``var(--name)``, added to *found*."""
    found = set() if found is None else found
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                first = next((t for t in token.arguments if t.type not in ("whitespace", "comment")), None)
                if first is not None and first.type == "ident":
                    found.add(first.value)
            var_names(token.arguments, found)
        elif token.type in ("() block", "[] block", "{} block"):
            var_names(token.content, found)
    return found


# --------------------------------------------------------------------------- the on-disk cache

@functools.cache
def code_version() -> bytes:
    """What an outline (and a page's names) depends on besides the text: this module,
    css_prune (which reads the needs and the pages) and tinycss2's parser and serializer."""
    here = Path(__file__).parent
    return disk_cache.source_digest(here / "css_outline.py", here / "css_prune.py") + tinycss2.__version__.encode()


def memo(folder: Path | None) -> disk_cache.TextMemo:
    """Outlines (``memo(folder).get(css, outline)``) or pages' names kept in *folder*."""
    return disk_cache.TextMemo(folder, code_version())
