"""One item checked on its own, as `perf-tui check --stdin` reads it (one JSON object a line).

    {"kind": "feedback", "lang": "en", "text": "..."}
        -> {"judgment": bool, "findings": [...]}
    {"kind": "action", "lang": "zh", "what": "...", "owner": "...", "deadline": "as typed", "support": "..."}
        -> {"missing": [subset of "S", "M", "T", "owner"], "deadline": "YYYY-MM-DD" or "", "findings": [...]}
    {"kind": "why", "lang": "en", "problem": "...", "chain": ["...", ...]}
        -> {"blame": bool, "findings": [...]}

Each finding is {"code", "severity", "message"} (message in the item's language). An item that
cannot be read raises ItemError with a one-line reason; the CLI writes {"error": reason} for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from perf_tui.checks import Finding
from perf_tui.checks.facts import check_fact, judge
from perf_tui.checks.smart import read_action
from perf_tui.checks.whys import blame_kind, check_why_chain
from perf_tui.model import Problem

KINDS = ("feedback", "action", "why")
LANGS = ("en", "zh")


class ItemError(ValueError):
    """The item is not one the checks can read (the message says why, in English, for scripts)."""


def finding_json(found: Finding, lang: str) -> dict[str, str]:
    return {"code": found.code, "severity": found.severity, "message": found.message(lang)}


def _text(item: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ItemError(f"{key}: expected text, got {type(value).__name__}")
    if required and key not in item:
        raise ItemError(f"{key}: missing")
    return value


def check_item(item: Any, today: date, default_lang: str = "en") -> dict[str, Any]:
    """The result object for one input item (see the module docstring)."""
    if not isinstance(item, dict):
        raise ItemError(f"expected a JSON object, got {type(item).__name__}")
    kind = item.get("kind")
    if kind not in KINDS:
        raise ItemError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    lang = item.get("lang", default_lang) or default_lang
    if lang not in LANGS:
        raise ItemError(f"lang: expected en or zh, got {lang!r}")
    if kind == "feedback":
        text = _text(item, "text", required=True)
        return {"judgment": judge(text, lang).judgment,
                "findings": [finding_json(f, lang) for f in check_fact(text, lang)]}
    if kind == "action":
        reading = read_action(_text(item, "what"), _text(item, "owner"), _text(item, "deadline"), today, lang,
                              support=_text(item, "support") if "support" in item else None)
        return {"missing": list(reading.missing),
                "deadline": reading.deadline.isoformat() if reading.deadline else "",
                "findings": [finding_json(f, lang) for f in reading.findings]}
    chain = item.get("chain", [])
    if not isinstance(chain, list) or not all(isinstance(link, str) for link in chain):
        raise ItemError("chain: expected a list of texts")
    problem = Problem(description=_text(item, "problem"), whys=list(chain))
    written = [link for link in chain if link.strip()]
    return {"blame": bool(written) and bool(blame_kind(written[-1])),
            "findings": [finding_json(f, lang) for f in check_why_chain(problem)]}
