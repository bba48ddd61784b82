"""Quality checks on what is written, while it is written. Pure functions, no I/O, no Textual.

Each check returns a list of `Finding`s (empty when all is well), ordered as the form is read:

    smart.check_action(action, today, *, record=None) -> list[Finding]   SMART for an action
    facts.check_fact(text, lang) -> list[Finding]                        facts, not adjectives
    whys.check_why_chain(problem) -> list[Finding]                       the 5-Why chain
    numbers.check_goal_numbers(goal) -> list[Finding]                     a target/actual that is no number
    record.record_findings(record, today) -> list[RecordFinding]          all of a record, by stage

severity is "warn" (something the record will likely be worse without) or "info" (a hint).
The text for the user is `finding.message(lang)`: the catalog entry `message_key` in
locales/<lang>/checks.json formatted with `values` (dates in `values` are formatted for the
language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from perf_tui.dates import format_date
from perf_tui.i18n import t

Severity = Literal["info", "warn"]


@dataclass(frozen=True)
class Finding:
    code: str  # stable id, e.g. "smart.time.past"; screens may filter or count by it
    severity: Severity
    message_key: str  # "checks.smart.time.past"
    values: dict[str, Any] = field(default_factory=dict, hash=False)

    def message(self, lang: str | None = None) -> str:
        formatted = {k: format_date(v, lang or "en") if isinstance(v, date) else v for k, v in self.values.items()}
        if self.code == "numbers.unreadable":  # the field's name in the language: "Target" / "目标值"
            formatted["field"] = t(f"checks.numbers.field.{self.values.get('field', 'target')}", lang)
        return t(self.message_key, lang, **formatted)


def finding(code: str, severity: Severity, **values: Any) -> Finding:
    return Finding(code=code, severity=severity, message_key=f"checks.{code}", values=values)


from perf_tui.checks.facts import check_fact  # noqa: E402  (they use Finding above)
from perf_tui.checks.smart import check_action  # noqa: E402
from perf_tui.checks.whys import check_why_chain  # noqa: E402

__all__ = ["Finding", "Severity", "check_action", "check_fact", "check_why_chain", "finding"]
