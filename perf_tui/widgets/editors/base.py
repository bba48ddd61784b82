"""What every stage editor shares: the record, the stage, locking, and where rows are added."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget

from perf_tui.model import Record, Stage
from perf_tui.widgets.fields import RowList, set_editable


class StageEditor(VerticalScroll, can_focus=False):
    """A stage's editor. Subclasses set `stage` and compose their fields from `self.record`."""

    stage: Stage = Stage.OPENING

    def __init__(self, record: Record, *, id: str | None = None) -> None:
        super().__init__(id=id or f"editor-{self.stage}", classes="stage-editor")
        self.record = record
        self.editable = True

    def thresholds(self) -> dict:
        return dict(self.app.config.grade_thresholds)  # type: ignore[attr-defined]

    def set_editable(self, editable: bool) -> None:
        """Lock or unlock the fields; a locked editor can take focus itself, to scroll by keys."""
        self.editable = editable
        set_editable(self, editable)
        self.can_focus = not editable

    def default_list(self) -> RowList | None:
        """Where "add a row" goes when the cursor is in no list (e.g. in the notes)."""
        return next(iter(self.query(RowList)), None)

    def list_for(self, focused: Widget | None) -> tuple[RowList | None, Widget | None]:
        """The innermost RowList holding `focused` in this editor, and the row it is in."""
        node = focused
        while node is not None and node is not self:
            if isinstance(node, RowList):
                return node, node.row_containing(focused)
            node = node.parent  # type: ignore[assignment]
        return self.default_list(), None

    def on_show(self) -> None:
        self.refresh_derived()

    def refresh_derived(self) -> None:
        """Recompute what is derived from other stages' data (links, summaries)."""
