"""The notes panel under the stage editor: the stage's free notes, the private notes, amendments.

- Stage notes (record.stage_notes[stage]) are part of the record; the panel shows the current
  stage's and prompts are inserted here at the cursor.
- Private notes (record.private_notes) are the supervisor's own: the panel turns red and says
  that they are never shared or exported. They stay editable after sign-off (they are not part
  of the signed record).
- After both have signed, an amendment line appears: what is typed there is added, dated, to
  record.amendments (the signed record itself never changes).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, TextArea

from perf_tui.i18n import t
from perf_tui.model import Record, Stage
from perf_tui.widgets.fields import BoundTextArea, Edited
from perf_tui.widgets.quiet import QuietInput

MODES = ("stage", "private", "amend")


class StageNotes(TextArea):
    """The current stage's free notes (one widget, its text swapped on stage change)."""

    def __init__(self, record: Record, stage: Stage) -> None:
        super().__init__(record.notes_for(stage), soft_wrap=True, tab_behavior="focus", compact=True,
                         placeholder=t("meeting.notes.placeholder"), id="notes-stage")
        self.record = record
        self.stage = stage
        self.hint_key = "meeting.hint.notes"

    def show_stage(self, stage: Stage) -> None:
        # Keys typed just before the stage key may not have reached on_text_area_changed yet:
        # write them to the stage they were typed in before the text is swapped.
        self._store_text()
        self.stage = stage
        self.load_text(self.record.notes_for(stage))
        self.move_cursor(self.document.end)  # notes grow at the end: continue there

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self:
            self._store_text()

    def _store_text(self) -> None:
        if self.record.notes_for(self.stage) != self.text:
            self.record.set_notes(self.stage, self.text)
            self.post_message(Edited(self))

    def insert_line(self, text: str) -> None:
        """Insert `text` as a line of its own at the cursor, leaving the cursor on the next line."""
        row, column = self.cursor_location
        before = "\n" if self.document.get_line(row)[:column].strip() else ""
        self.insert(f"{before}{text}\n")


class AmendmentInput(QuietInput):
    """Type an amendment and press Enter: added, dated, to the record's amendments."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("meeting.amend.placeholder"), select_on_focus=False,
                         compact=True, id="notes-amend")
        self.hint_key = "meeting.hint.amend"


class NotesPanel(Vertical):
    def __init__(self, record: Record, stage: Stage, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record = record
        self.stage = stage
        self.mode = "stage"
        self.stage_notes = StageNotes(record, stage)
        self.private_notes = BoundTextArea(record, "private_notes", hint="meeting.hint.private",
                                           placeholder="meeting.private.placeholder", id="notes-private")

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="notes-stage", id="notes-switcher"):
            yield self.stage_notes
            yield self.private_notes
            yield AmendmentInput()

    def on_mount(self) -> None:
        self._update_title()

    @property
    def amendment_input(self) -> AmendmentInput:
        return self.query_one(AmendmentInput)

    @property
    def active_field(self):
        return {"stage": self.stage_notes, "private": self.private_notes,
                "amend": self.amendment_input}[self.mode]

    def show_stage(self, stage: Stage) -> None:
        self.stage = stage
        self.stage_notes.show_stage(stage)
        self._update_title()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.query_one(ContentSwitcher).current = self.active_field.id
        self.set_class(mode == "private", "-private")
        self.set_class(mode == "amend", "-amend")
        self._update_title()

    def _update_title(self) -> None:
        stage = t(f"stage.{self.stage}")
        title = {
            "stage": t("meeting.notes.title", stage=stage),
            "private": t("meeting.private.title"),
            "amend": t("meeting.amend.title", stage=stage),
        }[self.mode]
        # the key between editor and notes, on the border between them, whichever has the cursor
        self.border_title = f"{title} · {t('meeting.notes.switch')}"
