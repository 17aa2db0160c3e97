"""Sources and citations.

The registry (registry.py), citation syntax (syntax.py), quotations (quotations.py), [@id] links (markdown.py).
"""
