"""Properties of the record's schema (hypothesis):

1. Every record the schema accepts exports in every format (md, html, eml, ics, json) and round-trips
   through the backup format. The records are drawn from the schema itself: a strategy built from
   the model's annotations (types, enums, Literal keys, msgspec ranges and patterns), so whatever the
   schema declares valid is tried, and an annotation that allowed too much would show up here.
2. Every mutation of a valid backup (a value's type changed, keys and items deleted, junk inserted,
   wrong enum values, deep nesting, NaN, lone surrogates, control characters) is either refused with
   one clean line or accepted, and an accepted one exports in every format.

Bounded (the "ci" profile in tests/conftest.py, and max_examples below) to stay fast on 2 cores;
HYPOTHESIS_PROFILE=thorough explores ten times more.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal, get_args, get_origin

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perf_tui import export
from perf_tui.demo import build_demo_record
from perf_tui.model import SCHEMA_VERSION, SESSION_ID_PATTERN, Record, new_record
from perf_tui.store import InvalidSessionData, dump_session, load_session

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone.utc)
FORMATS = export.FORMATS


def from_schema(hint: Any) -> st.SearchStrategy:
    """A strategy for the JSON data that `hint` (a model annotation) declares valid."""
    metas = []
    while get_origin(hint) is Annotated:
        metas += [m for m in get_args(hint)[1:] if isinstance(m, msgspec.Meta)]
        hint = get_args(hint)[0]
    meta = metas[0] if metas else msgspec.Meta()
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, include_extras=True)
        optional = {f.name: from_schema(hints[f.name]) for f in dataclasses.fields(hint) if f.name != "extra"}
        return st.fixed_dictionaries({}, optional=optional)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from([member.value for member in hint])
    if get_origin(hint) is Literal:
        return st.sampled_from(get_args(hint))
    if get_origin(hint) is list:
        return st.lists(from_schema(get_args(hint)[0]), max_size=3)
    if get_origin(hint) is dict:
        key, value = get_args(hint)
        return st.dictionaries(from_schema(key), from_schema(value), max_size=3)
    if hint is str:
        if meta.pattern:
            return st.from_regex(meta.pattern, fullmatch=True)
        return st.text(max_size=40)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=meta.ge if meta.ge is not None else -(10**6),
                           max_value=meta.le if meta.le is not None else 10**6)
    if hint is float:
        low = meta.ge if meta.ge is not None else -1e9
        return st.floats(min_value=low, max_value=1e9, allow_nan=False, allow_infinity=False) \
            | st.integers(min_value=int(low), max_value=10**9)
    raise AssertionError(f"no strategy for {hint!r}: add one (the schema grew a new kind of type)")


UNKNOWN_KEYS = st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in Record.__dataclass_fields__),
                               st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                            lambda inner: st.lists(inner, max_size=2), max_leaves=4),
                               max_size=2)


@st.composite
def accepted_records(draw) -> dict:
    data = draw(from_schema(Record))
    data.update(draw(UNKNOWN_KEYS))  # a newer version's keys are accepted and kept
    data["schema_version"] = SCHEMA_VERSION  # the current layout (without one: the oldest, 0)
    data.setdefault("id", draw(st.from_regex(SESSION_ID_PATTERN, fullmatch=True)))  # an import needs one
    return data


def exports_everywhere(record: Record, lang: str) -> None:
    for fmt in FORMATS:
        assert export.render(record, fmt, lang, now=NOW)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(accepted_records(), st.sampled_from(["en", "zh"]))
def test_every_record_the_schema_accepts_exports_in_every_format(data, lang):
    text = json.dumps({"format": "perf-tui-session", "record": data}, ensure_ascii=False)
    record = load_session(text)
    exports_everywhere(record, lang)
    assert load_session(dump_session(record)) == record


# --------------------------------------------------------------------------- mutations of a backup

BASES = [json.loads(dump_session(build_demo_record("zh", NOW))),
         json.loads(dump_session(new_record(now_iso="2024-10-08T14:00:00+00:00")))]

JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.sampled_from(["signed", "agree", "DRAFT", "higher ", "A+", "\x1b[31mx", "\ud800", "2024-13-40"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


def all_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += all_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += all_paths(item, prefix + (index,))
    return out


def at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def mutate(draw, doc: Any) -> Any:
    path = draw(st.sampled_from(all_paths(doc)))
    op = draw(st.sampled_from(["replace", "delete", "insert", "nest"]))
    parent = at(doc, path[:-1]) if path else None
    if op == "replace" or (op == "delete" and not path):
        new = draw(JUNK)
    elif op == "delete":
        del parent[path[-1]]
        return doc
    elif op == "insert":
        target = at(doc, path)
        if isinstance(target, dict):
            target[draw(st.text(max_size=8) | st.sampled_from(["extra", "id", "schema_version"]))] = draw(JUNK)
            return doc
        if isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(JUNK))
            return doc
        new = draw(JUNK)
    else:
        new = at(doc, path)
        for _ in range(draw(st.integers(1, 80))):
            new = [new]
    if not path:
        return new
    parent[path[-1]] = new
    return doc


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_every_mutation_of_a_backup_is_refused_in_one_line_or_exports(data):
    doc = json.loads(json.dumps(data.draw(st.sampled_from(BASES))))
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(data.draw, doc)
    text = json.dumps(doc)  # ASCII: NaN, Infinity and lone surrogates travel as JSON writes them
    try:
        record = load_session(text)
    except InvalidSessionData as exc:
        line = str(exc)
        assert line and "\n" not in line and line.isprintable(), line
        assert exc.reason and "unexpected" not in line
        return
    exports_everywhere(record, data.draw(st.sampled_from(["en", "zh"])))
