"""The quality checks (perf_tui.checks) as the editors show them: never raising.

A check that fails on odd text must not cost the user the field they are typing in, so any
error becomes "no findings" (and the checks' own tests catch the bug).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from perf_tui.i18n import current_language


def fact_findings(text: str, lang: str | None = None) -> list[Any]:
    """"Facts, not adjectives" for achievements, problem descriptions and key events."""
    if not text.strip():
        return []
    try:
        from perf_tui.checks.facts import check_fact

        return list(check_fact(text, lang or current_language()))
    except Exception:  # noqa: BLE001
        return []


def smart_findings(action: Any, today: date, record: Any = None) -> list[Any]:
    try:
        from perf_tui.checks.smart import check_action

        return list(check_action(action, today, record=record))
    except Exception:  # noqa: BLE001
        return []


def why_findings(problem: Any) -> list[Any]:
    try:
        from perf_tui.checks.whys import check_why_chain

        return list(check_why_chain(problem))
    except Exception:  # noqa: BLE001
        return []
