"""Link previews: Open Graph tags (meta.py), 1200x630 cards (cards.py), favicons (icons.py)."""
