"""Permanent addresses: explicit heading ids, aliases and data/anchors.lock (ids.py)."""
