"""Shared low-level modules: errors, escaping, data files and their schemas, Markdown lines, caches, the build lock."""
