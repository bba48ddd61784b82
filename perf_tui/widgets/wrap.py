"""Line wrapping by terminal cells, for lists with a mark and a hanging indent.

Chinese has no spaces to break at: a general-purpose wrapper moves a whole run of Chinese text to
the next line when it does not fit after a mark or a date ("★" on one line, the prompt below it).
Here every CJK character is a break opportunity, English words stay whole (unless longer than the
line), and continuation lines are indented under the text.
"""

from __future__ import annotations

import re

from textual.widgets import Static

from perf_tui.text import cell_width

# Marks that may not begin a line in Chinese typesetting (避头点): when one would, the character
# before it moves down with it, as a Chinese reader expects.
_NO_LINE_START = frozenset("，。、；：！？）」』】》〉…’”,.;:!?)]}%")

_TOKEN = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|.", re.S)


def _is_space(token: str) -> bool:
    return token.isspace()


def _split_long(token: str, width: int) -> list[str]:
    parts, current = [], ""
    for ch in token:
        if current and cell_width(current + ch) > width:
            parts.append(current)
            current = ""
        current += ch
    return parts + ([current] if current else [])


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells (newlines in the text are kept)."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if _is_space(token):
                if line:
                    line += " "
                continue
            pieces = _split_long(token, width) if cell_width(token) > width else [token]
            for piece in pieces:
                candidate = line + piece
                if cell_width(candidate.rstrip()) <= width or not line.strip():
                    line = candidate
                else:
                    line = _break_before(lines, line, piece, width)
        lines.append(line.rstrip())
    return lines


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _break_before(lines: list[str], line: str, piece: str, width: int) -> str:
    """End `line` and start the next with `piece`; a closing mark takes the character before it
    along rather than start the line alone."""
    kept = line.rstrip()
    if piece[0] in _NO_LINE_START:
        start = len(kept)
        while start > 0 and kept[start - 1] in _NO_LINE_START:  # "法]" before "，": carry both
            start -= 1
        carry = kept[start - 1:] if start > 1 and _is_cjk(kept[start - 1]) else ""
        if carry and cell_width(carry + piece) <= width:
            lines.append(kept[: start - 1].rstrip())
            return carry + piece
    lines.append(kept)
    return piece


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

