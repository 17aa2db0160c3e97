"""Garbage-collector thresholds that keep build time linear in the number of pages."""
