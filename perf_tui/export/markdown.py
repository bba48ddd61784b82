"""The record as Markdown, faithful to the form 绩效面谈记录与改进措施表 (see RECORD.md).

Sections, in the form's order: basic information (基本信息) with the interview type as check
boxes; (一) the goals table with direction-aware achievement rates and grades; key events; (二)
achievements with their cases; (三) problems with the 5-Why chain and both views; (四) the
improvement plan; (五) summary, employee comments (员工意见), agreement and signatures
(双方签字确认); the follow-up log (跟踪记录); amendments after sign-off; time planned against
time spent per stage; notes per stage. The private notes are not in the view, so never here.

Text the user typed cannot break the layout:
- every ASCII character Markdown gives meaning inside a line (\\ ` * _ [ ] < > | ~, and & when it
  would start an entity) is backslash-escaped, so no emphasis, code, link, HTML or table cell
  boundary can come from typed text;
- in table cells, newlines become <br> (the only raw HTML this module writes);
- in paragraphs and list items, each typed line is its own line joined by hard breaks, without
  leading blanks (an indented code block) and with a first character that would start a block
  (# - + = 1. 1)) escaped; blank lines are dropped so a paragraph or list item never ends early.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Iterable, Mapping

from perf_tui.config import DEFAULT_GRADE_THRESHOLDS
from perf_tui.export.view import RecordView, build_view, clean
from perf_tui.model import Record

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")
BR = "<br>"


# --------------------------------------------------------------------------- escaping


def escape_inline(text: str) -> str:
    """One line of typed text, safe anywhere inside a Markdown line or table cell."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY_START.sub(r"\\&", text)


