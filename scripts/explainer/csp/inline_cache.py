"""What each page has inline, kept on disk under a hash of the page (``.cache/csp``).

Finding a page's inline scripts and styles means parsing all of its HTML, for every page of
every build; a page that is the same as in the last build has the same ones. The key is a
hash of the page and of ``policy.py``, which finds them.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
from pathlib import Path

from explainer.core import disk_cache
from explainer.csp import policy


@functools.cache
def _code_version() -> bytes:
    return hashlib.sha256(Path(policy.__file__).read_bytes()).digest()


def cache_key(html: str) -> str:
    return hashlib.sha256(_code_version() + html.encode("utf-8")).hexdigest()


def find_inline_cached(html: str, cache_dir: Path) -> tuple[policy.Inline, str]:
    """``policy.find_inline(html)``, read from *cache_dir* when a build found it before;
    also the entry's key."""
    key = cache_key(html)
    found = disk_cache.cached_json(cache_dir / f"{key}.json",
                                   lambda: dataclasses.asdict(policy.find_inline(html)))
    return policy.Inline(**found), key
