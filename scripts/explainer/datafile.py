"""Load YAML data files keeping the line of every mapping and key.

Schema checks need to say *where* a mistake is, so mappings are loaded as
``Record`` (a dict that remembers its own line and the line of each key).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import ContentError, relative


class Record(dict):
    """A YAML mapping that knows its file and lines (1-based)."""

    path: str = ""
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_offset(self, key: str) -> int:
        """Lines of the file before line 1 of the text of *key* (for errors inside Markdown fields)."""
        return getattr(self, "text_lines", {}).get(key, self.line_of(key)) - 1

    def error(self, problem: str, fix: str = "", key: str | None = None) -> ContentError:
        return ContentError(self.path, self.line_of(key) if key else self.line, problem, fix)


class _Loader(yaml.SafeLoader):
    pass


def _construct_record(loader: _Loader, node: yaml.MappingNode) -> Record:
    record = Record()
    record.path = loader.display_path
    record.line = node.start_mark.line + 1
    record.key_lines = {}
    record.text_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in record:
            raise ContentError(record.path, key_node.start_mark.line + 1,
                               f"duplicate key {key!r}", "keep one of the two entries")
        record[key] = loader.construct_object(value_node, deep=True)
        record.key_lines[key] = key_node.start_mark.line + 1
        # A block scalar (| or >) starts its text on the line after its indicator.
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        record.text_lines[key] = value_node.start_mark.line + 1 + (1 if block else 0)
    return record


def _construct_str_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay the strings the author wrote ("2015", "2015-01", "2015-01-27").
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_record)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str_timestamp)


def load_yaml(path: str | Path, root: str | Path | None = None) -> Any:
    """Parse *path*; mappings become ``Record``. Syntax errors become ``ContentError``."""
    path = Path(path)
    shown = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(shown, None, "file not found", "create it or fix the path in mkdocs.yml") from None
    loader = _Loader(text)
    loader.display_path = shown
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = f"broken YAML: {exc.problem or exc.context}"
        raise ContentError(shown, line, problem,
                           "fix the YAML syntax (indentation, quotes, a missing ':')") from None
    finally:
        loader.dispose()


def check_fields(record: Record, required: Iterable[str], optional: Iterable[str] = (),
                 what: str = "entry") -> None:
    """Raise for a missing required field or an unknown field in *record*."""
    if not isinstance(record, Record):
        raise ContentError(getattr(record, "path", None), None,
                           f"each {what} must be a mapping of fields", "write it as 'key: value' lines")
    required, allowed = list(required), set(required) | set(optional)
    for key in record:
        if key not in allowed:
            raise record.error(f"unknown field {key!r} in {what}",
                               f"use one of: {', '.join(sorted(allowed))}", key=key)
    for key in required:
        if record.get(key) in (None, ""):
            raise record.error(f"{what} is missing the required field {key!r}",
                               f"add '{key}: …' to it")


def check_list(data: Any, path: str, what: str) -> list:
    """The top level of a registry file must be a non-empty list."""
    if not isinstance(data, list) or not data:
        raise ContentError(path, 1, f"expected a list of {what}", "start each entry with '- id: …'")
    return data
