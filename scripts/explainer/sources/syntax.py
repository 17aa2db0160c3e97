"""The ``[@id]`` citation syntax, shared by the registry, the quotation check and the renderer.

A citation is ``[@id]`` or a group ``[@a; @b]``. A source may carry the ``about:`` marker,
``[@about:id]``: the sentence reports what that source itself said or did, so it may be
cited even when it is weak (see ``sources.check_citations``). The marker renders exactly
like a plain citation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABOUT = "about:"
_ONE = r"@(?:about:)?[a-z0-9][a-z0-9-]*"
# Group 1: everything between "[@" ... "]" without the first "@".
CITATION_RE = re.compile(r"\[@((?:about:)?[a-z0-9][a-z0-9-]*(?:\s*;\s*" + _ONE + r")*)\]")


@dataclass(frozen=True)
class Cited:
    """One source in a citation group."""
    id: str
    about: bool = False


def parse_group(inner: str) -> list[Cited]:
    """``"a; @about:b"`` (group 1 of ``CITATION_RE``) -> [Cited('a'), Cited('b', about=True)]."""
    cited = []
    for part in inner.split(";"):
        name = part.strip().lstrip("@")
        about = name.startswith(ABOUT)
        cited.append(Cited(name[len(ABOUT):] if about else name, about))
    return cited


def split_ids(inner: str) -> list[str]:
    """The bare source ids of a group (the ``about:`` marker dropped)."""
    return [cited.id for cited in parse_group(inner)]
