"""The meeting screen: the five stages, their clock, the editors, the notes and the prompts.

    ┌ employee · period · type ───────────────────────── 15:02/60:00 ┐
    │ Agenda                  │ 2/5 Performance review               │
    │ ✓ 1 Opening  05:10/05:10│  (the stage's editor)                │
    │ ▶ 2 Review   09:52/15:39│                                      │
    │ ...                     ├──────────── Notes · Review ──────────┤
    │ Prompts 2/7             │  (the stage's free notes)            │
    │ ★ What went best ...    │                                      │
    └ footer: keys ───────────────────────────────────────────────────┘

Every key works while the cursor is in a text field (the bindings are priority bindings, on keys
that text fields do not use); each ctrl/alt key has an F-key twin for plain terminals and tmux.

Data flow: a field writes into `self.record` and posts `Edited`; this screen calls
`app.record_changed(record)` (autosave off the UI loop). Moving to another stage moves the
MeetingClock (agenda.py) and calls `app.flush_save()`. The clock is read only through
`app.clock`; `refresh_clock()` runs once a second and after every key that moves the clock.

States: `read_only` (the session is open in another copy of the app) disables every edit and
the clock, with a banner. When both have signed, the record is locked: the editors turn
read-only, the clock stops, and Ctrl+O / F11 adds a dated amendment instead of a row.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Static

from perf_tui.agenda import DEFAULT_MAX_GAP_S, MeetingClock, format_duration
from perf_tui.bindings import Translated
from perf_tui.clock import iso, parse_iso
from perf_tui.i18n import current_language, t
from perf_tui.model import STAGES, Amendment, Record, Stage, Status
from perf_tui.text import truncate
from perf_tui.widgets.agenda_panel import AgendaPanel
from perf_tui.widgets.editors.action_planning import ActionPlanningEditor
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.editors.confirmation import ConfirmationEditor, SignedOff, stamp_text
from perf_tui.widgets.editors.opening import OpeningEditor
from perf_tui.widgets.editors.review import ReviewEditor
from perf_tui.widgets.editors.root_cause import RootCauseEditor
from perf_tui.widgets.fields import Edited, first_focusable, has_content
from perf_tui.widgets.notes_panel import AmendmentInput, NotesPanel
from perf_tui.widgets.prompt_panel import PromptPanel
from perf_tui.widgets.quiet import QuietFooter, update_if_changed

EDITORS: tuple[type[StageEditor], ...] = (OpeningEditor, ReviewEditor, RootCauseEditor,
                                          ActionPlanningEditor, ConfirmationEditor)

# When this process last showed a session's meeting screen: leaving the screen (or the app) for
# longer than DEFAULT_MAX_GAP_S counts as a break, not as meeting time (MeetingClock.resume_after_gap).
_last_seen: dict[str, datetime] = {}


def _key(keys: str, action: str, name: str, binding_id: str, *, show: bool = True,
         priority: bool = True) -> Binding:
    # One key_display for all of a binding's keys, so that the footer always names the ctrl key
    # (F-key twins are listed on the help screen and in the hints).
    first = keys.split(",")[0]
    display = f"^{first.removeprefix('ctrl+')}" if first.startswith("ctrl+") else first.upper()
    return Binding(keys, action, f"meeting.key.{name}", tooltip=f"meeting.key.{name}.tip", id=binding_id,
                   show=show, priority=priority, key_display=display)


class MeetingScreen(Translated, Screen):
    AUTO_FOCUS = ""  # none: on_mount puts the cursor in the current stage's editor (or notes)

    BINDINGS = [
        _key("ctrl+n,f8", "next_stage", "next_stage", "next_stage"),
        _key("ctrl+b,f7", "previous_stage", "previous_stage", "previous_stage", show=False),
        *(_key(f"alt+{n}", f"go_stage({n})", f"stage_{n}", f"stage_{n}", show=False) for n in range(1, 6)),
        _key("ctrl+g,f5", "prompt_insert", "prompt_insert", "prompt_insert", show=False),
        _key("ctrl+t,f6", "prompt_asked", "prompt_asked", "prompt_asked", show=False),
        _key("ctrl+f,f4", "prompt_move(1)", "prompt_next", "prompt_next", show=False),
        _key("f3", "prompt_move(-1)", "prompt_previous", "prompt_previous", show=False),
        _key("ctrl+r,f9", "toggle_clock", "toggle_clock", "toggle_clock"),
        _key("ctrl+o,f11", "add_row", "add_row", "add_row"),
        _key("ctrl+o,f11", "amend", "amend", "amend"),
        _key("f12", "remove_row", "remove_row", "remove_row", show=False),
        _key("ctrl+l,f10", "toggle_private", "toggle_private", "toggle_private"),
        _key("f2", "switch_focus", "switch_focus", "switch_focus", show=False),
        _key("escape", "leave", "leave", "leave_meeting", show=False, priority=False),
    ]

    # Why a read-only screen is read-only (the app sets another key for a read-only data folder).
    read_only_banner_key = "meeting.banner.read_only"

    def __init__(self, record: Record, read_only: bool = False) -> None:
        super().__init__()
        self.record = record
        self.read_only = read_only
        try:
            self.stage = Stage(record.timing.current_stage)
        except ValueError:
            self.stage = Stage.OPENING
        self.meeting_clock: MeetingClock | None = None
        self.user_prompts = None
        self._armed_row: Widget | None = None
        self._editor_focus: Widget | None = None

    @property
    def active_bindings(self):
        """The footer lists this screen's keys first, in the order declared, whatever has focus
        (a focused TextArea also binds F5-F7, which would otherwise reorder the footer)."""
        bindings = super().active_bindings
        order = {binding.action: index for index, binding in enumerate(self.BINDINGS)}  # type: ignore[union-attr]
        return dict(sorted(bindings.items(),
                           key=lambda item: order.get(item[1].binding.action, len(order))))

    def palette_commands(self):
        """Commands the palette offers on this screen besides its keys: (title, help, callback).
        Export has no key here: every free key is taken by the text fields (Ctrl+E is end of line)."""
        yield t("export_ui.cmd.export"), t("export_ui.cmd.export.help"), self.action_export

    def action_export(self) -> None:
        from perf_tui.screens.export import open_export

        open_export(self.app, self.record)

    # ----------------------------------------------------------------- state

    @property
    def locked(self) -> bool:
        return self.record.locked

    @property
    def editable(self) -> bool:
        return not self.read_only and not self.locked

    @property
    def editor(self) -> StageEditor:
        return self.query_one(f"#editor-{self.stage}", StageEditor)

    @property
    def notes(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    @property
    def agenda(self) -> AgendaPanel:
        return self.query_one(AgendaPanel)

    @property
    def prompts(self) -> PromptPanel:
        return self.query_one(PromptPanel)

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="meeting-titlebar"):
            yield Static("", id="meeting-who", markup=False)
            yield Static("", id="meeting-clock", markup=False)
        yield Static("", id="meeting-banner", markup=False)
        with Horizontal(id="meeting-body"):
            with Vertical(id="meeting-sidebar"):
                yield AgendaPanel(id="agenda")
                yield PromptPanel(id="prompts")
            with Vertical(id="meeting-main"):
                with ContentSwitcher(id="meeting-editors", initial=f"editor-{self.stage}"):
                    for editor in EDITORS:
                        yield editor(self.record)
                yield NotesPanel(self.record, self.stage, id="notes")
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self.meeting_clock = self._make_clock()
        self._load_user_prompts()
        self.query_one("#meeting-who", Static).update(self._who_text())
        if self.editable:
            self._start_or_continue_clock()
        self._apply_lock_state()
        self._show_stage()
        self.refresh_clock()
        self.set_interval(1.0, self.refresh_clock)
        self._focus_editor()

    def on_unmount(self) -> None:
        _last_seen[self.record.id] = self.app.clock()  # type: ignore[attr-defined]

    def _make_clock(self) -> MeetingClock:
        config = self.app.config  # type: ignore[attr-defined]
        for minutes in (self.record.planned_minutes, config.planned_minutes, 60):
            try:
                return MeetingClock(self.record.timing, minutes, config.stage_weights, self.app.clock)  # type: ignore[attr-defined]
            except ValueError:
                continue
        raise AssertionError("60 minutes is always a valid length")

    def _load_user_prompts(self) -> None:
        from perf_tui.prompts import load_user_prompts

        self.user_prompts, error = load_user_prompts()
        if error:
            self.notify(error, severity="warning", timeout=10, markup=False)

    def _who_text(self) -> str:
        record = self.record
        parts = [record.employee.name or t("meeting.unnamed_employee"), record.period,
                 t(f"type.{record.interview_type}")]
        return " · ".join(part for part in parts if part)

    # ----------------------------------------------------------------- clock

    def _start_or_continue_clock(self) -> None:
        clock, record = self.meeting_clock, self.record
        assert clock is not None
        now = self.app.clock()  # type: ignore[attr-defined]
        if not clock.started:
            clock.start(self.stage)
            if record.status == Status.DRAFT:
                record.status = Status.IN_PROGRESS
            record.date = record.date or now.date().isoformat()
            record.start_time = record.start_time or now.strftime("%H:%M")
            self.app.record_changed(record)  # type: ignore[attr-defined]
            return
        last_seen = _last_seen.get(record.id) or parse_iso(record.updated_at)
        if clock.resume_after_gap(last_seen, DEFAULT_MAX_GAP_S):
            self.notify(t("meeting.clock.paused_after_gap"), timeout=10, markup=False)
            self.app.record_changed(record)  # type: ignore[attr-defined]

    def refresh_clock(self) -> None:
        """Redraw the agenda and the meeting clock from `app.clock` (once a second, and on keys)."""
        if self.meeting_clock is None:
            return
        view = self.meeting_clock.view()
        self.agenda.show(view)
        text = f"{format_duration(view.elapsed_s)}/{format_duration(view.planned_s)}"
        if view.paused:
            text = f"{t('meeting.agenda.paused')} {text}"
        clock_line = self.query_one("#meeting-clock", Static)
        update_if_changed(clock_line, text)
        clock_line.set_class(view.paused, "-paused")
        clock_line.set_class(view.overrun_s > 0 or view.remaining_s < 0, "-over")
        if self.is_current:
            _last_seen[self.record.id] = self.app.clock()  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- locking

    def _apply_lock_state(self) -> None:
        editable = self.editable
        for editor in self.query(StageEditor):
            editor.set_editable(editable)
        notes = self.notes
        notes.stage_notes.read_only = not editable
        notes.private_notes.read_only = self.read_only
        notes.amendment_input.disabled = self.read_only or not self.locked
        banner = self.query_one("#meeting-banner", Static)
        if self.read_only:
            banner.update(t(self.read_only_banner_key))
        elif self.locked:
            signed = self.record.confirmation.supervisor_signoff.signed_at
            banner.update(t("meeting.banner.locked", at=stamp_text(signed)))
        banner.set_class(self.read_only or self.locked, "-visible")
        banner.set_class(self.read_only, "-read-only")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_row", "remove_row"):
            return self.editable  # False hides them: Ctrl+O then means "amend" on a signed record
        if action == "amend":
            return self.locked and not self.read_only
        if action in ("toggle_clock", "prompt_asked"):
            return True if self.editable else None
        return True

    # ----------------------------------------------------------------- stages

    def _show_stage(self) -> None:
        stage = self.stage
        self.query_one(ContentSwitcher).current = f"editor-{stage}"
        switcher = self.query_one("#meeting-editors")
        switcher.border_title = t("meeting.editor.title", n=STAGES.index(stage) + 1, total=len(STAGES),
                                  stage=t(f"stage.{stage}"))
        switcher.border_subtitle = ""
        self.notes.show_stage(stage)
        self._show_prompts()

    def _stage_prompts(self, stage: Stage) -> list:
        from perf_tui.prompts import select_prompts

        record = self.record
        return select_prompts(stage, record.interview_type, record.role_level, current_language(),
                              self.user_prompts)

    def _show_prompts(self) -> None:
        self.prompts.show(self._stage_prompts(self.stage), self.record.asked_prompts)

    def go_to_stage(self, stage: Stage) -> None:
        if stage == self.stage:
            return
        notes_had_focus = self._focus_within(self.notes)
        self._remind_must_ask(self.stage, stage)
        if self.editable and self.meeting_clock is not None:
            self.meeting_clock.go_to(stage)
        self.stage = stage
        self._armed_row = None
        self._show_stage()
        self.refresh_clock()
        if self.editable:
            self.app.record_changed(self.record)  # type: ignore[attr-defined]
            self.app.flush_save()  # type: ignore[attr-defined]
        if notes_had_focus:
            self.notes.active_field.focus()
        else:
            self._focus_editor()

    def _remind_must_ask(self, stage: Stage, going_to: Stage) -> None:
        """A gentle, non-blocking reminder of must-ask prompts left unasked in the stage being left
        for a later one (going back to look at an earlier stage is not leaving one behind)."""
        if not self.editable or STAGES.index(going_to) < STAGES.index(stage):
            return
        asked = set(self.record.asked_prompts)
        unasked = [p for p in self._stage_prompts(stage) if p.must_ask and p.id not in asked]
        if unasked:
            self.notify(t("meeting.prompts.reminder", count=len(unasked), stage=t(f"stage.{stage}"),
                          first=truncate(unasked[0].text, 60)), title=t("meeting.prompts.reminder_title"),
                        timeout=8, markup=False)

    def action_next_stage(self) -> None:
        index = STAGES.index(self.stage)
        if index + 1 >= len(STAGES):
            self.notify(t("meeting.stage.last"), timeout=3, markup=False)
            return
        self.go_to_stage(STAGES[index + 1])

    def action_previous_stage(self) -> None:
        index = STAGES.index(self.stage)
        if index == 0:
            self.notify(t("meeting.stage.first"), timeout=3, markup=False)
            return
        self.go_to_stage(STAGES[index - 1])

    def action_go_stage(self, number: int) -> None:
        if 1 <= number <= len(STAGES):
            self.go_to_stage(STAGES[number - 1])

    # ----------------------------------------------------------------- prompts

    def action_prompt_move(self, delta: int) -> None:
        self.prompts.move(delta)

    def action_prompt_insert(self) -> None:
        prompt = self.prompts.highlighted
        if prompt is None:
            self.notify(t("meeting.prompts.none"), timeout=3, markup=False)
            return
        if not self.editable:
            self._tell_locked()
            return
        notes = self.notes
        if notes.mode != "stage":
            notes.set_mode("stage")
        notes.stage_notes.focus()
        notes.stage_notes.insert_line(prompt.text)

    def action_prompt_asked(self) -> None:
        prompt = self.prompts.highlighted
        if prompt is None or not self.editable:
            return
        asked = self.record.asked_prompts
        now_asked = prompt.id not in asked
        if now_asked:
            asked.append(prompt.id)
        else:
            asked.remove(prompt.id)
        self.prompts.set_asked(prompt.id, now_asked)
        self.app.record_changed(self.record)  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- clock keys

    def action_toggle_clock(self) -> None:
        if not self.editable or self.meeting_clock is None:
            return
        self.meeting_clock.toggle_pause()
        self.refresh_clock()
        self.app.record_changed(self.record)  # type: ignore[attr-defined]
        self.notify(t("meeting.clock.paused" if self.meeting_clock.is_paused else "meeting.clock.resumed"), timeout=3, markup=False)

    # ----------------------------------------------------------------- rows

    async def action_add_row(self) -> None:
        if not self.editable:
            return
        row_list, row = self.editor.list_for(self.focused)
        if row_list is None:
            self.notify(t("meeting.row.nothing_to_add"), timeout=4, markup=False)
            return
        self._armed_row = None
        await row_list.add_row(after=row)

    async def action_remove_row(self) -> None:
        if not self.editable:
            return
        row_list, row = self.editor.list_for(self.focused)
        if row_list is None or row is None:
            self.notify(t("meeting.row.nothing_to_remove"), timeout=4, markup=False)
            return
        kind = t(f"meeting.row.{row_list.kind}")
        if has_content(row) and self._armed_row is not row:
            self._armed_row = row
            self.notify(t("meeting.row.confirm_remove", kind=kind), timeout=4, markup=False)
            return
        self._armed_row = None
        await row_list.remove_row(row)
        self.notify(t("meeting.row.removed", kind=kind), timeout=3, markup=False)

    # ----------------------------------------------------------------- notes

    def action_toggle_private(self) -> None:
        notes = self.notes
        notes.set_mode("stage" if notes.mode == "private" else "private")
        notes.active_field.focus()

    def action_amend(self) -> None:
        if not self.locked or self.read_only:
            return
        self.notes.set_mode("amend")
        self.notes.amendment_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, AmendmentInput):
            return
        event.stop()
        text = event.value.strip()
        if not text or self.read_only:
            return
        self.record.amendments.append(Amendment(
            at=iso(self.app.clock()),  # type: ignore[attr-defined]
            author=self.record.supervisor.name,
            section=str(self.stage),
            text=text,
        ))
        event.input.value = ""
        self.query_one(ConfirmationEditor).show_amendments()
        self.app.record_changed(self.record)  # type: ignore[attr-defined]
        self.app.flush_save()  # type: ignore[attr-defined]
        self.notify(t("meeting.amend.added"), timeout=3, markup=False)

    # ----------------------------------------------------------------- focus

    def action_switch_focus(self) -> None:
        if self._focus_within(self.notes):
            self._focus_editor()
        else:
            self.notes.active_field.focus()

    def _focus_within(self, container: Widget) -> bool:
        node = self.focused
        while node is not None:
            if node is container:
                return True
            node = node.parent  # type: ignore[assignment]
        return False

    def _focus_editor(self) -> None:
        editor = self.editor
        remembered = self._editor_focus
        if remembered is not None and remembered.is_attached and self._is_inside(remembered, editor) \
                and remembered.focusable:
            remembered.focus()
            return
        target = first_focusable(editor)
        (target or self.notes.active_field).focus()

    @staticmethod
    def _is_inside(widget: Widget, container: Widget) -> bool:
        node: Widget | None = widget
        while node is not None:
            if node is container:
                return True
            node = node.parent if isinstance(node.parent, Widget) else None
        return False

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        widget = event.widget
        hint = self._hint_for(widget)
        if self._is_inside(widget, self.notes):
            self.notes.border_subtitle = hint
        elif self._is_inside(widget, self.editor):
            self._editor_focus = widget
            self.query_one("#meeting-editors").border_subtitle = hint

    @staticmethod
    def _hint_for(widget: Widget) -> str:
        node: Widget | None = widget
        while node is not None:
            key = getattr(node, "hint_key", "")
            if key:
                return t(key)
            node = node.parent if isinstance(node.parent, Widget) else None
        return ""

    # ----------------------------------------------------------------- saving

    def on_edited(self, message: Edited) -> None:
        if self.read_only:
            return
        self.app.record_changed(self.record)  # type: ignore[attr-defined]

    def on_signed_off(self, _message: SignedOff) -> None:
        record = self.record
        record.status = Status.CONFIRMED
        if self.meeting_clock is not None:
            self.meeting_clock.finish()
        record.end_time = record.end_time or self.app.clock().strftime("%H:%M")  # type: ignore[attr-defined]
        self._apply_lock_state()
        self.refresh_clock()
        self.app.record_changed(record)  # type: ignore[attr-defined]
        self.app.flush_save()  # type: ignore[attr-defined]
        self.notify(t("meeting.sign.locked"), timeout=8, markup=False)

    def _tell_locked(self) -> None:
        key = self.read_only_banner_key if self.read_only else "meeting.sign.locked"
        self.notify(truncate(t(key), 200), timeout=4, markup=False)

    def action_leave(self) -> None:
        if self.notes.mode != "stage":
            self.notes.set_mode("stage")
            return
        if not self.read_only:
            self.app.flush_save()  # type: ignore[attr-defined]
        self.app.show_home()  # type: ignore[attr-defined]
