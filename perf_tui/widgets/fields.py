"""Small editing widgets bound to the record, shared by every stage editor.

Each field is bound to one attribute of one model object (`obj`, `attr`): typing writes the value
into the model at once and posts `Edited`, which bubbles up to the meeting screen; the screen calls
`app.record_changed(record)` (autosave). Containers on the way (a goal row, an action card) also
see `Edited` and refresh what they derive from the field (rate, grade, SMART findings).

A widget's `hint_key` names the catalog text that the meeting screen shows while it has focus, so
every key a field understands is written on screen next to it.

`RowList` is a list of rows bound to a model list (goals, whys, steps, checkpoints, ...): rows are
added and removed by the screen's keys, and it always ends with a focusable "+ Add ..." line, so
that an empty list can still be reached and filled by keyboard.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from perf_tui.bindings import Translated
from perf_tui.i18n import current_language, t
from perf_tui.text import truncate
from perf_tui.widgets.quiet import QuietInput, one_line, update_if_changed
from perf_tui.widgets.typing import bound_action, release_typing

LABEL_CELLS = 10  # width of the label column in field rows (CSS: .field-label { width: 11 })


class Edited(Message):
    """A field changed the record (bubbles to the meeting screen, which saves)."""

    def __init__(self, source: Widget) -> None:
        super().__init__()
        self.source = source


def field_label(key: str, **values: Any) -> Label:
    """The label column of a field row, cut to the column so that CJK labels line up."""
    return Label(truncate(t(key, **values), LABEL_CELLS), classes="field-label", markup=False)


def first_focusable(widget: Widget) -> Widget | None:
    """The widget itself when it can take focus, else its first focusable descendant."""
    if widget.focusable:
        return widget
    for child in widget.query("*"):
        if child.focusable:
            return child
    return None


def first_text_field(widget: Widget) -> Widget | None:
    """The first field of `widget` that takes text (where typing on "+ Add" goes)."""
    for child in [widget, *widget.query("*")]:
        if isinstance(child, (Input, TextArea)) and child.focusable:
            return child
    return None


def put_text(field: Widget, text: str) -> None:
    """Insert typed or pasted text at the cursor; a one-line field gets every line, joined."""
    if isinstance(field, Input):
        field.insert_text_at_cursor(one_line(text))
    elif isinstance(field, TextArea):
        field.insert(text)


def has_content(widget: Widget) -> bool:
    """Whether a row holds anything typed (removing it then asks for a second key press)."""
    for child in [widget, *widget.query("*")]:
        if isinstance(child, Input) and child.value.strip():
            return True
        if isinstance(child, TextArea) and child.text.strip():
            return True
    return False


def set_editable(root: Widget, editable: bool) -> None:
    """Lock or unlock every field under `root` (signed records, sessions open elsewhere)."""
    for child in root.query("*"):
        if isinstance(child, TextArea):
            child.read_only = not editable
        elif isinstance(child, (Input, ChoiceToggle, GradeField)) or getattr(child, "lockable", False):
            child.disabled = not editable
        elif isinstance(child, AddLine):
            child.display = editable


# --------------------------------------------------------------------------- text fields


class BoundInput(QuietInput):
    """A one-line field bound to `obj.attr` (text exactly as typed)."""

    def __init__(self, obj: Any, attr: str, *, placeholder: str = "", hint: str = "",
                 id: str | None = None, classes: str = "") -> None:
        super().__init__(
            value=str(getattr(obj, attr) or ""),
            placeholder=t(placeholder) if placeholder else "",
            select_on_focus=False,  # typing into a field must never replace what is there
            compact=True,
            id=id,
            classes=classes,
        )
        self.obj = obj
        self.attr = attr
        self.hint_key = hint

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        if getattr(self.obj, self.attr) != event.value:
            setattr(self.obj, self.attr, event.value)
            self.post_message(Edited(self))


class BoundTextArea(TextArea):
    """A multi-line field bound to `obj.attr`."""

    def __init__(self, obj: Any, attr: str, *, hint: str = "", placeholder: str = "",
                 id: str | None = None, classes: str = "") -> None:
        super().__init__(
            str(getattr(obj, attr) or ""),
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            placeholder=t(placeholder) if placeholder else "",
            id=id,
            classes=classes,
        )
        self.obj = obj
        self.attr = attr
        self.hint_key = hint

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self:
            return
        if getattr(self.obj, self.attr) != self.text:
            setattr(self.obj, self.attr, self.text)
            self.post_message(Edited(self))


# --------------------------------------------------------------------------- choices


class ChoiceToggle(Translated, Widget, can_focus=True):
    """One of a few values (direction, source), changed with space / enter / arrows."""

    DEFAULT_CSS = """
    ChoiceToggle { width: auto; height: 1; padding: 0 1; background: $boost; }
    ChoiceToggle:focus { background: $accent; color: $text; text-style: bold; }
    ChoiceToggle:disabled { color: $text-disabled; }
    """

    BINDINGS = [
        Binding("space,enter,right", "step(1)", "meeting.key.choice_next",
                tooltip="meeting.key.choice_next.tip", id="choice_next", show=False),
        Binding("left", "step(-1)", "meeting.key.choice_previous",
                tooltip="meeting.key.choice_previous.tip", id="choice_previous", show=False),
    ]

    def __init__(self, obj: Any, attr: str, choices: Sequence[tuple[str, str]], *, hint: str = "",
                 id: str | None = None, classes: str = "") -> None:
        """`choices`: (value, catalog key of its label) in cycling order."""
        super().__init__(id=id, classes=classes)
        self.obj = obj
        self.attr = attr
        self.choices = list(choices)
        self.hint_key = hint

    @property
    def value(self) -> str:
        return str(getattr(self.obj, self.attr))

    def _index(self) -> int:
        values = [value for value, _ in self.choices]
        return values.index(self.value) if self.value in values else 0

    def render(self) -> Text:
        return Text(t(self.choices[self._index()][1]))

    def set_value(self, value: str) -> None:
        """Set from code (e.g. a direction inferred from the target); posts Edited when it changed."""
        if self.value != value:
            setattr(self.obj, self.attr, value)
            self.refresh(layout=True)
            self.post_message(Edited(self))

    def action_step(self, delta: int) -> None:
        if self.disabled:
            return
        self.set_value(self.choices[(self._index() + delta) % len(self.choices)][0])


class GradeField(Translated, Widget, can_focus=True):
    """A goal's grade: shows the suggested grade, or the override marked with "*".

    a/b/c/d override it; Delete, Backspace or 0 return to the suggested grade.
    """

    DEFAULT_CSS = """
    GradeField { width: 4; height: 1; padding: 0 1; background: $boost; }
    GradeField:focus { background: $accent; color: $text; text-style: bold; }
    GradeField.-suggested { color: $text-muted; }
    GradeField:disabled { color: $text-disabled; }
    """

    BINDINGS = [
        *(Binding(f"{g.lower()},{g}", f"override('{g}')", f"meeting.key.grade_{g.lower()}",
                  tooltip="meeting.key.grade.tip", id=f"grade_{g.lower()}", show=False)
          for g in ("A", "B", "C", "D")),
        Binding("delete,backspace,0", "override('')", "meeting.key.grade_auto",
                tooltip="meeting.key.grade_auto.tip", id="grade_auto", show=False),
    ]

    def __init__(self, goal: Any, thresholds: Callable[[], dict], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.goal = goal
        self.thresholds = thresholds
        self.hint_key = "meeting.hint.grade"

    def grade_text(self) -> str:
        from perf_tui.scoring import effective_grade

        grade, overridden = effective_grade(self.goal, self.thresholds())
        self.set_class(not overridden, "-suggested")
        if grade is None:
            return "–"
        return f"{grade}*" if overridden else grade

    def render(self) -> Text:
        return Text(self.grade_text())

    def action_override(self, grade: str) -> None:
        if self.disabled or self.goal.grade_override == grade:
            return
        self.goal.grade_override = grade
        self.refresh()
        self.post_message(Edited(self))


# --------------------------------------------------------------------------- dates


class DateInput(BoundInput):
    """A date as typed ("20 Oct", "10月20日", "friday"): the text is kept in `text_attr`, the date it
    means in `iso_attr` ("" when not understood). The status line beside it says which date it
    read, or that it did not understand, with examples; the typed text stays either way."""

    def __init__(self, obj: Any, iso_attr: str, text_attr: str, *, hint: str = "",
                 id: str | None = None) -> None:
        super().__init__(obj, text_attr, placeholder="meeting.date.placeholder",
                         hint=hint or "meeting.hint.date", id=id, classes="date-input")
        self.iso_attr = iso_attr
        if not self.value:
            self.value = str(getattr(obj, iso_attr) or "")  # a date set elsewhere (setup, demo)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.prevent_default()  # BoundInput's handler would store the text without the date
        if event.input is not self:
            return
        if not getattr(self.obj, self.attr) and event.value == getattr(self.obj, self.iso_attr):
            self.show_status(self.parsed())  # showing a stored date is not an edit
            return
        changed = getattr(self.obj, self.attr) != event.value
        setattr(self.obj, self.attr, event.value)
        parsed = self.parsed()
        iso = parsed.isoformat() if parsed else ""
        if getattr(self.obj, self.iso_attr) != iso:
            setattr(self.obj, self.iso_attr, iso)
            changed = True
        self.show_status(parsed)
        if changed:
            self.post_message(Edited(self))

    def on_mount(self) -> None:
        self.show_status(self.parsed())

    def today(self) -> date:
        return self.app.clock().date()  # type: ignore[attr-defined]

    def parsed(self) -> date | None:
        from perf_tui.dates import parse_date

        text = self.value.strip()
        if not text:
            return None
        try:
            return parse_date(text, self.today(), current_language())
        except Exception:  # noqa: BLE001 - a date that cannot be read is shown as such, never raised
            return None

    def show_status(self, parsed: date | None) -> None:
        from perf_tui.dates import format_date

        status = self.parent.query_one(".date-status", Static) if self.parent else None
        if status is None:
            return
        if not self.value.strip():
            text, classes = "", "date-status"
        elif parsed is None:
            text, classes = t("meeting.date.not_understood"), "date-status -bad"
        else:
            text = t("meeting.date.understood", date=format_date(parsed, current_language()))
            classes = "date-status -ok"
        update_if_changed(status, text)  # on every key: a new text only when the reading changes
        status.set_classes(classes)


class DateField(Horizontal):
    """A labelled date field with its status line."""

    def __init__(self, label_key: str, obj: Any, iso_attr: str, text_attr: str, *, hint: str = "",
                 id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=f"field-row date-field {classes}".strip())
        self.label_key = label_key
        self.input = DateInput(obj, iso_attr, text_attr, hint=hint)

    def compose(self) -> ComposeResult:
        if self.label_key:
            yield field_label(self.label_key)
        yield self.input
        yield Static("", classes="date-status", markup=False)


# --------------------------------------------------------------------------- lists of rows


def starts_row(event: events.Key) -> bool:
    """A character typed on an "+ Add" line starts a row with it (a lone space does not)."""
    return bool(event.is_printable and event.character and event.character != " ")


class AddLine(Translated, Static, can_focus=True):
    """The focusable "+ Add ..." line at the end of every RowList (Enter adds a row)."""

    DEFAULT_CSS = """
    AddLine { height: 1; color: $text-muted; padding: 0 1; }
    AddLine:focus { color: $text; background: $accent; }
    """

    BINDINGS = [
        # not Space: a Space meant for the next field (a tick in "Addresses") made an empty row
        Binding("enter", "add", "meeting.key.add_here", tooltip="meeting.key.add_here.tip",
                id="add_here", show=False),
    ]

    class Pressed(Message):
        def __init__(self, line: "AddLine", typed: str = "") -> None:
            super().__init__()
            self.line = line
            self.typed = typed  # a character typed on the line: it starts the new row's first field

    def __init__(self, label_key: str) -> None:
        super().__init__(t(label_key), markup=False, classes="add-line")
        self.hint_key = "meeting.hint.add_line"

    def holds_typing_after(self, event: events.Event) -> bool:
        """What follows a key that adds a row belongs in that row (see widgets/typing.py)."""
        if isinstance(event, events.Paste):
            return True
        return isinstance(event, events.Key) and (
            starts_row(event) or bound_action(self, event.key) == "add")

    def action_add(self) -> None:
        self.post_message(self.Pressed(self))

    def on_key(self, event: events.Key) -> None:
        # A manager typing while listening must never lose a keystroke: typing on the "+ Add"
        # line adds the row and the character goes into its first field (what is typed before
        # the row is there is held by the app's TypingGate and follows it, in order).
        if starts_row(event):
            event.stop()
            event.prevent_default()
            self.post_message(self.Pressed(self, event.character))

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if event.text:
            self.post_message(self.Pressed(self, event.text))


class RowList(Vertical):
    """Rows bound to a model list. `make_row(item)` builds a row; `new_item()` a fresh item."""

    DEFAULT_CSS = "RowList { height: auto; }"

    def __init__(self, items: list, *, new_item: Callable[[], Any], make_row: Callable[[Any], Widget],
                 add_key: str, kind: str, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=f"row-list {classes}".strip())
        self.items = items
        self.new_item = new_item
        self.make_row = make_row
        self.add_key = add_key
        self.kind = kind  # "goal", "why", ... for messages: meeting.row.<kind>

    def compose(self) -> ComposeResult:
        for item in self.items:
            yield self.make_row(item)
        yield AddLine(self.add_key)

    @property
    def rows(self) -> list[Widget]:
        return [child for child in self.children if not isinstance(child, AddLine)]

    @property
    def add_line(self) -> AddLine:
        return next(child for child in self.children if isinstance(child, AddLine))

    def row_containing(self, widget: Widget | None) -> Widget | None:
        """The row of this list that holds `widget` (None: not in a row, e.g. the add line)."""
        node = widget
        while node is not None and node is not self:
            if node.parent is self and not isinstance(node, AddLine):
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    async def add_row(self, after: Widget | None = None, typed: str = "") -> Widget:
        """Insert a fresh item after `after` (default: at the end), focus it, post Edited.
        `typed` (a character typed on the "+ Add" line) goes into the new row's first field."""
        rows = self.rows
        position = rows.index(after) + 1 if after in rows else len(rows)
        item = self.new_item()
        self.items.insert(position, item)
        row = self.make_row(item)
        before = rows[position] if position < len(rows) else self.add_line
        try:
            await self.mount(row, before=before)
            self.renumber()
            target = first_text_field(row) or first_focusable(row)
            if target is not None:
                target.focus()
                if typed:
                    put_text(target, typed)
        finally:
            release_typing(self)  # the keys typed meanwhile follow, into the focused field
        self.post_message(Edited(self))
        return row

    async def remove_row(self, row: Widget) -> None:
        rows = self.rows
        position = rows.index(row)
        del self.items[position]
        await row.remove()
        self.renumber()
        rows = self.rows
        neighbour = rows[min(position, len(rows) - 1)] if rows else self.add_line
        target = first_focusable(neighbour) or self.add_line
        target.focus()
        self.post_message(Edited(self))

    def renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            renumber = getattr(row, "set_number", None)
            if renumber is not None:
                renumber(number)

    async def on_add_line_pressed(self, message: AddLine.Pressed) -> None:
        if message.line.parent is self:
            message.stop()
            await self.add_row(typed=message.typed)


