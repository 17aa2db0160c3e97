"""Unified Social Credit Codes: the checker's rules and tables (codes.py), its data for the page's script."""
