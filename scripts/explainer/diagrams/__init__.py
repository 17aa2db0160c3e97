"""Mermaid diagrams rendered to inline SVG.

The fence (markdown.py), the renderer and its cache (renderer.py), SVG theming (svg.py).
"""