class TextItemInput(QuietInput):
    """One string of a list of strings (a why, a step): writes into the list at its row's place."""

    def __init__(self, value: str, *, placeholder: str = "", hint: str = "") -> None:
        super().__init__(value=value, placeholder=t(placeholder) if placeholder else "",
                         select_on_focus=False, compact=True)
        self.hint_key = hint

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        row = self.parent
        rows = row.parent if row is not None else None
        if not isinstance(rows, RowList) or row not in rows.rows:
            return
        index = rows.rows.index(row)
        if rows.items[index] != event.value:
            rows.items[index] = event.value
            self.post_message(Edited(self))


class TextItemRow(Horizontal):
    """"Why 2  [....]": a numbered string row."""

    def __init__(self, value: str, *, label_key: str, placeholder: str = "", hint: str = "") -> None:
        super().__init__(classes="field-row text-item-row")
        self.label_key = label_key
        self.label = field_label(label_key, n=1)
        self.input = TextItemInput(value, placeholder=placeholder, hint=hint)

    def compose(self) -> ComposeResult:
        yield self.label
        yield self.input

    def set_number(self, number: int) -> None:
        self.label.update(truncate(t(self.label_key, n=number), LABEL_CELLS))


def text_item_list(items: list[str], *, label_key: str, add_key: str, kind: str,
                   placeholder: str = "", hint: str = "", classes: str = "") -> RowList:
    """A RowList of numbered strings (whys, steps)."""
    return RowList(
        items,
        new_item=str,
        make_row=lambda value: TextItemRow(value, label_key=label_key, placeholder=placeholder, hint=hint),
        add_key=add_key,
        kind=kind,
        classes=classes,
    )


