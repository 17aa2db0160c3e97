"""What the search index reads of a page: no glossary references or citation marks (view.py)."""
