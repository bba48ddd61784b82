"""The record's one typed schema: JSON-shaped data in, a validated Record out, and back.

The schema is the model itself: the annotations of the dataclasses in model.py (types, enums,
Literal keys, msgspec.Meta ranges). msgspec (https://jcristharif.com/msgspec/) validates data
against them, so there is no hand-written walk over the record's fields. Every way into a Record
goes through here: the store's session files, `perf-tui import`, backups, and migrated old layouts
(store/migrations.py validates an old layout with its own dataclasses, then the result with these).

    bytes --decode_json()--> builtins --check_json_data()--> --from_builtins(data, Record)--> Record
    Record --to_builtins()--> builtins (each part's unknown keys merged back in)

What JSON (or Python's json) allows but a record may not hold is refused with the path: files over
MAX_BYTES and the NaN/Infinity literals while parsing; lone surrogates (text that cannot be written
as UTF-8) anywhere; in typed fields, NaN/Infinity fail the field's range and nesting its type; in
keys a part does not know, everything is checked (nesting deeper than MAX_DEPTH, NaN, surrogates).
Such keys are not errors: they are kept in that part's `extra` and written back, so a file from a
newer version loses nothing.

Every error is a SchemaError: one translated line, "path: reason" (for example
`goals[2].target: expected text, got number`), in which every value taken from the input is shown
escaped (repr-like), so that no control character or ANSI sequence reaches a terminal.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import typing
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args, get_origin

import msgspec

from perf_tui.i18n import t
from perf_tui.model import SCHEMA_VERSION, Record
from perf_tui.text import escape_unprintable

MAX_DEPTH = 64  # objects and lists inside each other; a record needs 6
MAX_BYTES = 20 * 1024 * 1024  # a backup of a long session is well under 1 MB
_SHOWN_CHARS = 40  # of a value quoted in an error


class SchemaError(ValueError):
    """Data that does not validate. str() is one line: "path: reason" (or just the reason)."""

    def __init__(self, reason: str, path: str = "") -> None:
        self.reason = reason
        self.path = path
        super().__init__(t("schema.at", path=path, reason=reason) if path else reason)


# --------------------------------------------------------------------------- showing input safely

def shown(value: Any) -> str:
    """A value from the input as an error may quote it: repr-like, escaped, cut short."""
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
        return escape_unprintable(repr(text))
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    if isinstance(value, dict):
        return t("schema.got.object")
    if isinstance(value, list):
        return t("schema.got.array")
    return escape_unprintable(type(value).__name__)


def format_path(tokens: typing.Sequence[Any]) -> str:
    """("goals", 2, "target") -> "goals[2].target"; keys that are not plain names are quoted; a
    path of more than 12 steps shows its first 8 and last 2."""
    out = ""
    if len(tokens) > 12:
        return f"{format_path(tokens[:8])}…{format_path([0, *tokens[-2:]])[3:]}"
    for token in tokens:
        if isinstance(token, int):
            out += f"[{token}]"
        elif token is Ellipsis:
            out += "[…]"
        elif isinstance(token, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
            out += f".{token}" if out else token
        else:
            out += f"[{shown(token)}]"
    return out


# --------------------------------------------------------------------------- JSON text and values

def decode_json(raw: bytes | str) -> Any:
    """Parse a JSON document strictly: at most MAX_BYTES, UTF-8, no NaN/Infinity, not nested past
    the interpreter's limit. check_json_data() then checks the part that is used (the record)."""
    size = len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw)
    if size > MAX_BYTES:
        raise SchemaError(t("schema.too_large", limit=MAX_BYTES // (1024 * 1024)))
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SchemaError(t("schema.not_utf8", byte=exc.start)) from None
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except SchemaError:
        raise
    except json.JSONDecodeError as exc:
        raise SchemaError(t("schema.not_json", line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise SchemaError(t("schema.too_deep", limit=MAX_DEPTH)) from None
    except ValueError:  # an integer of thousands of digits (Python's int-string limit)
        raise SchemaError(t("schema.number_too_long")) from None
    return data


def _refuse_constant(name: str) -> Any:
    raise SchemaError(t("schema.not_finite", value=name))


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_json_data(data: Any) -> None:
    """Refuse lone surrogates (text that cannot be written as UTF-8) and values JSON cannot express,
    wherever they are, keys included. msgspec's encoder finds them in C; only when it says no is the
    data walked, to name the path. NaN/Infinity and deep nesting matter only where the schema does
    not type the value (a float field has a range, an object field wants an object): in the keys
    a part does not know, which from_builtins() checks in full as it keeps them."""
    try:
        msgspec.json.encode(data)
    except (ValueError, TypeError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
        check_untyped(data)
        raise SchemaError(t("schema.invalid", detail=escape_unprintable(str(exc)))) from None


def check_untyped(data: Any, path: tuple[Any, ...] = (), depth: int = 0) -> None:
    """Everything no record may hold, in data the schema does not type: nesting deeper than
    MAX_DEPTH (counted from the record), lone surrogates, NaN/Infinity, values JSON cannot express.
    Iterative, in document order, so that the first bad value is the one named."""
    stack: list[tuple[Any, tuple[Any, ...], int]] = [(data, path, depth)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, dict):
            if depth >= MAX_DEPTH:
                raise SchemaError(t("schema.too_deep", limit=MAX_DEPTH), format_path(path))
            children = []
            for key, item in value.items():
                if not isinstance(key, str):
                    raise SchemaError(t("schema.key_not_text", key=shown(key)), format_path(path))
                _check_text(key, path + (key,))
                children.append((item, path + (key,), depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            if depth >= MAX_DEPTH:
                raise SchemaError(t("schema.too_deep", limit=MAX_DEPTH), format_path(path))
            stack.extend(reversed([(item, path + (i,), depth + 1) for i, item in enumerate(value)]))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise SchemaError(t("schema.not_finite", value=repr(value)), format_path(path))
        elif value is not None and not isinstance(value, (bool, int)):
            raise SchemaError(t("schema.not_json_value", kind=shown(value)), format_path(path))


def _check_text(text: str, path: tuple[Any, ...]) -> None:
    if text.isascii():
        return
    match = _SURROGATE.search(text)
    if match:
        raise SchemaError(t("schema.surrogate", char=escape_unprintable(repr(match.group())[1:-1])),
                          format_path(path))


# --------------------------------------------------------------------------- builtins -> objects

def from_builtins(data: Any, cls: type, *, checked: bool = False) -> Any:
    """An instance of dataclass `cls` (a Record or one of its parts) validated from `data`.

    Unknown keys go to each part's `extra`, checked in full (check_untyped). Raises SchemaError
    naming the first bad field. `checked=True` when check_json_data() has already seen `data`."""
    if not checked:
        check_json_data(data)
    try:
        obj = msgspec.convert(_without_extra_keys(data, cls), cls, strict=True)
    except msgspec.ValidationError as exc:
        raise explain(exc, data, cls) from None
    _attach_extras(obj, data, (), 0)
    return obj


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


@lru_cache(maxsize=None)
def _parts(cls: type) -> tuple[tuple[str, type, bool], ...]:
    """The fields of `cls` that hold parts: (name, part class, is a list of them)."""
    out = []
    for name, hint in _hints(cls).items():
        hint = _unwrap(hint)
        if dataclasses.is_dataclass(hint):
            out.append((name, hint, False))
        elif get_origin(hint) is list and dataclasses.is_dataclass(_unwrap(get_args(hint)[0])):
            out.append((name, _unwrap(get_args(hint)[0]), True))
    return tuple(out)


def _unwrap(hint: Any) -> Any:
    while get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    return hint


@lru_cache(maxsize=None)
def _names(cls: type) -> frozenset[str]:
    return frozenset(_hints(cls))


def _without_extra_keys(data: Any, cls: type) -> Any:
    """`data` without a key literally named "extra" in any part (it is an unknown key like any
    other, kept in `extra`, but msgspec would take it for the field). Copies only what changes."""
    if not isinstance(data, dict):
        return data
    out = data
    if "extra" in data:
        out = {k: v for k, v in data.items() if k != "extra"}
    for name, part, many in _parts(cls):
        value = data.get(name)
        if many and isinstance(value, list):
            cleaned = [_without_extra_keys(item, part) for item in value]
            changed = any(a is not b for a, b in zip(cleaned, value))
        else:
            cleaned = _without_extra_keys(value, part)
            changed = cleaned is not value
        if changed:
            out = dict(out) if out is data else out
            out[name] = cleaned
    return out


def _attach_extras(obj: Any, data: dict[str, Any], path: tuple[Any, ...], depth: int) -> None:
    unknown = data.keys() - _names(type(obj))
    if unknown or "extra" in data:
        obj.extra = {k: v for k, v in data.items() if k in unknown or k == "extra"}
        for key, value in obj.extra.items():
            check_untyped(value, path + (key,), depth + 1)
    for name, _part, many in _parts(type(obj)):
        value = data.get(name)
        if many and isinstance(value, list):
            for index, (item, raw) in enumerate(zip(getattr(obj, name), value)):
                _attach_extras(item, raw, path + (name, index), depth + 2)
        elif isinstance(value, dict):
            _attach_extras(getattr(obj, name), value, path + (name,), depth + 1)


# --------------------------------------------------------------------------- objects -> builtins

def to_builtins(obj: Any) -> dict[str, Any]:
    """The plain dict of a Record or part: enums as their values, unknown keys merged back in."""
    out = msgspec.to_builtins(obj)
    _merge_extras(out, type(obj))
    return out


def _merge_extras(out: dict[str, Any], cls: type) -> None:
    extra = out.pop("extra", None)
    for name, part, many in _parts(cls):
        value = out.get(name)
        for item in (value if many else [value]):
            if isinstance(item, dict):
                _merge_extras(item, part)
    if extra:
        for key, value in extra.items():
            out.setdefault(key, value)


# --------------------------------------------------------------------------- schema versions

def schema_version_of(data: dict[str, Any], key: str = "schema_version") -> int:
    """The version a stored dict declares: a whole number >= 0 (missing: the pre-release layout 0).
    Anything else ("abc", 0.5, null, [], true) is refused, never guessed."""
    if key not in data:
        return 0
    value = data[key]
    if type(value) is not int or value < 0:
        raise SchemaError(t("schema.version", found=shown(value), current=SCHEMA_VERSION), key)
    return value


# --------------------------------------------------------------------------- explaining errors

_AT = re.compile(r" - at (?P<key>`key` in )?`(?P<path>[^`]*)`$")
_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_EXPECTED = re.compile(r"^Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`$")
_BOUND = re.compile(r"^Expected `(?P<expected>[^`]+)` (?P<op>>=|<=|>|<) (?P<bound>\S+)$")
_PATTERN = re.compile(r"^Expected `str` matching regex ")
_ENUM = re.compile(r"^Invalid enum value ")
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def explain(exc: msgspec.ValidationError, data: Any, cls: type) -> SchemaError:
    """msgspec's message ("Expected `str`, got `int` - at `$.goals[2].target`") as one translated
    line, with the value and, for an enum, the allowed values taken from the schema."""
    message = str(exc)
    at = _AT.search(message)
    body = message[: at.start()] if at else message
    tokens = _tokens(at.group("path")) if at else []
    tokens = _resolve_dict_keys(tokens, data, cls)
    value, found = _value_at(data, tokens)
    hint = _type_at(cls, tokens)
    path = format_path(tokens)
    if at and at.group("key"):
        key = _bad_key(value, hint)
        return SchemaError(t("schema.unknown_key", key=shown(key), choices=_choices(_dict_key_type(hint))),
                           path)
    if match := _EXPECTED.match(body):
        return SchemaError(t("schema.expected", expected=_kinds(match["expected"]),
                             got=t(f"schema.got.{match['got']}") if match["got"] in _GOT else match["got"]),
                           path)
    if match := _BOUND.match(body):
        low, high = _range(hint)
        kind = _kinds(match["expected"])
        if low is not None and high is not None:
            reason = t("schema.range", expected=kind, low=_number(low), high=_number(high), value=shown(value))
        else:
            reason = t("schema.bound", expected=kind, op=_OPS[match["op"]], bound=_number(match["bound"]),
                       value=shown(value))
        return SchemaError(reason, path)
    if _PATTERN.match(body):
        return SchemaError(t("schema.session_id", value=shown(value)), path)
    if _ENUM.match(body) and found:
        return SchemaError(t("schema.unknown_value", value=shown(value), choices=_choices(hint)), path)
    return SchemaError(t("schema.invalid", detail=escape_unprintable(body)), path)


_GOT = {"str", "int", "float", "bool", "null", "array", "object"}
_KINDS = {"str", "int", "float", "bool", "null", "array", "object"}


def _kinds(expected: str) -> str:
    names = [t(f"schema.kind.{part}") if part in _KINDS else escape_unprintable(part)
             for part in (p.strip() for p in expected.split("|"))]
    return t("schema.or").join(names)


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def _tokens(path: str) -> list[Any]:
    return [name if name else (Ellipsis if index == "..." else int(index))
            for name, index in _TOKEN.findall(path[1:] if path.startswith("$") else path)]


def _value_at(data: Any, tokens: list[Any]) -> tuple[Any, bool]:
    for token in tokens:
        if isinstance(token, int) and isinstance(data, list) and token < len(data):
            data = data[token]
        elif isinstance(token, str) and isinstance(data, dict) and token in data:
            data = data[token]
        else:
            return None, False
    return data, True


def _type_at(cls: type, tokens: list[Any]) -> Any:
    """The annotation (Annotated kept) of the value at `tokens` under dataclass `cls`."""
    hint: Any = cls
    for token in tokens:
        bare = _unwrap(hint)
        if dataclasses.is_dataclass(bare) and isinstance(token, str):
            hint = _hints(bare).get(token)
        elif get_origin(bare) is list and isinstance(token, int):
            hint = get_args(bare)[0]
        elif get_origin(bare) is dict and not isinstance(token, int):
            hint = get_args(bare)[1]
        else:
            return None
        if hint is None:
            return None
    return hint


def _resolve_dict_keys(tokens: list[Any], data: Any, cls: type) -> list[Any]:
    """msgspec says `elapsed[...]` for a bad dict value: name the key (the first that fails)."""
    if Ellipsis not in tokens:
        return tokens
    out: list[Any] = []
    for token in tokens:
        if token is Ellipsis:
            container, _ = _value_at(data, out)
            value_type = _type_at(cls, out + [Ellipsis])
            key = Ellipsis
            if isinstance(container, dict) and value_type is not None:
                for k, v in container.items():
                    try:
                        msgspec.convert(v, value_type, strict=True)
                    except msgspec.ValidationError:
                        key = k
                        break
            out.append(key)
        else:
            out.append(token)
    return out


def _dict_key_type(hint: Any) -> Any:
    bare = _unwrap(hint)
    return get_args(bare)[0] if get_origin(bare) is dict else None


def _bad_key(container: Any, hint: Any) -> Any:
    allowed = _allowed(_dict_key_type(hint))
    if isinstance(container, dict):
        for key in container:
            if allowed is None or key not in allowed:
                return key
    return None


def _allowed(hint: Any) -> tuple[Any, ...] | None:
    bare = _unwrap(hint)
    if isinstance(bare, type) and issubclass(bare, Enum):
        return tuple(member.value for member in bare)
    if get_origin(bare) is Literal:
        return get_args(bare)
    return None


def _choices(hint: Any) -> str:
    allowed = _allowed(hint) or ()
    return ", ".join(json.dumps(value, ensure_ascii=False) for value in allowed)


def _range(hint: Any) -> tuple[Any, Any]:
    low = high = None
    while get_origin(hint) is Annotated:
        for meta in get_args(hint)[1:]:
            if isinstance(meta, msgspec.Meta):
                low = meta.ge if meta.ge is not None else low
                high = meta.le if meta.le is not None else high
        hint = get_args(hint)[0]
    return low, high


# --------------------------------------------------------------------------- published schema

def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of the backup format that `perf-tui import` reads."""
    from perf_tui.store.backup_format import FORMAT  # the format's name lives with its reader

    _, defs = msgspec.json.schema_components([Record], ref_template="#/$defs/{name}")
    for component in defs.values():
        properties = component.get("properties", {})
        properties.pop("extra", None)
        if "required" in component:
            component["required"] = [name for name in component["required"] if name != "extra"]
        component["additionalProperties"] = True  # a newer version's keys are kept, not refused
    defs["Record"]["required"] = ["id"]  # every other field has a default; an import needs the id
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "perf-tui session backup",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "schema_version": {"type": "integer", "minimum": 0, "maximum": SCHEMA_VERSION},
            "record": {"$ref": "#/$defs/Record"},
        },
        "required": ["format", "record"],
        "$defs": defs,
    }
