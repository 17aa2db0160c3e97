"""Start a new explainer: ``python -m explainer new PATH`` (see ``scaffold``)."""
from .scaffold import THEME_FILES, GeneratorError, create

__all__ = ["THEME_FILES", "GeneratorError", "create"]
