"""The record as Markdown, faithful to the form 绩效面谈记录与改进措施表 (see RECORD.md).

Sections, in the form's order: basic information (基本信息) with the interview type as check
boxes; (一) the goals table with direction-aware achievement rates and grades; key events; (二)
achievements with their cases; (三) problems with the 5-Why chain and both views; (四) the
improvement plan; (五) summary, employee comments (员工意见), agreement and signatures
(双方签字确认); the follow-up log (跟踪记录); amendments after sign-off; time planned against
time spent per stage; notes per stage. The private notes are not in the view, so never here.

No raw HTML: the Markdown renders the same with HTML turned off (markdown-it's commonmark preset
with html=False, pandoc, cmark-gfm). A table cell holds one line; what has more (the views and the
5-Why chain, steps, checkpoints, a note typed on several lines) moves into a list under the table,
keyed by the row's number ("#" column), and its cell says "(see below)".

Text the user typed cannot break the layout:
- every ASCII character Markdown gives meaning inside a line (\\ ` * _ [ ] < > | ~, and & when it
  would start an entity) is backslash-escaped, so no emphasis, code, link, HTML or table cell
  boundary can come from typed text;
- a table cell is one line (multi-line text moves into the list under the table, see above);
- in paragraphs and list items, each typed line is its own line joined by hard breaks, without
  leading blanks (an indented code block) and with a first character that would start a block
  (# - + = 1. 1)) escaped; blank lines are dropped so a paragraph or list item never ends early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from perf_tui.config import DEFAULT_GRADE_THRESHOLDS
from perf_tui.export.view import RecordView, build_view, clean
from perf_tui.model import Record

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


# --------------------------------------------------------------------------- escaping


def escape_inline(text: str) -> str:
    """One line of typed text, safe anywhere inside a Markdown line or table cell."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY_START.sub(r"\\&", text)


