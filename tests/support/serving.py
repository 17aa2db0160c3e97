"""Serving a built site over HTTP on 127.0.0.1, without a log line per request."""
from __future__ import annotations

import http.server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
