"""Mermaid text -> SVG at build time: the one place that knows the renderer.

The site ships diagrams as inline SVG; no diagram JavaScript reaches the reader.
The renderer is ``mermaidx`` (Mermaid 11 -- 11.16.0 in mermaidx 0.10.1 -- in an embedded
QuickJS engine: no browser, no Node.js). Everything else -- accessibility checks,
theming, unique ids, the ``<figure>`` -- works on the SVG text this module returns, so
swapping the renderer means changing ``render`` and ``RENDERER`` here and nothing else.

Renders are cached on disk under a hash of the source, the renderer's version and
its configuration, so an unchanged diagram costs nothing on the next build.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

# Mermaid's own configuration. Labels stay HTML in a <foreignObject>, Mermaid's default:
# with SVG <text> labels ("htmlLabels": False) Mermaid measures every word through
# the engine's text bridge, which made a ten-node flowchart take a minute instead of 3 s.
CONFIG = {
    "flowchart": {"curve": "linear", "wrappingWidth": 220, "nodeSpacing": 30, "rankSpacing": 40,
                  "padding": 12, "subGraphTitleMargin": {"top": 4, "bottom": 10}},
    "securityLevel": "strict",
}


def _renderer_version() -> str:
    # Read from the installed package's metadata: importing mermaidx is left to the first render,
    # so a build whose diagrams all come from the cache never loads it.
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("mermaidx")
    except PackageNotFoundError:
        return "missing"


# Part of the cache key: a new mermaidx (and so a new Mermaid inside it) renders everything again.
RENDERER = f"mermaidx {_renderer_version()}"
# The id Mermaid gives the SVG it renders; diagrams/svg.py rewrites it to a unique prefix.
RENDER_ID = "my-svg"


class DiagramSyntaxError(Exception):
    """Mermaid could not read a diagram. ``line`` is Mermaid's: from the type line, after any front matter."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def render(source: str) -> str:
    """Render Mermaid *source* to SVG text; raise ``DiagramSyntaxError`` on bad input."""
    import mermaidx  # the one import of the renderer in the project

    try:
        return mermaidx.render(source, config=CONFIG).svg()
    except Exception as err:  # mermaidx raises RuntimeError (or MermaidRenderError) with Mermaid's text
        message = _clean_message(str(err))
        match = re.search(r"\bon line (\d+)", message)
        raise DiagramSyntaxError(message, int(match.group(1)) if match else None) from None


def _clean_message(text: str) -> str:
    text = re.sub(r"^(Mermaid rendering failed:\s*)", "", text.strip())
    text = re.sub(r"^(Error:\s*)", "", text)
    # Mermaid's message spans lines (an excerpt and a caret); one line reads better in a build log.
    return " ".join(part.strip() for part in text.splitlines() if part.strip().strip("-^"))


def cache_key(source: str) -> str:
    """The render's identity: the source, the renderer and its configuration."""
    payload = json.dumps({"renderer": RENDERER, "config": CONFIG, "source": source}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render_cached(source: str, cache_dir: str | Path | None) -> tuple[str, bool]:
    """``render`` with an on-disk cache; returns (svg, whether it came from the cache)."""
    if cache_dir is None:
        return render(source), False
    path = Path(cache_dir) / f"{cache_key(source)}.svg"
    try:
        return path.read_text(encoding="utf-8"), True
    except (OSError, UnicodeDecodeError):
        pass
    svg = render(source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename: a build killed half-way never leaves a truncated entry behind.
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".svg")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(svg)
        os.replace(temp, path)
    except OSError:
        pass  # a read-only cache (or checkout) still builds, rendering again next time
    return svg, False