def _lines(text: str) -> list[str]:
    """The typed lines of `text`, stripped, without the blank lines around them."""
    lines = [line.strip() for line in clean(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def escape_cell(text: str) -> str:
    """Typed one-line text as a table cell: escaped, never a cell boundary. (The tables below put
    text with more lines under the table; should some reach a cell, its lines are joined by
    spaces rather than by HTML.)"""
    return " ".join(escape_inline(line) for line in _lines(text) if line)


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
    """A GFM table: headers are labels (escaped here), row cells are already escaped one-liners."""
    head = [escape_inline(h) for h in headers]
    lines = [_cells(*head), "|" + "|".join("---" for _ in head) + "|"]
    lines.extend(_cells(*row) for row in rows)
    return lines


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


# --------------------------------------------------------------------------- tables with details
# A cell of a table with details is one of these. What does not fit on one line moves into the list
# under the table, under the row's key; its cell says "(see below)".


@dataclass(frozen=True)
class Inline:
    """Already escaped one-line Markdown (labels, numbers): always in the cell."""
    markdown: str


@dataclass(frozen=True)
class Typed:
    """Text a person typed: in the cell when it is one line, under the table when it has more."""
    text: str


@dataclass(frozen=True)
class Items:
    """A list (steps, checkpoints, the 5-Why chain): always under the table, numbered or not."""
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Group:
    """Several labelled parts in one column (the cause analysis: both views and the 5 Whys): under
    the table, one entry per part that is not empty."""
    parts: tuple[tuple[str, Typed | Items], ...]


Cell = Inline | Typed | Items | Group


def _items(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v for v in values if _lines(v))


def _moves(cell: Cell) -> bool:
    if isinstance(cell, Typed):
        return len(_lines(cell.text)) > 1
    if isinstance(cell, Items):
        return bool(_items(cell.items))
    if isinstance(cell, Group):
        return any(_moves(part) or (isinstance(part, Typed) and _lines(part.text)) for _, part in cell.parts)
    return False


def _cell_markdown(cell: Cell) -> str:
    if isinstance(cell, Inline):
        return cell.markdown
    if isinstance(cell, Typed):
        return escape_cell(cell.text)
    return ""


def _detail_entries(label: str, cell: Cell, lang: str, indent: str) -> list[str]:
    """List items (at `indent`) for one cell that moved under the table."""
    if isinstance(cell, Group):
        out: list[str] = []
        for part_label, part in cell.parts:
            if isinstance(part, Items) and _items(part.items) or isinstance(part, Typed) and _lines(part.text):
                out += _detail_entries(part_label, part, lang, indent)
        return out
    head = f"{indent}- {escape_inline(label)}{_colon(lang).rstrip()}"
    if isinstance(cell, Typed):
        body = escape_paragraph(cell.text, indent=indent + "  ")
        return [f"{head}{'' if lang == 'zh' else ' '}{body}"]
    assert isinstance(cell, Items)
    lines = [head]
    inner = indent + "  "
    for number, item in enumerate(_items(cell.items), 1):
        marker = f"{number}. " if cell.ordered else "- "
        lines.append(inner + marker + escape_paragraph(item, indent=inner + " " * len(marker)))
    return lines


def _row_title(row: list[Cell]) -> str:
    """" " and the first line of the row's first typed text, to name the row in the list."""
    for cell in row:
        if isinstance(cell, Typed) and _lines(cell.text):
            return " " + escape_inline(_lines(cell.text)[0])
    return ""


def table_with_details(view: RecordView, headers: list[str], rows: list[list[Cell]], *,
                       keys: list[str] | None = None, extra: list[list[str]] | None = None) -> list[str]:
    """A table whose cells are one line each, then the list of what did not fit, keyed by row.

    Rows are keyed by their number in a leading "#" column, or by `keys` (escaped labels, e.g. the
    field names of the basic information) when given. `extra` adds, per row, typed lines that are
    only shown under the table (e.g. the goals a measure addresses)."""
    see_below = escape_inline(view.label("details.see_below"))
    numbered = keys is None
    row_keys = [str(n) for n in range(1, len(rows) + 1)] if numbered else list(keys or [])
    body, details = [], []
    for index, (key, row) in enumerate(zip(row_keys, rows)):
        cells = [see_below if _moves(cell) else _cell_markdown(cell) for cell in row]
        body.append([key, *cells] if numbered else cells)
        entries = []
        for label, cell in zip(headers, row):
            if _moves(cell):
                entries += _detail_entries(label, cell, view.lang, "  ")
        for text in (extra[index] if extra else []):
            if _lines(text):
                entries.append("  - " + escape_paragraph(text, indent="    "))
        if entries:
            details += [f"- **{key}**{_row_title(row) if numbered else ''}", *entries]
    lines = table(["#", *headers] if numbered else headers, body)
    return [*lines, "", *details, ""] if details else [*lines, ""]


def _number(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- sections


def _basic(view: RecordView) -> list[str]:
    rows: list[list[Cell]] = [[Inline(escape_inline(row.label)), Typed(row.value)] for row in view.basic]
    return [f"## {view.label('section.basic')}", "",
            *table_with_details(view, [view.label("col.field"), view.label("col.value")], rows,
                                keys=[escape_inline(row.label) for row in view.basic])]


def _goals(view: RecordView, thresholds: Mapping[str, float] | None) -> list[str]:
    headers = [view.label(f"goal.{k}") for k in ("name", "target", "actual", "rate", "grade", "notes")]
    rows: list[list[Cell]] = [[Typed(g.name), Typed(g.target), Typed(g.actual), Typed(g.rate_text),
                               Typed(g.grade_text), Typed(g.notes)] for g in view.goals]
    limits = {**DEFAULT_GRADE_THRESHOLDS, **(thresholds or {})}
    note = view.label("goals.direction_note", a=_number(limits["A"]), b=_number(limits["B"]),
                      c=_number(limits["C"]))
    return [f"## {view.label('section.goals')}", "", *table_with_details(view, headers, rows),
            escape_paragraph(note), ""]


def _key_events(view: RecordView) -> list[str]:
    if not view.key_events:
        return []
    headers = [view.label("event.date"), view.label("event.kind"), view.label("event.fact")]
    rows: list[list[Cell]] = [[Typed(e.date_text), Typed(e.polarity_label), Typed(e.fact)] for e in view.key_events]
    return [f"### {view.label('section.key_events')}", "", *table_with_details(view, headers, rows)]


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
    rows: list[list[Cell]] = []
    for p in view.problems:
        cause = Group((
            (view.label("problem.employee_view"), Typed(p.employee_view)),
            (view.label("problem.supervisor_view"), Typed(p.supervisor_view)),
            (view.label("problem.whys"), Items(tuple(p.whys), ordered=True)),
        ))
        rows.append([Typed(p.description), cause])
    return [f"## {view.label('section.problems')}", "", *table_with_details(view, headers, rows)]


def _plan(view: RecordView) -> list[str]:
    headers = [view.label(f"action.{k}") for k in ("measure", "steps", "owner", "deadline", "support", "checkpoints")]
    rows: list[list[Cell]] = []
    extra: list[list[str]] = []
    for a in view.actions:
        checkpoints = tuple(_colon(view.lang).join(part for part in (c.date_text, c.description.strip()) if part)
                            for c in a.checkpoints)
        rows.append([Typed(a.measure), Items(tuple(a.steps), ordered=True), Typed(a.owner), Typed(a.deadline_text),
                     Typed(a.support), Items(checkpoints)])
        separator = "；" if view.lang == "zh" else "; "
        extra.append([view.label("action.addresses", items=separator.join(a.addresses)) if a.addresses else "",
                      view.label("action.carried_over") if a.carried_over else ""])
    return [f"## {view.label('section.plan')}", "", *table_with_details(view, headers, rows, extra=extra)]


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
    rows: list[list[Cell]] = [
        [Inline(escape_inline(s.role_label)),
         Typed(s.name) if _lines(s.name) else Inline(escape_inline(view.label("sign.unsigned"))),
         Typed(s.signed_at_text)] for s in view.signatures]
    lines += [f"### {view.label('section.signatures')}", "",
              *table_with_details(view, headers, rows, keys=[escape_inline(s.role_label) for s in view.signatures])]
    return lines


def _follow_up(view: RecordView) -> list[str]:
    headers = [view.label(f"followup.{k}") for k in ("measure", "checkpoint", "date", "status", "note")]
    rows: list[list[Cell]] = [[Typed(r.measure), Typed(r.checkpoint), Typed(r.date_text), Typed(r.status_label),
                               Typed(r.note)] for r in view.follow_up]
    return [f"## {view.label('section.followup')}", "", *table_with_details(view, headers, rows)]


def _amendments(view: RecordView) -> list[str]:
    if not view.amendments:
        return []
    headers = [view.label(f"amend.{k}") for k in ("at", "author", "section", "text")]
    rows: list[list[Cell]] = [[Typed(a.at_text), Typed(a.author), Typed(a.section), Typed(a.text)]
                              for a in view.amendments]
    return [f"## {view.label('section.amendments')}", "", *table_with_details(view, headers, rows)]


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
