"""One item of the before-meeting checklist: a checkbox whose long label wraps instead of
being cut ("Facts collected (KPIs, deliverables, 360 feedback, ...)" is wider than 80 cells)."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Checkbox


class ChecklistItem(Checkbox):
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.render().wrap(max(width, 1))))
