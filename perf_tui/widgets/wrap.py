"""Line wrapping by terminal cells in the UI: lists with a mark and a hanging indent, and the hooks
that make Textual's own wrapping break Chinese like Chinese.

Chinese has no spaces to break at: a general-purpose wrapper moves a whole run of Chinese text to
the next line when it does not fit after a mark or a date ("★" on one line, the prompt below it), or
breaks at the last space before it ("缺陷率 3.5%" / "未达标…"). The rules live in perf_tui/cjk_wrap.py
(headless, tested on their own); this module applies them to what the screens show.
"""

from __future__ import annotations

from textual.widgets import Static

from perf_tui.cjk_wrap import wrap_lines as wrap_cells, wrap_offsets
from perf_tui.text import cell_width

__all__ = ["HangingList", "hanging", "install_cjk_wrapping", "wrap_cells"]


def hanging(mark: str, text: str, width: int) -> str:
    """"★ first line" then the rest indented under the text."""
    indent = cell_width(mark)
    lines = wrap_cells(text, width - indent)
    return "\n".join([mark + lines[0], *(" " * indent + line for line in lines[1:])])


class HangingList(Static):
    """Items shown as "mark text" with a hanging indent, re-wrapped when the width changes."""

    DEFAULT_CSS = "HangingList { height: auto; }"

    def __init__(self, items: list[tuple[str, str]] | None = None, *, id: str | None = None,
                 classes: str = "") -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.items: list[tuple[str, str]] = list(items or [])

    def set_items(self, items: list[tuple[str, str]]) -> None:
        self.items = list(items)
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap()

    def on_mount(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return
        self.update("\n".join(hanging(mark, text, width) for mark, text in self.items))



def install_cjk_wrapping() -> None:
    """Make every wrap Textual and Rich do use perf_tui/cjk_wrap.py's break rules: labels, hints,
    findings and notifications (textual.content), Rich renderables such as the help table
    (rich.text) and the notes' soft wrap (TextArea's wrapped document).

    Textual has no setting for its line breaker, so the module-level functions its renderers call
    are replaced; Textual is pinned exactly (pyproject.toml) and tests/ui/test_cjk_wrapping.py fails
    if a new version renames them. Idempotent.
    """
    import rich.text
    import textual.content
    import textual.document._wrapped_document as wrapped_document
    from rich.cells import get_character_cell_size

    if getattr(textual.content.divide_line, "_perf_tui", False):
        return
    rich_divide_line = textual.content.divide_line
    textual_wrap_offsets = wrapped_document.compute_wrap_offsets

    def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
        if text.isascii():  # nothing to break between: Rich's own answer, and its speed
            return rich_divide_line(text, width, fold=fold)
        return wrap_offsets(text, width, char_width=get_character_cell_size, fold=fold)

    def compute_wrap_offsets(text: str, width: int, tab_size: int, fold: bool = True,
                             precomputed_tab_sections=None) -> list[int]:
        if text.isascii() or "\t" in text:  # tabs have widths by position: Textual measures them
            return textual_wrap_offsets(text, width, tab_size, fold, precomputed_tab_sections)
        return wrap_offsets(text, width, char_width=get_character_cell_size,
                            keep_trailing_spaces=True, fold=fold)

    divide_line._perf_tui = True  # type: ignore[attr-defined]
    compute_wrap_offsets._perf_tui = True  # type: ignore[attr-defined]
    textual.content.divide_line = divide_line
    rich.text.divide_line = divide_line
    wrapped_document.compute_wrap_offsets = compute_wrap_offsets
