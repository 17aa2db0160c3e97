"""Myths and verdicts (records.py), each myth's own page and share line (links.py), dates from git (record_dates.py)."""
