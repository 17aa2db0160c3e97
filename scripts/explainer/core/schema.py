"""One schema per data file and one for page front matter, checked before anything is built.

The schemas are JSON Schema files in ``scripts/explainer/schemas/`` (``<name>.json`` for
``data/<name>.yml``; ``front-matter.json`` for pages). JSON Schema because it is a
standard a contributor can read without reading Python, editors and CI tools understand it,
and the ``jsonschema`` package (pinned in requirements.txt) is the maintained, widely used
reference implementation in Python; it checks the values as YAML parsed them, so a wrong
type (``title: [a, {b: 1}]``) is refused before anything is turned into text.

Limits (lengths, counts) live in the schema files; an optional ``x-fix`` next to a rule
says how to fix a value that breaks it. Every error is a ``ContentError`` with the file
and the line of the offending value (``datafile.Record``/``Items`` remember lines).
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer.core import passed_checks
from explainer.core.errors import ContentError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
FRONT_MATTER = "front-matter"
_TYPE_NAMES = {"string": "text (a quoted string)", "array": "a list", "object": "a mapping of fields",
               "boolean": "true or false", "number": "a number", "integer": "a whole number"}


@functools.cache
def validator(name: str) -> Draft202012Validator | None:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        return None
    # Imported here: a build whose data all passed before (core.passed_checks) never needs it.
    from jsonschema import Draft202012Validator, FormatChecker
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check_data_file(data: Any, path: str | Path, shown: str) -> None:
    """Check ``data/<name>.yml`` against ``schemas/<name>.json``, when there is one."""
    check(data, Path(path).stem, shown)


def check(data: Any, name: str, shown: str, line_offset: int = 0) -> None:
    """Raise a ``ContentError`` for the first mistake (by line) in *data*, if any."""
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        return
    plain = _plain(data)
    # A value that passed before (same value, schema, code and jsonschema) is not checked again.
    mark = passed_checks.key(_check_version(path), json.dumps(_typed(plain), ensure_ascii=False))
    if passed_checks.passed(mark):
        return
    checker = validator(name)
    if checker is None:
        return
    errors = list(checker.iter_errors(plain))
    if not errors:
        passed_checks.remember(mark)
        return
    located = sorted(((_line_of(data, _where(err)), i, err) for i, err in enumerate(errors)),
                     key=lambda item: (item[0] or 0, item[1]))
    line, _, first = located[0]
    problem, fix = describe(first)
    more = len({(ln, tuple(e.absolute_path)) for ln, _, e in located}) - 1
    if more > 0:
        fix += f" ({more} more {'mistake' if more == 1 else 'mistakes'} after this one)"
    raise ContentError(shown, (line + line_offset) if line else (line_offset + 1 if line_offset else None),
                       problem, fix)


@functools.cache
def _check_version(schema_path: Path) -> bytes:
    """A digest of what a check's result depends on besides the value: jsonschema's version,
    this module and the schema file."""
    try:
        checker = version("jsonschema")
    except PackageNotFoundError:
        checker = "missing"
    digest = hashlib.sha256(checker.encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    digest.update(schema_path.read_bytes())
    return digest.digest()


def _typed(value: Any) -> Any:
    """*value* as JSON in which every scalar carries its type (``True`` is not ``1``, nor ``"1"``)."""
    if isinstance(value, dict):
        return ["dict", [[_typed(key), _typed(item)] for key, item in value.items()]]
    if isinstance(value, list):
        return ["list", [_typed(item) for item in value]]
    kind = type(value)
    return [f"{kind.__module__}.{kind.__qualname__}", repr(value)]


def _where(err) -> list:
    """The path to report: an unknown field's own key, else the failing value."""
    path = list(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = sorted(key for key in err.instance if key not in allowed)
        if extra:
            path.append(extra[0])
    return path


def _plain(value: Any) -> Any:
    """Records and Items as plain dicts and lists (jsonschema checks types by class)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _line_of(data: Any, path: list) -> int | None:
    """The line of the value at *path* (keys and indexes), or of its nearest parent."""
    line = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(step, int) and hasattr(node, "item_lines") and step < len(node.item_lines):
            line = node.item_lines[step]
        elif isinstance(step, str) and hasattr(node, "key_lines"):
            line = node.key_lines.get(step, line)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", None) or line
    return line


def _field(err) -> str:
    path = list(err.absolute_path)
    names = [str(step) for step in path if isinstance(step, str)]
    if path and isinstance(path[-1], int):
        named = err.schema.get("x-what") if isinstance(err.schema, dict) else None
        if named:  # an item whose schema names it, e.g. "passage 2"
            return f"{named} {path[-1] + 1}"
        return f"entry {path[-1] + 1}" + (f" of {names[-1]}" if names else "")
    return names[-1] if names else "the entry"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def describe(err) -> tuple[str, str]:
    """A ``jsonschema`` error as (what is wrong, how to fix it)."""
    field, kind, rule = _field(err), err.validator, err.validator_value
    hint = err.schema.get("x-fix", "") if isinstance(err.schema, dict) else ""
    value = err.instance
    what = err.schema.get("x-what", "entry") if isinstance(err.schema, dict) else "entry"
    if kind == "required":
        missing = next((name for name in rule if name not in value), rule[0])
        return f"{what} is missing the required field '{missing}'", f"add '{missing}: …' to it"
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        return (f"unknown field '{extra[0] if extra else '?'}' in {what}",
                f"use one of: {', '.join(allowed)}" if allowed else "remove it")
    if kind == "type":
        wanted = rule if isinstance(rule, str) else rule[0]
        return (f"{field} must be {_TYPE_NAMES.get(wanted, wanted)}, not {_TYPE_NAMES.get(_type(value), _type(value))}",
                hint or {"string": "write it as one line of text; quote it if it starts with [ or { or holds ': '",
                         "object": "write it as 'key: value' lines, e.g. '- id: …' then the other fields"
                         }.get(wanted, f"write it as {_TYPE_NAMES.get(wanted, wanted)}"))
    if kind == "maxLength":
        return (f"{field} is {len(value)} characters long, more than the limit of {rule}",
                hint or f"shorten it to at most {rule} characters")
    if kind == "minLength":
        return f"{field} is empty", hint or "write something or remove the field"
    if kind in ("maxItems", "maxProperties"):
        return f"{field} has {len(value)} entries, more than the limit of {rule}", "shorten the list"
    if kind == "minItems":
        return (f"{field} {err.schema.get('x-problem', 'is an empty list')}",
                hint or "add at least one entry or remove the field")
    if kind in ("enum", "const"):
        choices = [c for c in (rule if kind == "enum" else [rule]) if isinstance(c, str)]
        return (f"unknown {field} {_shown(value)}",
                f"use one of: {', '.join(choices)}" + (f" ({hint})" if hint else ""))
    problem = err.schema.get("x-problem", "is not in the expected form") if isinstance(err.schema, dict) else ""
    if kind == "format":
        return f"{field} {_shown(value)} is not a real {rule}", hint or f"write a valid {rule}"
    if kind == "not":  # err.schema holds the "not" and its x-problem and x-fix
        return f"{field} {problem}", hint or "see the schema in scripts/explainer/schemas/"
    if kind in ("pattern", "anyOf"):
        return f"{field} {_shown(value)} {problem}", hint or f"match {rule}"
    if kind == "propertyNames":
        return f"{field} has a key that is not a plain id", "use letters, digits, '-' and '_'"
    return f"{field}: {err.message}", hint or "see the schema in scripts/explainer/schemas/"


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null" if value is None else type(value).__name__
