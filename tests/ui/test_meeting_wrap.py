"""Wrapping by cells for the meeting screen's lists (prompts, key events): CJK text starts on the
mark's line and every line fits its width."""

from __future__ import annotations

from hypothesis import given, strategies as st

from perf_tui.text import cell_width
from perf_tui.widgets.wrap import hanging, wrap_cells


def test_cjk_text_starts_on_the_marks_line_and_hangs_under_itself():
    text = hanging("★ ", "用数据来说差距：目标是[目标值]，实际是[完成值]", 12)
    lines = text.split("\n")
    assert lines[0].startswith("★ 用数据")
    assert all(line.startswith("  ") for line in lines[1:])
    assert all(cell_width(line) <= 12 for line in lines)
    assert "".join(line.strip() for line in text.replace("★", "").split("\n")) == \
        "用数据来说差距：目标是[目标值]，实际是[完成值]"


def test_english_words_stay_whole_and_long_words_are_cut():
    assert wrap_cells("what went well this quarter", 10) == ["what went", "well this", "quarter"]
    assert wrap_cells("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]
    assert wrap_cells("line one\nline two", 20) == ["line one", "line two"]


@given(st.text(alphabet=st.sampled_from("ab 中文，。[]x\n"), max_size=60), st.integers(2, 30))
def test_wrapped_lines_never_exceed_the_width_and_lose_no_text(text, width):
    lines = wrap_cells(text, width)
    assert all(cell_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_a_closing_mark_never_starts_a_chinese_line():
    lines = wrap_cells("主要得益于你的做法，这点做得很好。", 10)
    assert all(line[:1] not in "，。" for line in lines)
    assert "".join(lines) == "主要得益于你的做法，这点做得很好。"
    assert all(cell_width(line) <= 10 for line in lines)


def test_a_closing_bracket_and_comma_move_down_with_the_word_before_them():
    lines = wrap_cells("主要得益于你[具体做法]，这点做得很好。", 22)
    assert all(line[:1] not in "，。]" for line in lines)
    assert "".join(lines) == "主要得益于你[具体做法]，这点做得很好。"
