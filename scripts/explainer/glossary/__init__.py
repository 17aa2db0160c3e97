"""Glossary terms (terms.py) and their references in every page (markdown.py)."""