def escape_cell(text: str) -> str:
    """Typed text as one table cell: escaped, newlines as <br>, never a cell boundary."""
    lines = [escape_inline(line.strip()) for line in clean(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return BR.join(lines)


def _escape_block_line(line: str) -> str:
    line = escape_inline(line.strip())
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED_START.sub(r"\1\\\2", line)


def escape_paragraph(text: str, indent: str = "") -> str:
    """Typed text as a paragraph (or a list item's body when `indent` is the item's indent)."""
    lines = [_escape_block_line(line) for line in clean(text).split("\n") if line.strip()]
    return ("\\\n" + indent).join(lines)


def _cells(*values: str) -> str:
    """A table row from cells that are already escaped."""
    return "| " + " | ".join(values) + " |"


def table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A GFM table: headers are labels (escaped here), row cells are already escaped."""
    head = [escape_inline(h) for h in headers]
    lines = [_cells(*head), "|" + "|".join("---" for _ in head) + "|"]
    lines.extend(_cells(*row) for row in rows)
    return lines


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _labelled(label: str, text: str, lang: str) -> str:
    """"员工：…" / "Employee: …" inside a cell; nothing when the text is empty."""
    value = escape_cell(text)
    return f"{escape_inline(label)}{_colon(lang)}{value}" if value else ""


def _join_cell(*parts: str) -> str:
    return BR.join(p for p in parts if p)


def _number(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- sections


def _basic(view: RecordView) -> list[str]:
    rows = [[escape_inline(row.label), escape_cell(row.value)] for row in view.basic]
    return [f"## {view.label('section.basic')}", "",
            *table([view.label("col.field"), view.label("col.value")], rows), ""]


def _goals(view: RecordView, thresholds: Mapping[str, float] | None) -> list[str]:
    headers = [view.label(f"goal.{k}") for k in ("name", "target", "actual", "rate", "grade", "notes")]
    rows = [[escape_cell(g.name), escape_cell(g.target), escape_cell(g.actual), escape_cell(g.rate_text),
             escape_cell(g.grade_text), escape_cell(g.notes)] for g in view.goals]
    limits = {**DEFAULT_GRADE_THRESHOLDS, **(thresholds or {})}
    note = view.label("goals.direction_note", a=_number(limits["A"]), b=_number(limits["B"]),
                      c=_number(limits["C"]))
    return [f"## {view.label('section.goals')}", "", *table(headers, rows), "", escape_paragraph(note), ""]


def _key_events(view: RecordView) -> list[str]:
    if not view.key_events:
        return []
    headers = [view.label("event.date"), view.label("event.kind"), view.label("event.fact")]
    rows = [[escape_cell(e.date_text), escape_cell(e.polarity_label), escape_cell(e.fact)] for e in view.key_events]
    return [f"### {view.label('section.key_events')}", "", *table(headers, rows), ""]


def _list_item(number: int, text: str) -> str:
    marker = f"{number}. "
    return marker + escape_paragraph(text, indent=" " * len(marker))


def _achievements(view: RecordView) -> list[str]:
    lines = [f"## {view.label('section.achievements')}", ""]
    items = []
    for a in view.achievements:
        head = " — ".join(part for part in (a.title.strip(), a.case.strip()) if part)
        if head:
            items.append(f"{head}\n（{a.source_label}）" if view.lang == "zh" else f"{head}\n({a.source_label})")
    if not items:
        return [*lines, escape_paragraph(view.label("none")), ""]
    lines.extend(_list_item(i, text) for i, text in enumerate(items, 1))
    return [*lines, ""]


def _problems(view: RecordView) -> list[str]:
    headers = [view.label("problem.description"), view.label("problem.cause")]
    rows = []
    for p in view.problems:
        chain = " → ".join(w.strip().replace("\n", " ") for w in p.whys)
        cause = _join_cell(
            _labelled(view.label("problem.employee_view"), p.employee_view, view.lang),
            _labelled(view.label("problem.supervisor_view"), p.supervisor_view, view.lang),
            _labelled(view.label("problem.whys"), chain, view.lang),
        )
        rows.append([escape_cell(p.description), cause])
    return [f"## {view.label('section.problems')}", "", *table(headers, rows), ""]


def _plan(view: RecordView) -> list[str]:
    headers = [view.label(f"action.{k}") for k in ("measure", "steps", "owner", "deadline", "support", "checkpoints")]
    rows = []
    for a in view.actions:
        measure = _join_cell(
            escape_cell(a.measure),
            escape_cell(view.label("action.addresses", items=("；" if view.lang == "zh" else "; ").join(a.addresses))) if a.addresses else "",
            escape_cell(view.label("action.carried_over")) if a.carried_over else "",
        )
        steps = BR.join(f"{i}\\. {escape_cell(s)}" for i, s in enumerate(a.steps, 1))
        checkpoints = BR.join(
            escape_cell(_colon(view.lang).join(part for part in (c.date_text, c.description.strip()) if part))
            for c in a.checkpoints if c.date_text or c.description.strip()
        )
        rows.append([measure, steps, escape_cell(a.owner), escape_cell(a.deadline_text), escape_cell(a.support),
                     checkpoints])
    return [f"## {view.label('section.plan')}", "", *table(headers, rows), ""]


def _paragraph_or_none(view: RecordView, text: str) -> str:
    return escape_paragraph(text) or escape_paragraph(view.label("none"))


def _confirmation(view: RecordView) -> list[str]:
    lines = [f"## {view.label('section.confirmation')}", ""]
    lines += [f"### {view.label('section.summary')}", "", _paragraph_or_none(view, view.summary), ""]
    lines += [f"### {view.label('section.comments')}", "", _paragraph_or_none(view, view.employee_comments), ""]
    lines += [f"### {view.label('section.agreement')}", "",
              escape_paragraph(view.label("agreement.position", agreement=view.agreement_label)), ""]
    if view.agreement_reason.strip():
        lines += [escape_paragraph(view.label("agreement.reason", reason=view.agreement_reason)), ""]
    lines += [f"*{escape_inline(view.label('agreement.note'))}*", ""]
    headers = [view.label("sign.role"), view.label("sign.name"), view.label("sign.time")]
    rows = [[escape_inline(s.role_label), escape_cell(s.name) or escape_inline(view.label("sign.unsigned")),
             escape_cell(s.signed_at_text)] for s in view.signatures]
    lines += [f"### {view.label('section.signatures')}", "", *table(headers, rows), ""]
    return lines


def _follow_up(view: RecordView) -> list[str]:
    headers = [view.label(f"followup.{k}") for k in ("measure", "checkpoint", "date", "status", "note")]
    rows = [[escape_cell(r.measure), escape_cell(r.checkpoint), escape_cell(r.date_text),
             escape_cell(r.status_label), escape_cell(r.note)] for r in view.follow_up]
    return [f"## {view.label('section.followup')}", "", *table(headers, rows), ""]


def _amendments(view: RecordView) -> list[str]:
    if not view.amendments:
        return []
    headers = [view.label(f"amend.{k}") for k in ("at", "author", "section", "text")]
    rows = [[escape_cell(a.at_text), escape_cell(a.author), escape_cell(a.section), escape_cell(a.text)]
            for a in view.amendments]
    return [f"## {view.label('section.amendments')}", "", *table(headers, rows), ""]


def _timing(view: RecordView) -> list[str]:
    headers = [view.label("timing.stage"), view.label("timing.planned"), view.label("timing.actual")]
    rows = [[escape_inline(s.label), str(s.planned_minutes), str(s.actual_minutes)] for s in view.stage_times]
    rows.append([escape_inline(view.label("timing.total")), str(view.total_planned_minutes),
                 str(view.total_actual_minutes)])
    return [f"## {view.label('section.timing')}", "", *table(headers, rows), ""]


def _stage_notes(view: RecordView) -> list[str]:
    if not view.stage_notes:
        return []
    lines = [f"## {view.label('section.stage_notes')}", ""]
    for note in view.stage_notes:
        lines += [f"### {escape_inline(note.label)}", "", escape_paragraph(note.text), ""]
    return lines


def _footer(view: RecordView) -> list[str]:
    footer = view.label("footer", id=view.record_id, status=view.status_label, at=view.exported_at_text)
    filed = (view.label("footer.filed", at=view.filed_with_hr_text) if view.filed_with_hr_text
             else view.label("footer.not_filed"))
    return ["---", "", escape_paragraph(footer + "\n" + filed), ""]


def render_view(view: RecordView, thresholds: Mapping[str, float] | None = None) -> str:
    """The Markdown of an already built view (html and eml reuse it)."""
    lines = [f"# {view.title}", ""]
    for section in (
        _basic(view), _goals(view, thresholds), _key_events(view), _achievements(view), _problems(view),
        _plan(view), _confirmation(view), _follow_up(view), _amendments(view), _timing(view),
        _stage_notes(view), _footer(view),
    ):
        lines.extend(section)
    return "\n".join(lines).rstrip("\n") + "\n"


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    """The record as Markdown in `lang`. Never contains the private notes."""
    return render_view(build_view(record, lang, thresholds, now, weights), thresholds)
