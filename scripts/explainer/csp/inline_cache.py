"""What each page has inline, kept on disk under a hash of the page (``.cache/csp``).

Finding a page's inline scripts and styles means parsing all of its HTML, for every page of
every build; a page that is the same as in the last build has the same ones. The key is a
hash of the page and of ``policy.py``, which finds them.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from explainer.core import disk_cache
from explainer.csp import policy


def memo(folder: Path | None) -> disk_cache.TextMemo:
    return disk_cache.TextMemo(folder, disk_cache.source_digest(policy.__file__))


def find_inline(html: str, kept: disk_cache.TextMemo) -> policy.Inline:
    """``policy.find_inline(html)``, read from *kept* when a build found it before."""
    return policy.Inline(**kept.get(html, lambda text: dataclasses.asdict(policy.find_inline(text))))
