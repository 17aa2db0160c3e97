"""Load YAML data files keeping the line of every mapping and key.

Schema checks need to say *where* a mistake is, so mappings are loaded as
``Record`` (a dict that remembers its own line and the line of each key).

Data files are content from pull requests, so loading is bounded before anything is
built from them: at most ``MAX_BYTES``, UTF-8 only, no control characters, no anchors or
aliases (``&a`` / ``*a``: a few lines of them expand to gigabytes, the "billion laughs"),
nesting at most ``MAX_DEPTH`` deep and keys that are plain scalars.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from explainer.core.errors import ContentError, relative


class Record(dict):
    """A YAML mapping that knows its file and lines (1-based)."""

    path: str = ""
    line: int = 0
    key_lines: dict
    text_lines: dict  # set by load_yaml for the values written as text blocks

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_offset(self, key: str) -> int:
        """Lines of the file before line 1 of the text of *key* (for errors inside Markdown fields)."""
        return getattr(self, "text_lines", {}).get(key, self.line_of(key)) - 1

    def error(self, problem: str, fix: str = "", key: str | None = None) -> ContentError:
        return ContentError(self.path, self.line_of(key) if key else self.line, problem, fix)


MAX_BYTES = 2_000_000   # the largest data file today is ~60 KB
MAX_DEPTH = 12          # uscc.yml, the deepest, nests 4 levels
# C0 and C1 controls except tab, line feed and carriage return: invisible, and some break HTML.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Checks:
    """The limits, checked while composing (shared by both loaders below)."""

    display_path = ""
    depth = 0

    def compose_node(self: Any, parent, index):  # self: a yaml Composer and parser (a mixin)
        # Refused while composing, before anything is constructed: an alias bomb costs nothing.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ContentError(self.display_path, event.start_mark.line + 1,
                               "YAML aliases and anchors (*name, &name) are not allowed in data files",
                               "write the value out in full")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise ContentError(self.display_path, event.start_mark.line + 1,
                               f"YAML anchors and aliases (&{event.anchor}, *{event.anchor}) "
                               "are not allowed in data files",
                               "remove the anchor and write values out in full")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ContentError(self.display_path, event.start_mark.line + 1,
                               f"the data nests more than {MAX_DEPTH} levels deep", "flatten it")
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    """Pure Python: the reference, whose error messages the build reports."""


# libyaml's parser under the same composer, checks and constructors: the same data and lines,
# several times faster (sources.yml: 90 ms -> 10 ms). Anything it refuses is parsed again by
# _Loader, so a mistake is reported in the same words either way. It accepts a little that
# PyYAML refuses: tabs inside plain text (so text with a tab goes to _Loader) and "? "
# inside a flow list ([a? b] is the text "a? b", as YAML 1.2 reads it).
_FastLoader: Any = None  # the class below, where PyYAML was built with libyaml
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]  # (no stub exports it)

    class _CLoader(_Checks, yaml.composer.Composer, _CParser,
                   yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader = _CLoader


def _construct_record(loader: _Loader, node: yaml.MappingNode) -> Record:
    record = Record()
    record.path = loader.display_path
    record.line = node.start_mark.line + 1
    record.key_lines = {}
    record.text_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError(record.path, key_node.start_mark.line + 1,
                               "a key is a list or a mapping, not a name",
                               "write keys as plain words ('title: …'); quote a value that starts with [ or {")
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


class Items(list):
    """A YAML sequence that knows its file and the line of each item (1-based)."""

    path: str = ""
    line: int = 0
    item_lines: list


def _construct_items(loader: _Loader, node: yaml.SequenceNode) -> Items:
    items = Items(loader.construct_object(child, deep=True) for child in node.value)
    items.path = loader.display_path
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_str_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay the strings the author wrote ("2015", "2015-01", "2015-01-27").
    return loader.construct_scalar(node)


_loader: Any
for _loader in [_Loader] + ([_FastLoader] if _FastLoader else []):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_record)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str_timestamp)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_items)


def load_yaml(path: str | Path, root: str | Path | None = None) -> Any:
    """Parse *path*; mappings become ``Record``. Syntax errors become ``ContentError``."""
    path = Path(path)
    shown = relative(path, root)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ContentError(shown, None, "file not found", "create it or fix the path in mkdocs.yml") from None
    if size > MAX_BYTES:
        raise ContentError(shown, None, f"the file is {size:,} bytes, more than the limit of {MAX_BYTES:,}",
                           "split it or shorten it (limit: MAX_BYTES in scripts/explainer/core/datafile.py)")
    data = parse_yaml(read_text(path, shown), shown)
    from explainer.core import schema  # data files with a schema (schemas/<name>.json) are checked here, once
    schema.check_data_file(data, path, shown)
    return data


def read_text(path: Path, shown: str) -> str:
    """The file as UTF-8 text without control characters; errors name the line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ContentError(shown, line, f"byte 0x{data[err.start]:02x} is not UTF-8 text",
                           "save the file as UTF-8 (the editor's encoding setting)") from None
    text = text.removeprefix("\ufeff")
    bad = _CONTROL_RE.search(text)
    if bad:
        raise ContentError(shown, text.count("\n", 0, bad.start()) + 1,
                           f"control character U+{ord(bad.group()):04X} in the text",
                           "delete it (it is invisible in most editors)")
    return text


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML *text* (already read by ``read_text``); mappings become ``Record``."""
    if _FastLoader is not None and "\t" not in text:
        fast = _FastLoader(text)
        fast.display_path = shown
        try:
            return fast.get_single_data()
        except Exception:  # noqa: BLE001 - refused: the reference loader below says why
            pass
        finally:
            fast.dispose()
    loader = _Loader(text)
    loader.display_path = shown
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = f"broken YAML: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
            problem += f" ({exc.context.removeprefix('while ')} that starts on line {exc.context_mark.line + 1})"
        raise ContentError(shown, line, problem,
                           "fix the YAML syntax (indentation, quotes, a missing ':')") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(shown, mark.line + 1 if mark else None, f"broken YAML: {exc}",
                           "fix the YAML syntax") from None
    except RecursionError:
        raise ContentError(shown, None, "the YAML nests too deeply", "flatten it") from None
    finally:
        loader.dispose()


def check_fields(record: Record, required: Iterable[str], optional: Iterable[str] = (),
                 what: str = "entry") -> None:
    """Raise for a missing required field or an unknown field in *record*."""
    if not isinstance(record, Record):
        raise ContentError(getattr(record, "path", None), getattr(record, "line", None),
                           f"each {what} must be a mapping of fields",
                           "write it as 'key: value' lines")
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
