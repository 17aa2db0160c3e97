"""The Content-Security-Policy of every page and the site's _headers (policy.py)."""
