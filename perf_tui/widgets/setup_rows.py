"""A list of rows (goals, key events) as a table above an editor, all by keys. Setup screen only.

The editor always shows the highlighted row and writes every keystroke straight into it, so
nothing typed waits for a "save" key: `a` adds a row and puts the cursor in the editor, Enter
moves to the next field and from the last one back to the table, Escape returns to the table.
In the table: Enter/e edit, a/Insert add, d/Delete delete (u undoes it), Shift+Up/Down or [ ]
move the row. Subclasses say which rows, columns and editor fields they have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from perf_tui.bindings import Translated
from perf_tui.i18n import t
from perf_tui.text import truncate
from perf_tui.widgets.quiet import QuietInput
from perf_tui.widgets.typing import bound_action, release_typing


class FormInput(QuietInput):
    """A field of the setup form; Enter moves to the next field, so what is typed after Enter
    waits for the cursor to get there (widgets/typing.py)."""

    moves_on_enter = True

    def holds_typing_after(self, event: events.Event) -> bool:
        return self.moves_on_enter and isinstance(event, events.Key) and event.key == "enter"


def field_input(field_id: str, placeholder_key: str, value: str = "", classes: str = "",
                moves_on_enter: bool = True) -> Input:
    """A one-line input of the setup form. The cursor lands at the end of what is there, never
    on a selection that the next keystroke would replace."""
    widget = FormInput(value=value, id=field_id, placeholder=t(placeholder_key), compact=True,
                       select_on_focus=False, classes=classes)
    widget.moves_on_enter = moves_on_enter
    return widget


def set_quietly(widget: Input, value: str) -> None:
    """Show `value` without announcing it as an edit, with the cursor at its end."""
    with widget.prevent(Input.Changed):
        widget.value = value
    widget.cursor_position = len(value)


class RecordEdited(Message):
    """Something in the record changed; the screen saves it (app.record_changed)."""


@dataclass(frozen=True)
class Column:
    key: str  # the row's attribute, and the table's column key
    label_key: str  # catalog key of the heading
    width: int  # cells; 0 = whatever is left


class RowTable(Translated, DataTable):
    """The table part: row commands as keys, shown in the footer while it has focus."""

    BINDINGS = [
        Binding("enter,e", "owner('edit')", "setup.key.row_edit", tooltip="setup.key.row_edit.tip",
                id="setup.row_edit"),
        Binding("a,insert", "owner('add')", "setup.key.row_add", tooltip="setup.key.row_add.tip",
                id="setup.row_add"),
        Binding("d,delete", "owner('delete')", "setup.key.row_delete", tooltip="setup.key.row_delete.tip",
                id="setup.row_delete"),
        Binding("u", "owner('undo')", "setup.key.row_undo", tooltip="setup.key.row_undo.tip",
                id="setup.row_undo"),
        Binding("shift+up,left_square_bracket", "owner('up')", "setup.key.row_up",
                tooltip="setup.key.row_up.tip", id="setup.row_up", show=False),
        Binding("shift+down,right_square_bracket", "owner('down')", "setup.key.row_down",
                tooltip="setup.key.row_down.tip", id="setup.row_down", show=False),
    ]

    def __init__(self, owner: "RowsEditor", **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.owner = owner

    def action_owner(self, command: str) -> None:
        self.owner.run_command(command)

    def holds_typing_after(self, event: events.Event) -> bool:
        """Add and edit send the cursor to the editor: what is typed next goes there."""
        return isinstance(event, events.Key) and bound_action(self, event.key) in (
            "owner('add')", "owner('edit')")


class RowsEditor(Translated, Vertical):
    """Table + editor for one list of the record. Subclasses fill in the class attributes."""

    BINDINGS = [
        Binding("escape", "leave_editor", "setup.key.editor_done", tooltip="setup.key.editor_done.tip",
                id="setup.editor_done", show=False),
    ]

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    EMPTY_KEY: ClassVar[str] = ""

    def __init__(self, record, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = record
        self.current_id: str | None = None
        self._deleted: tuple[int, Any] | None = None
        self._laid_out_width = 0
        self._hint_text: str | None = None

    # ----------------------------------------------------------------- for subclasses

    def rows(self) -> list:
        raise NotImplementedError

    def new_row(self):
        raise NotImplementedError

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def editor_fields(self) -> list[Widget]:
        """The editor's inputs in the order Enter walks through them."""
        raise NotImplementedError

    def cell_text(self, row, column: Column) -> str:
        return str(getattr(row, column.key, ""))

    def load_editor(self, row) -> None:
        """Show `row` (or a blank row when None) in the editor without posting change events."""
        raise NotImplementedError

    def apply_field(self, row, widget: Widget) -> None:
        """Copy one editor widget's value into `row`."""
        raise NotImplementedError

    def is_blank(self, row) -> bool:
        raise NotImplementedError

    def after_change(self, row) -> None:
        """A hook for hints (direction suggestion, facts check)."""

    # ----------------------------------------------------------------- composition

    def compose(self) -> ComposeResult:
        yield RowTable(self, classes="setup-rows-table")
        yield Static("", classes="setup-rows-empty")
        yield from self.compose_editor()
        yield Static("", classes="setup-hint setup-rows-hint")

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    def on_mount(self) -> None:
        for column in self.COLUMNS:
            self.table.add_column(t(column.label_key), key=column.key, width=self._width(column))
        self.rebuild()

    def on_resize(self) -> None:
        # the flexible column takes what is left, so that a row never needs a horizontal scroll;
        # only a new width matters (a rebuild changes the height, which resizes us again)
        if self.size.width == self._laid_out_width:
            return
        self._laid_out_width = self.size.width
        for column in self.COLUMNS:
            if column.width == 0 and column.key in self.table.columns:
                self.table.columns[column.key].width = self._width(column)
        self.rebuild()

    def _width(self, column: Column) -> int:
        if column.width:
            return column.width
        fixed = sum(c.width + 2 for c in self.COLUMNS if c.width)
        return max(8, (self.size.width or 76) - fixed - 4)

    def _cells(self, row) -> list[str]:
        widths = {c.key: self._width(c) for c in self.COLUMNS}
        return [truncate(self.cell_text(row, c).replace("\n", " "), widths[c.key]) for c in self.COLUMNS]

    def rebuild(self, focus_id: str | None = None, load_editor: bool = True) -> None:
        """Redraw the table from the record and keep the cursor on `focus_id` (or the current row);
        `load_editor=False` when the editor already shows that row (it is being typed into)."""
        table = self.table
        table.clear()
        for row in self.rows():
            table.add_row(*self._cells(row), key=row.id)
        empty = self.query_one(".setup-rows-empty", Static)
        empty.update(t(self.EMPTY_KEY) if not self.rows() else "")
        empty.display = not self.rows()
        table.display = bool(self.rows())
        target = focus_id or self.current_id
        ids = [row.id for row in self.rows()]
        if target in ids:
            table.move_cursor(row=ids.index(target))
        self._select(target if target in ids else (ids[0] if ids else None), load_editor)

    def _select(self, row_id: str | None, load_editor: bool = True) -> None:
        self.current_id = row_id
        if load_editor:
            self.load_editor(self._row(row_id))
        row = self._row(row_id)
        if row is None:
            self.set_hint("")
        else:
            self.after_change(row)

    def _row(self, row_id: str | None):
        return next((row for row in self.rows() if row.id == row_id), None)

    def set_hint(self, text: str) -> None:
        hint = self.query_one(".setup-rows-hint", Static)
        if text != self._hint_text:  # an auto-height update relayouts the form: skip no-ops
            self._hint_text = text
            hint.update(text)
        hint.display = bool(text)

    # ----------------------------------------------------------------- table events

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not self.table.has_focus:
            # a highlight left over from a rebuild (which selected its row itself) must not
            # reload the editor while its field is being typed into
            return
        key = event.row_key.value if event.row_key is not None else None
        if key != self.current_id:
            self._select(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()

    # ----------------------------------------------------------------- commands

    def run_command(self, command: str) -> None:
        {
            "edit": self.edit_current,
            "add": self.add_row,
            "delete": self.delete_current,
            "undo": self.undo_delete,
            "up": lambda: self.move_current(-1),
            "down": lambda: self.move_current(1),
        }[command]()

    def edit_current(self) -> None:
        if self._row(self.current_id) is None:
            self.add_row()
            return
        self.editor_fields()[0].focus()
        release_typing(self)

    def add_row(self) -> None:
        current = self._row(self.current_id)
        if current is not None and self.is_blank(current):
            self.editor_fields()[0].focus()
            release_typing(self)
            return
        row = self.new_row()
        self.rows().append(row)
        self.rebuild(focus_id=row.id)
        self.editor_fields()[0].focus()
        release_typing(self)
        self.post_message(RecordEdited())

    def delete_current(self) -> None:
        rows = self.rows()
        row = self._row(self.current_id)
        if row is None:
            return
        index = rows.index(row)
        rows.remove(row)
        self._deleted = (index, row)
        following = rows[min(index, len(rows) - 1)].id if rows else None
        self.current_id = following
        self.rebuild(focus_id=following)
        if not rows:
            self.set_hint(t("setup.rows.deleted_undo"))
        self.post_message(RecordEdited())
        self.notify(t("setup.rows.deleted_undo"), timeout=3)

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        index, row = self._deleted
        self._deleted = None
        rows = self.rows()
        rows.insert(min(index, len(rows)), row)
        self.rebuild(focus_id=row.id)
        self.table.focus()
        self.post_message(RecordEdited())

    def move_current(self, step: int) -> None:
        rows = self.rows()
        row = self._row(self.current_id)
        if row is None:
            return
        index = rows.index(row)
        target = index + step
        if not 0 <= target < len(rows):
            return
        rows[index], rows[target] = rows[target], rows[index]
        self.rebuild(focus_id=row.id)
        self.post_message(RecordEdited())

    def prune_blank(self) -> bool:
        """Drop rows nobody typed anything into; True when one was dropped."""
        rows = self.rows()
        blank = [row for row in rows if self.is_blank(row)]
        for row in blank:
            rows.remove(row)
        if blank:
            if self.current_id in {row.id for row in blank}:
                self.current_id = None
            self.rebuild()
            self.post_message(RecordEdited())
        return bool(blank)

    # ----------------------------------------------------------------- the editor

    def _editor_row(self):
        """The row the editor writes into; typing with no row selected starts a new one, from
        what the editor holds (reloading the editor from the blank row would drop the key)."""
        row = self._row(self.current_id)
        if row is None:
            row = self.new_row()
            for field in self.editor_fields():
                if isinstance(field, Input) and field.value:
                    self.apply_field(row, field)
            self.rows().append(row)
            self.current_id = row.id
            self.rebuild(focus_id=row.id, load_editor=False)
        return row

    def field_changed(self, widget: Widget) -> None:
        if self._row(self.current_id) is None and not isinstance(widget, Input):
            return  # a Select announcing its first value is not an edit
        if self._row(self.current_id) is None and not widget.value:  # type: ignore[attr-defined]
            return
        row = self._editor_row()
        self.apply_field(row, widget)
        cells = self._cells(row)
        for column, text in zip(self.COLUMNS, cells):
            try:
                self.table.update_cell(row.id, column.key, text)
            except Exception:  # the row is being rebuilt; the rebuild shows the new text
                pass
        self.after_change(row)
        self.post_message(RecordEdited())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input in self.editor_fields():
            event.stop()
            self.field_changed(event.input)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select in self.editor_fields():
            event.stop()
            self.field_changed(event.select)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        fields = self.editor_fields()
        if event.input not in fields:
            return
        event.stop()
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.leave_editor()

    def leave_editor(self) -> None:
        self.prune_blank()
        if self.rows():
            self.table.focus()
        else:
            self.screen.focus_next()

    def action_leave_editor(self) -> None:
        focused = self.screen.focused
        if focused is None or focused is self.table or focused not in self.editor_fields():
            raise SkipAction()
        self.leave_editor()
