"""The explainer's content pipeline as plain functions: no MkDocs imports here.

Data flows one way: YAML files -> validated records -> Markdown/HTML fragments.
The MkDocs hooks in ``scripts/hooks/`` are thin adapters over these modules.
"""
