"""The setup screen: prepare one interview before it starts (PRODUCT.md part 2, issue 4 item 7).

One scrollable form in three sections, all by keys:
1. Basic information (基本信息): who, when, where, which period, type, level, planned minutes.
2. Goals and targets: a table with an editor below it, and an import from a CSV file.
3. Before the meeting: the form's checklist, the key events (facts, not adjectives), and the
   open actions of this employee's previous session, carried in for review with one key.

Every keystroke goes into the record and `app.record_changed(record)` (autosave off the UI
loop); text is stored as typed and a message in place says when it is not understood.
"""

from __future__ import annotations

from datetime import date

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Input, Label, Select, Static

from perf_tui import dates
from perf_tui.bindings import Translated
from perf_tui.goals_csv import ImportResult, read_goals_csv
from perf_tui.i18n import current_language, t, t_count
from perf_tui.model import CHECKLIST_ITEMS, InterviewType, Record, RoleLevel, Status
from perf_tui.widgets.setup_checklist import ChecklistItem
from perf_tui.widgets.setup_carry import CarryInPanel, carry_in, carry_in_text, employee_key, find_previous
from perf_tui.widgets.setup_events import EventsEditor
from perf_tui.widgets.textual_words import LocalSelect
from perf_tui.widgets.setup_fields import (
    check_date,
    check_period_dates,
    check_times,
    parse_clock_time,
    read_minutes,
)
from perf_tui.widgets.setup_goals import GoalsEditor
from perf_tui.widgets.setup_rows import FormInput, RecordEdited, field_input, set_quietly
from perf_tui.widgets.quiet import QuietFooter
from perf_tui.widgets.typing import bound_action, keep_in_view

MAX_IMPORT_LINES = 4
CARRY_KEY = "Ctrl+R / F6"

# input id -> (record attribute path) for the fields stored exactly as typed
_PLAIN_FIELDS = {
    "employee-name": ("employee", "name"),
    "employee-position": ("employee", "position"),
    "supervisor-name": ("supervisor", "name"),
    "supervisor-position": ("supervisor", "position"),
    "location": ("location",),
    "period": ("period",),
    "type-other": ("interview_type_other",),
}
# input id -> the message line of its row
_MESSAGE_OF = {
    "employee-name": "msg-employee",
    "date": "msg-when", "start-time": "msg-when", "end-time": "msg-when",
    "period": "msg-period", "period-start": "msg-period", "period-end": "msg-period",
    "type-other": "msg-type",
    "minutes": "msg-level",
}


def show_text(widget: Static, text: str, hide_empty: bool = True) -> None:
    """Update a message only when it changes: every update of an auto-sized widget costs a
    relayout of the whole form, and this runs on every keystroke."""
    if getattr(widget, "_shown_text", None) != text:
        widget._shown_text = text  # type: ignore[attr-defined]
        widget.update(text)
    if hide_empty and widget.display != bool(text):
        widget.display = bool(text)


def _get(record: Record, path: tuple[str, ...]) -> str:
    target = record
    for name in path[:-1]:
        target = getattr(target, name)
    return getattr(target, path[-1])


def _set(record: Record, path: tuple[str, ...], value: str) -> None:
    target = record
    for name in path[:-1]:
        target = getattr(target, name)
    setattr(target, path[-1], value)