class FindingsView(Static):
    """Quality findings (SMART, facts, 5 Whys) shown as written, one line each."""

    DEFAULT_CSS = """
    FindingsView { height: auto; color: $text-warning; padding: 0 0 0 2; }
    FindingsView.-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__("", markup=False, id=id, classes=f"findings {classes}".strip())

    def show(self, findings: Sequence[Any]) -> None:
        lines = [finding_line(finding) for finding in findings]
        update_if_changed(self, "\n".join(lines))
        self.set_class(not lines, "-empty")


def finding_line(finding: Any) -> str:
    mark = {"error": "✗", "warning": "!", "info": "i"}.get(str(getattr(finding, "severity", "")), "!")
    # Finding.message formats its dates for the language (a raw date would show as 2024-10-20).
    return f"{mark} {finding.message(current_language())}"


class CheckedCard(Vertical):
    """A numbered card (a problem, an action) whose quality findings follow every edit.

    Subclasses set `label_key` and implement `findings_now()`."""

    label_key = ""

    def __init__(self, *, classes: str) -> None:
        super().__init__(classes=classes)
        self.number = field_label(self.label_key, n=1)
        self.findings = FindingsView()

    def on_mount(self) -> None:
        for row_list in self.query(RowList):
            row_list.renumber()
        self.refresh_findings()

    def on_edited(self, _message: Edited) -> None:
        self.refresh_findings()

    def findings_now(self) -> list:
        raise NotImplementedError

    def refresh_findings(self) -> None:
        self.findings.show(self.findings_now())

    def set_number(self, number: int) -> None:
        self.number.update(truncate(t(self.label_key, n=number), LABEL_CELLS))
