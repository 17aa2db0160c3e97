"""Helpers for the quality-gate tests (tests/test_quality_*.py, tests/browser/test_quality_*.py).

The gate logic itself lives in ``quality_gates``; this module holds what
only the tests need: tool lookup with the CI rule (skip locally, fail in CI), copies of a
built site to break on purpose, the axe and keyboard-walk drivers for Playwright.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from base64 import b64encode
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from . import quality_gates as quality
from .project import IN_CI, ROOT


def require(condition: bool, message: str) -> None:
    """Skip when a tool is missing -- except in CI, where that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(message + " — CI must install it (.ci/run)")
    pytest.skip(message)


def vnu_jar() -> Path:
    jar = quality.vnu_jar(ROOT)
    require(quality.java() is not None, "Java is not installed (apt-get install default-jre-headless)")
    require(jar.is_file(), "vnu.jar is not installed (npm ci --ignore-scripts, or make test)")
    return jar


# --------------------------------------------------------------------------- breaking a copy

def copy_site(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest)
    return dest


def inject(path: Path, html: str, where: str = "</article>") -> None:
    """Insert *html* into a built page just before the first *where*."""
    text = path.read_text(encoding="utf-8")
    assert where in text, f"{path} has no {where}"
    path.write_text(text.replace(where, html + where, 1), encoding="utf-8")


def incompressible_script(size: int = 200_000) -> str:
    """A JavaScript file of *size* bytes that gzip cannot shrink much (seeded: deterministic)."""
    noise = b64encode(random.Random(8).randbytes(size)).decode()[: size - 20]
    return f'var heavy = "{noise}";\n'


# --------------------------------------------------------------------------- pages to visit

def page_urls(site, base_url: str) -> list[tuple[str, str]]:
    """(site path, URL) of every page a reader lands on, in a stable order."""
    found = []
    for page in site.content_pages():
        rel = page.rel
        if base_url.startswith("http") and rel.endswith("index.html"):
            path = rel[: -len("index.html")]
        else:
            path = rel
        found.append((rel, urljoin(base_url, path)))
    return found


def site_path(url: str, base_url: str) -> str | None:
    """The site file a same-origin request URL fetched, or None for another origin."""
    if not url.startswith(base_url):
        return None
    path = urlsplit(url).path[len(urlsplit(base_url).path):]
    return path


# --------------------------------------------------------------------------- axe

def axe_violations(page) -> list[dict]:
    """axe-core's violations on the loaded page (axe's bundled JS: nothing is downloaded)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            summary = re.sub(r"\s+", " ", node.get("failureSummary", ""))[:220]
            lines.append(f"{where}: axe {violation['id']} ({violation['impact']}) at "
                         f"{' '.join(map(str, node['target']))}: {summary} — see {violation['helpUrl']}")
    return lines


# --------------------------------------------------------------------------- keyboard

# Every element a keyboard user should be able to reach: interactive, enabled and rendered
# (display/visibility; opacity-0 inputs stay: Material draws their focus on the label).
MARK_INTERACTIVE_JS = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, ' +
                   'summary, iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
  const found = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    // [hidden]: shown only in some states (Material's "Back to top" appears on scrolling up).
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert], [hidden]')) return;
    if (!el.checkVisibility({visibilityProperty: true})) return;  // also: inside a closed <details>
    el.setAttribute('data-kb', String(i));
    // Tab stops once per radio group (arrow keys move within it): the group is the unit.
    const group = el.type === 'radio' && el.name ? 'radio:' + el.name : String(i);
    found.push({id: String(i), group, tag: el.tagName.toLowerCase(),
                name: (el.getAttribute('aria-label') || el.innerText || el.title || el.id || '').trim().slice(0, 60)});
  });
  return found;
}"""

# Focus is visible when the focused element -- or, for a visually hidden input, its label --
# is on screen (not transparent, not off-canvas) and draws an outline or a box-shadow.
FOCUS_STATE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const drawn = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
                    !/rgba\\(.*,\\s*0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
    return outline || (s.boxShadow && s.boxShadow !== 'none');
  };
  const onscreen = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
                         r.left < window.innerWidth && r.top < window.innerHeight;
  const shown = (node) => node.checkVisibility({visibilityProperty: true, opacityProperty: true}) &&
                          onscreen(node.getBoundingClientRect());
  // A visually hidden input (Material's palette toggle) shows its focus on its label beside it.
  const labels = [el.nextElementSibling, ...(el.labels || [])].filter(n => n && n.tagName === 'LABEL' && shown(n));
  return {id: el.getAttribute('data-kb'), group: el.type === 'radio' && el.name ? 'radio:' + el.name : el.getAttribute('data-kb'),
          tag: el.tagName.toLowerCase(),
          name: (el.getAttribute('aria-label') || el.innerText || el.title || el.id || '').trim().slice(0, 60),
          visible: (shown(el) && drawn(el)) || labels.some(drawn)};
}"""


def keyboard_walk(page, limit: int = 2000) -> tuple[list[dict], list[dict]]:
    """Tab through the page until focus comes back round. Returns (interactive elements,
    focus states in Tab order)."""
    interactive = page.evaluate(MARK_INTERACTIVE_JS)
    states: list[dict] = []
    for _ in range(min(limit, 3 * len(interactive) + 20)):
        page.keyboard.press("Tab")
        try:  # focus rings and opacity fade in (Material's transitions): wait until drawn, or give up
            page.wait_for_function(f"() => {{ const s = ({FOCUS_STATE_JS})(); return s === null || s.visible; }}",
                                   timeout=2000)
        except PlaywrightTimeout:
            pass
        state = page.evaluate(FOCUS_STATE_JS)
        if state is None:  # focus left the document (after the last element): one round done
            if states:
                break
            continue
        if states and (state["id"], state["name"]) == (states[0]["id"], states[0]["name"]):
            break  # back at the first element
        states.append(state)
    return interactive, states


# With JavaScript off: the blocks of text in the article that a reader cannot see, leaving
# out what the author collapsed on purpose (closed <details>, [hidden]) and empty blocks
# that JavaScript fills in.
HIDDEN_TEXT_JS = """() => {
  const article = document.querySelector('article');
  if (!article) return null;
  const blocks = article.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, dt, dd, td, th, blockquote, figcaption');
  const hidden = [];
  let shown = 0;
  for (const el of blocks) {
    if (!el.textContent.trim() || el.closest('[hidden]')) continue;
    const details = el.closest('details:not([open])');
    if (details && !(el.closest('summary') && el.closest('summary').parentElement === details)) continue;
    const rect = el.getBoundingClientRect();
    if (el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && rect.width > 0 && rect.height > 0) {
      shown += 1;
    } else {
      hidden.push(el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 80));
    }
  }
  const h1 = article.querySelector('h1');
  return {shown, hidden, h1: !!h1 && h1.checkVisibility({visibilityProperty: true, opacityProperty: true})};
}"""


def dump(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def no_transitions(page) -> None:
    """No colour caught half-way through a transition, for axe and screenshots. A constructed
    style sheet, which the pages' Content-Security-Policy allows (a <style> tag it refuses)."""
    page.evaluate("""() => { const sheet = new CSSStyleSheet();
        sheet.replaceSync('*, ::before, ::after { transition: none !important; animation: none !important; }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""")