class SetupScreen(Translated, Screen):
    # styles/setup.tcss is loaded app-wide with the other areas' files (app._styles)

    BINDINGS = [
        Binding("ctrl+g,f5", "start_meeting", "setup.key.start", tooltip="setup.key.start.tip",
                id="setup.start", priority=True),
        Binding("ctrl+n,f2", "add_goal", "setup.key.add_goal", tooltip="setup.key.add_goal.tip",
                id="setup.add_goal", priority=True),
        Binding("ctrl+l,f3", "add_event", "setup.key.add_event", tooltip="setup.key.add_event.tip",
                id="setup.add_event", priority=True),
        Binding("ctrl+o,f4", "import_csv", "setup.key.import", tooltip="setup.key.import.tip",
                id="setup.import", priority=True),
        Binding("ctrl+r,f6", "carry_in", "setup.key.carry", tooltip="setup.key.carry.tip",
                id="setup.carry", priority=True),
        Binding("alt+1,f7", "jump('basic')", "setup.key.jump_basic", tooltip="setup.key.jump_basic.tip",
                id="setup.jump_basic", priority=True, show=False),
        Binding("alt+2,f8", "jump('goals')", "setup.key.jump_goals", tooltip="setup.key.jump_goals.tip",
                id="setup.jump_goals", priority=True, show=False),
        Binding("alt+3,f9", "jump('prep')", "setup.key.jump_prep", tooltip="setup.key.jump_prep.tip",
                id="setup.jump_prep", priority=True, show=False),
        Binding("escape", "back", "setup.key.back", tooltip="setup.key.back.tip", id="setup.back"),
    ]

    def __init__(self, record: Record, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record = record
        self.previous: Record | None = None
        self.looked_up = False
        # The dates the period gave last: dates still equal to them (or empty) follow the period;
        # dates typed by hand are kept. Reopened, that is what the stored period gives.
        self._derived_period: tuple[str, str] = _period_dates(record.period)
        self._period_text = record.period  # the Input's first Changed (on mount) is no edit
        self._minutes_on_entry = record.planned_minutes

    # ------------------------------------------------------------------ composition

    @property
    def today(self) -> date:
        return self.app.clock().date()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup-form"):
            yield from self._compose_basic()
            yield from self._compose_goals()
            yield from self._compose_preparation()
        yield QuietFooter()

    def _input(self, field_id: str, value: str, placeholder_key: str, classes: str = "") -> Input:
        return field_input(field_id, placeholder_key, value, classes)

    def _label(self, key: str, inline: bool = False) -> Label:
        return Label(t(key), classes="setup-label-inline" if inline else "setup-label")

    def _message(self, message_id: str) -> Static:
        message = Static("", id=message_id, classes="setup-message")
        message.display = False
        return message

    def _compose_basic(self) -> ComposeResult:
        r = self.record
        yield Static(t("setup.section.basic"), id="section-basic", classes="setup-heading")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.employee")
            yield self._input("employee-name", r.employee.name, "setup.placeholder.name")
            yield self._input("employee-position", r.employee.position, "setup.placeholder.position")
        yield self._message("msg-employee")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.supervisor")
            yield self._input("supervisor-name", r.supervisor.name, "setup.placeholder.name")
            yield self._input("supervisor-position", r.supervisor.position, "setup.placeholder.position")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.date")
            yield self._input("date", r.date, "setup.placeholder.date", "setup-w12")
            yield self._label("setup.label.time", inline=True)
            yield self._input("start-time", r.start_time, "setup.placeholder.start", "setup-w7")
            yield Label("–", classes="setup-label-inline")
            yield self._input("end-time", r.end_time, "setup.placeholder.end", "setup-w7")
            yield self._label("setup.label.location", inline=True)
            yield self._input("location", r.location, "setup.placeholder.location")
        yield self._message("msg-when")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.period")
            yield self._input("period", r.period, "setup.placeholder.period", "setup-w12")
            yield self._label("setup.label.period_from", inline=True)
            yield self._input("period-start", r.period_start, "setup.placeholder.period_start", "setup-w12")
            yield self._label("setup.label.period_to", inline=True)
            yield self._input("period-end", r.period_end, "setup.placeholder.period_end", "setup-w12")
        yield self._message("msg-period")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.type")
            yield LocalSelect(
                [(t(f"type.{kind}"), kind.value) for kind in InterviewType],
                value=self._enum_value(r.interview_type, InterviewType),
                allow_blank=False, compact=True, id="interview-type", classes="setup-w30",
            )
            other = self._input("type-other", r.interview_type_other, "setup.placeholder.type_other")
            other.display = r.interview_type == InterviewType.OTHER
            yield other
        yield self._message("msg-type")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.label.level")
            yield LocalSelect(
                [(t(f"level.{level}"), level.value) for level in RoleLevel],
                value=self._enum_value(r.role_level, RoleLevel),
                allow_blank=False, compact=True, id="role-level", classes="setup-w22",
            )
            yield self._label("setup.label.minutes", inline=True)
            yield FormInput(value=str(r.planned_minutes), id="minutes", type="integer", max_length=3,
                            compact=True, classes="setup-w5")
            yield Static("", id="minutes-hint", classes="setup-hint-inline")
        yield self._message("msg-level")

    @staticmethod
    def _enum_value(value, enum_type) -> str:
        return str(value) if str(value) in enum_type._value2member_map_ else next(iter(enum_type)).value

    def _compose_goals(self) -> ComposeResult:
        yield Static(t("setup.section.goals"), id="section-goals", classes="setup-heading")
        yield GoalsEditor(self.record, id="goals")
        with Horizontal(classes="setup-row"):
            yield self._label("setup.csv.label")
            yield field_input("csv-path", "setup.csv.placeholder", moves_on_enter=False)
        result = Static("", id="csv-result", classes="setup-hint")
        result.display = False
        yield result

    def _compose_preparation(self) -> ComposeResult:
        yield Static(self._checklist_heading(), id="section-prep", classes="setup-heading")
        for item in CHECKLIST_ITEMS:
            yield ChecklistItem(t(f"checklist.{item}"), value=bool(self.record.checklist.get(item)),
                                id=f"check-{item}", compact=True, classes="setup-check")
        yield Static(t("setup.section.events"), id="section-events", classes="setup-subheading")
        yield EventsEditor(self.record, today=self.today, id="events")
        yield Static(t("setup.section.carry"), id="section-carry", classes="setup-subheading")
        yield CarryInPanel("", id="carry-panel", classes="setup-hint")

    def _checklist_heading(self) -> str:
        done = sum(1 for item in CHECKLIST_ITEMS if self.record.checklist.get(item))
        return t("setup.section.checklist", done=done, total=len(CHECKLIST_ITEMS))

    def on_mount(self) -> None:
        self.sub_title = t("setup.title")
        self._show_minutes_message(final=False)
        self._update_type_message()
        self._mark_stored_dates_suggested()
        self.query_one("#employee-name", Input).focus()
        self._refresh_carry_panel()
        self.look_up_previous()

    # ------------------------------------------------------------------ saving

    def _changed(self) -> None:
        self.app.record_changed(self.record)

    @on(RecordEdited)
    def _on_rows_edited(self, event: RecordEdited) -> None:
        event.stop()
        self._changed()

    # ------------------------------------------------------------------ basic information

    @on(Input.Changed)
    def _on_input_changed(self, event: Input.Changed) -> None:
        field_id = event.input.id or ""
        if field_id == "csv-path" or field_id not in _MESSAGE_OF and field_id not in _PLAIN_FIELDS:
            return
        event.stop()
        self._store(field_id, event.value)
        self._update_message(field_id, final=False)
        self._changed()

    def _store(self, field_id: str, value: str) -> None:
        record = self.record
        if field_id in _PLAIN_FIELDS:
            _set(record, _PLAIN_FIELDS[field_id], value)
            if field_id == "period":
                self._derive_period(value)
            if field_id == "employee-name":
                self._refresh_carry_panel()
        elif field_id in ("date", "period-start", "period-end"):
            if field_id != "date":
                self._mark_suggested(self.query_one(f"#{field_id}", Input),
                                     bool(value) and value == self._suggested_date(field_id))
            parsed = dates.parse_date(value, self.today, current_language()) if value.strip() else None
            stored = parsed.isoformat() if parsed else value  # as typed when not understood
            attribute = {"date": "date", "period-start": "period_start", "period-end": "period_end"}[field_id]
            setattr(record, attribute, stored)
        elif field_id in ("start-time", "end-time"):
            stored = parse_clock_time(value) or value
            setattr(record, "start_time" if field_id == "start-time" else "end_time", stored)
        elif field_id == "minutes":
            minutes, _message = read_minutes(value)
            # "200" passes through a valid "20" on its way: an invalid entry restores the length
            # the field had when it was entered, not the last keystroke that happened to be valid
            record.planned_minutes = minutes if minutes is not None else self._minutes_on_entry

    def _derive_period(self, text: str) -> None:
        """Fill the period's dates from "2024 Q3", unless the person typed their own dates."""
        if text == self._period_text:
            return
        self._period_text = text
        span = dates.parse_period(text)
        if span is None:
            return
        start_input = self.query_one("#period-start", Input)
        end_input = self.query_one("#period-end", Input)
        untouched = {"", *self._derived_period}
        if start_input.value not in untouched or end_input.value not in untouched:
            return
        first, last = span[0].isoformat(), span[1].isoformat()
        for widget, value in ((start_input, first), (end_input, last)):
            set_quietly(widget, value)
            self._mark_suggested(widget, True)
        self.record.period_start, self.record.period_end = first, last
        self._derived_period = (first, last)
        self._update_message("period-start", final=False)

    def _suggested_date(self, field_id: str) -> str:
        """What the period as typed gives for "period-start" / "period-end" (ISO), or ""."""
        first, last = _period_dates(self.record.period)
        return first if field_id == "period-start" else last

    def _mark_stored_dates_suggested(self) -> None:
        """Reopened: dates that are exactly what the period gives are still its suggestion."""
        for field_id in ("period-start", "period-end"):
            widget = self.query_one(f"#{field_id}", Input)
            self._mark_suggested(widget, bool(widget.value) and widget.value == self._suggested_date(field_id))

    @staticmethod
    def _mark_suggested(widget: Input, suggested: bool) -> None:
        """A date filled in from the period is a suggestion: entering the field selects it, so the
        first key typed replaces it (appended to it, "2025-01-01" + "2025-02-01" was nonsense);
        arrows or End keep it for editing. Once the person has typed in the field it is theirs
        and the cursor lands at the end again, never on a selection a key would replace."""
        widget.select_on_focus = suggested

    def _row_problem(self, message_id: str) -> str | None:
        """The catalog key of what is wrong in one row of the form, or None."""
        def value(field_id: str) -> str:  # the row's own fields only: this runs on every key
            return self.query_one(f"#{field_id}", Input).value

        lang, today = current_language(), self.today
        if message_id == "msg-when":
            return check_date(value("date"), today, lang) or check_times(value("start-time"), value("end-time"))
        if message_id == "msg-period":
            return check_period_dates(value("period-start"), value("period-end"), today, lang)
        return None

    def _update_message(self, field_id: str, final: bool) -> None:
        message_id = _MESSAGE_OF.get(field_id)
        if message_id == "msg-level":
            self._show_minutes_message(final)
        elif message_id == "msg-type":
            self._update_type_message()
        elif message_id == "msg-employee":
            if self.record.employee.name.strip():
                self._set_message("msg-employee", "")
        elif message_id:
            problem = self._row_problem(message_id)
            # while typing, a message only ever goes away; a new one waits until the field is left
            if problem is None or final:
                self._set_message(message_id, t(problem) if problem else "")

    def _set_message(self, message_id: str, text: str) -> None:
        show_text(self.query_one(f"#{message_id}", Static), text)

    def _show_minutes_message(self, final: bool) -> None:
        minutes, problem = read_minutes(self.query_one("#minutes", Input).value)
        hint = self.query_one("#minutes-hint", Static)
        if minutes is not None:
            show_text(hint, t(problem) if problem else t("setup.hint.minutes_ok"), hide_empty=False)
            self._set_message("msg-level", "")
        elif final or problem == "setup.invalid.minutes_range":
            show_text(hint, "", hide_empty=False)
            self._set_message("msg-level", t(problem) if problem else "")

    def _update_type_message(self) -> None:
        needs_text = self.record.interview_type == InterviewType.OTHER and not self.record.interview_type_other.strip()
        self._set_message("msg-type", t("setup.hint.type_other") if needs_text else "")

    def on_descendant_focus(self, event) -> None:
        keep_in_view(event.widget)
        if getattr(event.widget, "id", None) == "minutes":
            self._minutes_on_entry = self.record.planned_minutes

    @on(Input.Blurred)
    def _on_input_blurred(self, event: Input.Blurred) -> None:
        field_id = event.input.id or ""
        if field_id in _MESSAGE_OF:
            self._normalise_display(event.input)
            self._update_message(field_id, final=True)
        if field_id == "employee-name":
            self.look_up_previous()

    @on(Input.Submitted)
    def _on_input_submitted(self, event: Input.Submitted) -> None:
        field_id = event.input.id or ""
        if field_id == "csv-path":
            event.stop()
            self.import_goals(event.value)
        elif field_id in _MESSAGE_OF or field_id in _PLAIN_FIELDS:
            event.stop()
            self.focus_next()

    def _normalise_display(self, widget: Input) -> None:
        """Show a date or time as it was understood (2024-10-20, 14:00) once the field is left."""
        field_id = widget.id or ""
        understood = None
        if field_id in ("date", "period-start", "period-end") and widget.value.strip():
            parsed = dates.parse_date(widget.value, self.today, current_language())
            understood = parsed.isoformat() if parsed else None
        elif field_id in ("start-time", "end-time"):
            understood = parse_clock_time(widget.value)
        if understood and understood != widget.value:
            set_quietly(widget, understood)

    @on(Select.Changed, "#interview-type")
    def _on_type_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == self.record.interview_type:
            return  # the Select announcing its first value
        self.record.interview_type = InterviewType(event.value)
        other = self.query_one("#type-other", Input)
        other.display = self.record.interview_type == InterviewType.OTHER
        self._update_type_message()
        self._changed()

    @on(Select.Changed, "#role-level")
    def _on_level_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == self.record.role_level:
            return
        self.record.role_level = RoleLevel(event.value)
        self._changed()

    @on(Checkbox.Changed, ".setup-check")
    def _on_check_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        item = (event.checkbox.id or "").removeprefix("check-")
        self.record.checklist[item] = event.value
        self.query_one("#section-prep", Static).update(self._checklist_heading())
        self._changed()

    # ------------------------------------------------------------------ goals import

    def action_import_csv(self) -> None:
        self.query_one("#csv-path", Input).focus()

    @work(thread=True, exclusive=True, group="setup-csv")
    def import_goals(self, path: str) -> None:
        result = read_goals_csv(path)
        self.app.call_from_thread(self._apply_import, result, path)

    def _apply_import(self, result: ImportResult, path: str) -> None:
        goals = self.query_one(GoalsEditor)
        goals.prune_blank()
        self.record.goals.extend(result.goals)
        if result.goals:
            goals.rebuild(focus_id=result.goals[0].id)
            self._changed()
        lines = []
        if result.goals:
            lines.append(t("setup.csv.imported", count=len(result.goals)))
        for issue in result.issues[:MAX_IMPORT_LINES]:
            lines.append(t(issue.key, row=issue.row, value=issue.value))
        if len(result.issues) > MAX_IMPORT_LINES:
            lines.append(t("setup.csv.more_issues", count=len(result.issues) - MAX_IMPORT_LINES))
        panel = self.query_one("#csv-result", Static)
        panel.update("\n".join(lines))
        panel.display = bool(lines)
        panel.set_class(not result.goals, "setup-error")

    # ------------------------------------------------------------------ carry-in

    @work(thread=True, exclusive=True, group="setup-previous")
    def look_up_previous(self) -> None:
        """Find this employee's previous session off the UI loop: list() reads every summary."""
        record = self.record
        previous = None
        summary = find_previous(self.app.repo.list(), record)
        if summary is not None:
            try:
                previous = self.app.repo.get(summary.id)
            except Exception:  # a damaged or vanished file: no carry-in, never a crash
                previous = None
        self.app.call_from_thread(self._set_previous, previous)

    def _set_previous(self, previous: Record | None) -> None:
        self.previous = previous
        self.looked_up = True
        self._refresh_carry_panel()

    def _refresh_carry_panel(self) -> None:
        panel = self.query_one(CarryInPanel)
        if self.previous is not None:
            if employee_key(self.previous.employee.name) != employee_key(self.record.employee.name):
                self.previous, self.looked_up = None, False
        show_text(panel, carry_in_text(self.record, self.previous, CARRY_KEY, self.looked_up), hide_empty=False)

    def action_carry_in(self) -> None:
        if self.previous is None:
            self.notify(t("setup.carry.no_name") if not self.record.employee.name.strip()
                        else t("setup.carry.none"), timeout=3)
            return
        count = carry_in(self.record, self.previous)
        self._changed()
        self._refresh_carry_panel()
        self.notify(t_count("setup.carry.done", count), timeout=3)

    # ------------------------------------------------------------------ moving around

    def holds_typing_after(self, event: events.Event) -> bool:
        """What is typed right after an add key goes into the new row (widgets/typing.py)."""
        return isinstance(event, events.Key) and bound_action(self, event.key) in ("add_goal", "add_event")

    def action_add_goal(self) -> None:
        self.query_one(GoalsEditor).add_row()

    def action_add_event(self) -> None:
        self.query_one(EventsEditor).add_row()

    def action_jump(self, section: str) -> None:
        target: Widget
        if section == "basic":
            target = self.query_one("#employee-name")
        elif section == "goals":
            editor = self.query_one(GoalsEditor)
            target = editor.table if self.record.goals else editor.editor_fields()[0]
        else:
            target = self.query_one(f"#check-{CHECKLIST_ITEMS[0]}")
        target.focus(scroll_visible=False)
        heading = self.query_one(f"#section-{section}")
        # after the refresh, so that the section's heading, not just the field, is at the top
        self.call_after_refresh(heading.scroll_visible, top=True, animate=False)

    def _prune_blank_rows(self) -> None:
        pruned = [editor.prune_blank() for editor in (self.query_one(GoalsEditor), self.query_one(EventsEditor))]
        if any(pruned):
            self._changed()  # now, not via the message: the screen may be leaving

    def action_start_meeting(self) -> None:
        if not self.record.employee.name.strip():
            self._set_message("msg-employee", t("setup.invalid.employee_required"))
            self.action_jump("basic")
            return
        self._prune_blank_rows()
        if self.record.status == Status.DRAFT:
            self.record.status = Status.IN_PROGRESS
        self._changed()
        self.app.flush_save()
        self.app.open_meeting(self.record)

    def action_back(self) -> None:
        self._prune_blank_rows()
        self.app.flush_save()
        self.app.show_home()


def _period_dates(period: str) -> tuple[str, str]:
    """The first and last day (ISO) that a period as typed ("2024 Q3") gives, or ("", "")."""
    span = dates.parse_period(period) if period.strip() else None
    return (span[0].isoformat(), span[1].isoformat()) if span else ("", "")
