"""Serving a built site the way a host that reads ``_headers`` does, and watching a page for
Content-Security-Policy violations in Chromium."""
from __future__ import annotations

import contextlib
from pathlib import Path

from explainer.csp import policy as csp

from .serving import QuietHandler, served

# Runs before any page script: every violation the page (or its policy) reports is kept.
VIOLATION_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push({
  directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample,
  source: event.sourceFile, line: event.lineNumber}));
"""


class HeadersHandler(QuietHandler):
    """Static files with the headers ``_headers`` gives their path; 404.html for a missing one."""
    rules: list = []

    def end_headers(self):
        for name, value in csp.headers_for(self.rules, self.path.split("?", 1)[0]):
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_with_headers(site: Path, apply_headers: bool = True):
    """An HTTP server on 127.0.0.1 for *site*, applying its ``_headers`` (or, without
    *apply_headers*, none: as GitHub Pages, where only the pages' <meta> policy holds);
    yields the base URL."""
    rules = csp.parse_headers((site / "_headers").read_text(encoding="utf-8")) if apply_headers else []
    with served(site, type("Handler", (HeadersHandler,), {"rules": rules})) as url:
        yield url


class Watch:
    """A page's CSP violations (from the listener), page errors and refused-load messages."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.refusals: list[str] = []
        page.add_init_script(VIOLATION_LISTENER)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.refusals.append(message.text)

    def violations(self) -> list[dict]:
        return self.page.evaluate("() => window.__cspViolations")
