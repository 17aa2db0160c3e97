"""The corrections log (log.py) and the Atom feed (feed.py)."""
