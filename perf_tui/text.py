"""Terminal cell widths, so that CJK text lines up. Never measure display text with len()."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Number of terminal cells `text` occupies."""
    if text.isascii():
        return sum(1 for ch in text if ch.isprintable())
    return sum(_char_width(ch) for ch in text)


def pad(text: str, width: int) -> str:
    """Left-align `text` in `width` cells (never truncates)."""
    return text + " " * max(0, width - cell_width(text))


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` cells, adding an ellipsis when cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    limit = max(0, width - cell_width(ellipsis))
    for ch in text:
        w = _char_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def escape_unprintable(text: str) -> str:
    """`text` with every character a terminal would act on (control characters, ESC of an ANSI
    sequence, C1 controls, bidi overrides, lone surrogates) written as its escape: "\\x1b[31m"
    shows as the six characters \\x1b[31m. Printable text, CJK included, is unchanged."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def fit_columns(header: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, padding: int = 2,
                shrinkable: Sequence[int] = (), floor: int = 6) -> list[list[str]]:
    """`rows` with cells cut (with an ellipsis) so that the table fits in `width` cells.

    Each column is as wide as its widest cell or its header, plus `padding`. When the sum is too
    wide, the columns listed in `shrinkable` give up cells, the widest first, down to `floor`
    (or their header's width, if wider); the others (dates, statuses) are never cut. A table that
    still does not fit is left at those widths (the terminal is below any useful size).
    """
    columns = len(header)
    widths = [cell_width(label) for label in header]
    for row in rows:
        for index, cell in enumerate(row[:columns]):
            widths[index] = max(widths[index], cell_width(cell))
    excess = sum(widths) + padding * columns - width
    while excess > 0:
        candidates = [i for i in shrinkable if widths[i] > max(floor, cell_width(header[i]))]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return [[truncate(cell, widths[i]) if i < columns else cell for i, cell in enumerate(row)] for row in rows]
