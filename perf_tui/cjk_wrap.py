"""Line breaking for mixed Chinese and English text, by terminal cells (headless: no Textual).

Every text the app wraps goes through here: the lists on the meeting screen (widgets/wrap.py), and,
through the hooks that widgets/wrap.py installs, everything Textual wraps itself (labels, hints,
findings, notifications, the notes' soft wrap). A general-purpose wrapper breaks only at spaces, so a
line "缺陷率 3.5% 未达标，原因是…" that does not fit breaks after "3.5%" and leaves a short line. Chinese
has no spaces: every CJK character is a break opportunity, so the line is filled before it breaks.

The rules, in order:
- English words (any run of non-space, non-CJK characters) stay whole; a word longer than the line
  is cut by cells, as it has to be.
- A break may fall at a space or on either side of a CJK character.
- A closing mark (，。、；：！？）」 … and , . ; : ! ? ) ] }) never begins a line: the character before it
  moves down with it (避头点); an opening mark ( （「【《 …) never ends one (避尾点).
- No line is wider than the width, except when a single character is wider than the line.

The functions return break offsets (indices where a new line starts) so that a caller holding styled
text can cut it at the same places; `wrap_lines` gives the plain lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

from perf_tui.text import _char_width

CharWidth = Callable[[str], int]

# Marks that may not begin a line in Chinese typesetting (避头点).
NO_LINE_START = frozenset("，。、；：！？）」』】》〉〕〗〙］｝…’”,.;:!?)]}%")
# Marks that may not end a line (避尾点): they move down with what they open.
NO_LINE_END = frozenset("（「『【《〈〔〖〘［｛‘“([{")

_CJK = (r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff")
# A token is what may not be broken inside: one CJK character or one run of other non-space
# characters, with the spaces after it (a break at a space leaves the space at the end of the line).
_TOKEN = re.compile(rf"\s+|(?:[{_CJK}]|[^\s{_CJK}]+)\s*")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def is_cjk(ch: str) -> bool:
    """Whether a line may break on either side of `ch`."""
    return bool(_CJK_CHAR.match(ch))


def _width(text: str, char_width: CharWidth) -> int:
    return sum(char_width(ch) for ch in text)


class _Token:
    __slots__ = ("start", "end", "text", "body", "full")

    def __init__(self, start: int, end: int, text: str, cells: list[int]) -> None:
        self.start, self.end, self.text = start, end, text
        body_end = start + len(text.rstrip() or text)  # leading spaces are a token of their own
        self.body = cells[body_end] - cells[start]
        self.full = cells[end] - cells[start]

    @property
    def first(self) -> str:
        return self.text[:1]


def wrap_offsets(text: str, width: int, *, char_width: CharWidth = _char_width,
                 keep_trailing_spaces: bool = False, fold: bool = True) -> list[int]:
    """Indices in `text` (one line, no newline) where a wrapped line starts, the first (0) left out.

    With `keep_trailing_spaces` the spaces at the end of a line count in its width (an editor shows
    them and puts its cursor after them); otherwise they hang past the edge and the caller strips
    them. With `fold` false, a word longer than the line is left whole (the caller crops it).
    """
    width = max(1, width)
    cells = [0, *accumulate(map(char_width, text))]  # cells[i]: width of text[:i]
    tokens = [_Token(m.start(), m.end(), m.group(), cells) for m in _TOKEN.finditer(text)]
    breaks: list[int] = []
    line: list[_Token] = []
    used = 0  # cells taken by the line's tokens, with their trailing spaces

    def measured(token: _Token) -> int:
        return token.full if keep_trailing_spaces else token.body

    for token in tokens:
        if line and used + measured(token) > width:
            carried = _carried(line, token, width, measured(token))
            breaks.append(carried[0].start if carried else token.start)
            line, used = carried, sum(t.full for t in carried)
        if not line and measured(token) > width and fold:
            inside = _fold(text, token, width, char_width, keep_trailing_spaces)
            breaks.extend(inside)
            used = _width(text[inside[-1] if inside else token.start:token.end], char_width)
            line = [token]
            continue
        line.append(token)
        used += token.full
    return [b for b in breaks if 0 < b < len(text)]


def _carried(line: list[_Token], token: _Token, width: int, token_width: int) -> list[_Token]:
    """The tokens at the end of `line` that move down with `token`: the word before a closing mark
    (with the closing marks already after it), and an opening mark that would end the line. None
    when they would not fit on the next line or nothing would stay on this one."""
    keep = len(line)
    if token.first in NO_LINE_START:
        while keep > 0 and line[keep - 1].first in NO_LINE_START:
            keep -= 1
        keep -= 1
    without_openers = keep
    while keep > 0 and _all_opening(line[keep - 1].text.rstrip()):
        keep -= 1
    if keep <= 0:  # the line would hold only opening marks: the closing rule comes first
        keep = without_openers
    if keep <= 0 or keep >= len(line):
        return []
    group = line[keep:]
    if sum(t.full for t in group) + token_width > width:
        return []
    return group


def _all_opening(body: str) -> bool:
    return bool(body) and all(ch in NO_LINE_END for ch in body)


def _fold(text: str, token: _Token, width: int, char_width: CharWidth,
          keep_trailing_spaces: bool) -> list[int]:
    """Breaks inside a word longer than the line, by cells."""
    end = token.end if keep_trailing_spaces else token.start + len(text[token.start:token.end].rstrip())
    breaks, used = [], 0
    for index in range(token.start, end):
        w = char_width(text[index])
        if used and used + w > width:
            breaks.append(index)
            used = 0
        used += w
    return breaks


def wrap_lines(text: str, width: int, *, char_width: CharWidth = _char_width) -> list[str]:
    """`text` as lines of at most `width` cells; its own newlines are kept, spaces at a break dropped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        offsets = [0, *wrap_offsets(paragraph, width, char_width=char_width), len(paragraph)]
        lines.extend(paragraph[a:b].rstrip() for a, b in zip(offsets, offsets[1:]))
    return lines
