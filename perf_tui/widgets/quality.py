"""The quality checks (perf_tui.checks) as the editors show them: never raising.

A check that fails on odd text must not cost the user the field they are typing in, so any
error becomes "no findings" (and the checks' own tests catch the bug).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from perf_tui.i18n import current_language


def fact_findings(text: str, lang: str | None = None, *, require_fact: bool = True) -> list[Any]:
    """"Facts, not judgments" for achievements, problem descriptions (require_fact=False: often a
    bare noun phrase) and key events."""
    if not text.strip():
        return []
    try:
        from perf_tui.checks.facts import check_fact

        return list(check_fact(text, lang or current_language(), require_fact=require_fact))
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


def goal_number_findings(goal: Any) -> list[Any]:
    try:
        from perf_tui.checks.numbers import check_goal_numbers

        return list(check_goal_numbers(goal))
    except Exception:  # noqa: BLE001
        return []


def number_messages(goal: Any, lang: str | None = None) -> list[str]:
    """"Target: cannot compute a rate from 'abc' ..." for each of a goal's target/actual that is no
    quantity (and no date or deliverable), in the current language."""
    try:
        from perf_tui.checks.numbers import check_goal_numbers

        return [found.message(lang or current_language()) for found in check_goal_numbers(goal)]
    except Exception:  # noqa: BLE001
        return []


def warm_up_checks() -> None:
    """Read the checks' lexicons and compile their rules now, so that the first key typed costs no
    load (~250 ms cold, see bench/checks.py). A plain daemon thread, not a Textual worker: it
    touches no widget and needs no app, so it can outlive a screen (or a test's app) harmlessly."""
    import threading

    def warm() -> None:
        try:
            from perf_tui.checks.lexicon import warm_up

            warm_up()
        except Exception:  # noqa: BLE001
            pass

    threading.Thread(target=warm, name="warm-checks", daemon=True).start()
