"""Line breaking for mixed Chinese and English text (perf_tui/cjk_wrap.py): lines are filled
between CJK characters instead of breaking at the last space before a run of Chinese, English words
stay whole, closing marks never begin a line, and nothing is lost or reordered."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from perf_tui.cjk_wrap import NO_LINE_END, NO_LINE_START, is_cjk, wrap_lines, wrap_offsets
from perf_tui.text import cell_width


def test_a_short_line_is_not_left_before_a_run_of_chinese():
    # A space-only wrapper gives "缺陷率 3.5%" / "未达标，原因是样本…": a short first line.
    lines = wrap_lines("缺陷率 3.5% 未达标，原因是样本量不足", 20)
    assert lines == ["缺陷率 3.5% 未达标，", "原因是样本量不足"]


def test_a_name_after_a_space_stays_on_the_line_it_fits():
    lines = wrap_lines("将与 张伟（2025上半年）的面谈结果相衔接", 16)
    assert lines[0] == "将与 张伟（2025"
    assert all(cell_width(line) <= 16 for line in lines)
    assert "".join(lines) == "将与 张伟（2025上半年）的面谈结果相衔接"


def test_english_words_stay_whole_and_only_a_word_longer_than_the_line_is_cut():
    assert wrap_lines("what went well this quarter", 10) == ["what went", "well this", "quarter"]
    assert wrap_lines("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]
    assert wrap_lines("达成 Achievement 率", 14) == ["达成", "Achievement 率"]


def test_a_closing_mark_takes_the_character_before_it_down():
    lines = wrap_lines("主要得益于你的做法，这点做得很好。", 10)
    assert lines == ["主要得益于", "你的做法，", "这点做得很", "好。"]


def test_an_opening_mark_never_ends_a_line():
    lines = wrap_lines("有一项目标没有达成：（交付物）原定", 20)
    assert not any(line[-1:] in NO_LINE_END for line in lines)
    assert "".join(lines) == "有一项目标没有达成：（交付物）原定"


def test_newlines_are_kept_and_offsets_cut_the_text_without_losing_a_character():
    assert wrap_lines("第一行\n第二行", 20) == ["第一行", "第二行"]
    text = "缺陷率 3.5% 未达标，原因是样本量不足"
    offsets = wrap_offsets(text, 12)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)])]
    assert "".join(pieces) == text
    assert offsets == sorted(set(offsets)) and 0 not in offsets


def test_an_editor_counts_the_spaces_at_the_end_of_its_lines():
    text = "目标 完成 情况 良好"
    for width in range(2, 12):
        offsets = wrap_offsets(text, width, keep_trailing_spaces=True)
        pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)])]
        assert all(cell_width(piece) <= max(width, 2) for piece in pieces), (width, pieces)


# Words of ASCII letters and digits, single CJK characters, single closing or opening marks, and
# spaces: the mix a manager types. Closing marks come one at a time and the line is wide enough for
# a word and a mark, the conditions under which the rule can always be kept (a word as wide as the
# line followed by "、" cannot keep it without cutting the word: the mark then begins the line).
_CLOSING = sorted(NO_LINE_START - set(",.;:!?)]}%"))
_PIECES = st.one_of(
    st.text(alphabet="abcdefgh0123456789", min_size=1, max_size=4),
    st.sampled_from(list("缺陷率未达标原因是样本量不足张伟上半年")),
    st.sampled_from(_CLOSING),
    st.sampled_from(sorted(NO_LINE_END)),
    st.just(" "),
)


@st.composite
def _texts(draw) -> str:
    pieces = draw(st.lists(_PIECES, max_size=40))
    out: list[str] = []
    for piece in pieces:
        if piece in _CLOSING and (not out or out[-1] in _CLOSING or out[-1] == " "):
            continue
        if piece.isascii() and piece.isalnum() and out and out[-1].isascii() and out[-1].isalnum():
            out.append(" ")  # two drawn words are two words, not one longer than the line
        out.append(piece)
    return "".join(out)


@settings(deadline=None)
@given(_texts(), st.integers(6, 40))
def test_wrapping_keeps_every_character_in_order_within_the_width(text, width):
    offsets = wrap_offsets(text, width)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)])]
    assert "".join(pieces) == text  # every character, in order: only the spaces at a break go
    lines = wrap_lines(text, width)
    assert lines == [piece.rstrip() for piece in pieces] or (not text and lines == [""])
    assert all(cell_width(line) <= width for line in lines)
    assert not any(line[:1] in NO_LINE_START for line in lines[1:])


@settings(deadline=None)
@given(_texts(), st.integers(6, 40))
def test_a_line_breaks_between_cjk_characters_rather_than_at_an_earlier_space(text, width):
    # A line is never ended early: the character that begins the next line would not have fitted
    # on it (unless a punctuation rule carried it down with a mark).
    offsets = wrap_offsets(text, width)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)])]
    for piece, following in zip(pieces, pieces[1:]):
        carried = following[:1] in NO_LINE_END or following[1:2] in NO_LINE_START \
            or (following[1:2] in NO_LINE_END and is_cjk(following[0]))
        if is_cjk(following[0]) and not carried:
            assert cell_width(piece + following[0]) > width, (piece, following)
