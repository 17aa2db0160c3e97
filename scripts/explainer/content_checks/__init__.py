"""Content is data, never code: front matter (front_matter.py), links (page_links.py), raw HTML (html_policy.py)."""
