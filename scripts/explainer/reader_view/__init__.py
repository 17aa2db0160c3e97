"""Reader views (Mozilla Readability) keep every heading and line of a page (view.py)."""
