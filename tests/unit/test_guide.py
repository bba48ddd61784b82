"""guide.py: the printed interview guide for every type, in both languages."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import time

import pytest
from markdown_it import MarkdownIt

from perf_tui.guide import parse_guide_args, render_guide, validate_guide_args
from perf_tui.model import CHECKLIST_ITEMS, STAGES, InterviewType, RoleLevel
from perf_tui.prompts import load_user_prompts, must_ask_unasked, select_prompts

LANGS = ("en", "zh")


def stage_section(guide: str, number: int) -> str:
    start = guide.index(f"### {number}. ")
    end = guide.find("\n### ", start + 1)
    if end == -1:
        end = guide.index("\n## ", start)
    return guide[start:end]


# Literal expectations: a catalog edit that breaks the guide's wording must fail here, so the
# oracle is never the catalog the guide itself reads.
TITLES = {
    "en": {"regular": "Interview guide: Regular review", "improvement": "Interview guide: Improvement interview",
           "development": "Interview guide: Development interview",
           "promotion": "Interview guide: Pre-promotion / pay review", "other": "Interview guide: Other"},
    "zh": {"regular": "绩效面谈指南：常规回顾", "improvement": "绩效面谈指南：改进型", "development": "绩效面谈指南：发展型",
           "promotion": "绩效面谈指南：晋升/调薪前评估", "other": "绩效面谈指南：其他"},
}
STAGE_NAMES = {
    "en": ["Opening", "Performance review", "Root cause", "Action planning", "Confirmation"],
    "zh": ["开场", "绩效回顾", "问题根源", "制定改进措施", "总结与确认"],
}
PARTS = {"en": ["## Before the meeting", "## During the meeting", "## After the meeting"],
         "zh": ["## 面谈前", "## 面谈中", "## 面谈后"]}
MUST_ASK = {"en": "(must ask)", "zh": "（必问）"}
CHECKLIST_FIRST = {"en": "- [ ] Aim of the interview set for its type", "zh": "- [ ] "}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("interview_type", list(InterviewType))
def test_guide_for_every_type_has_the_stages_timeboxes_checklist_and_must_ask_prompts(interview_type, lang):
    guide = render_guide(interview_type, "staff", 60, lang)
    assert guide.splitlines()[0] == "# " + TITLES[lang][interview_type]
    positions = [guide.index(part) for part in PARTS[lang]]
    assert positions == sorted(positions)
    before = guide[positions[0]:positions[1]]
    assert before.count("\n- [ ] ") == len(CHECKLIST_ITEMS) == 7
    assert CHECKLIST_FIRST[lang] in before
    for number, name in enumerate(STAGE_NAMES[lang], start=1):
        section = stage_section(guide, number)
        assert section.startswith(f"### {number}. {name} · ")
        stage = STAGES[number - 1]
        must = must_ask_unasked(stage, interview_type, "staff", [], lang)
        for prompt in must:
            assert prompt.text in section
        assert section.count(MUST_ASK[lang]) == len(must)
    after = guide[positions[2]:]
    assert after.count("\n- ") >= 3


def test_start_offsets_add_up_stage_by_stage():
    guide = render_guide("regular", "manager", 60, "en")
    offsets = re.findall(r"starts \+(\d\d:\d\d)", guide)
    assert offsets == ["00:00", "05:13", "20:52", "36:31", "52:10"]
    assert "ends +60:00" in guide


def test_wall_clock_start_times_when_a_start_is_given():
    guide = render_guide("improvement", "staff", 90, "en", start=time(14, 0))
    assert "14:00–15:30" in guide
    headings = [line for line in guide.splitlines() if line.startswith("### ")]
    assert [h.rsplit(" ", 1)[-1] for h in headings] == ["14:00", "14:07", "14:31", "14:54", "15:18"]
    assert "ends 15:30" in guide


def test_guide_for_the_done_when_case_is_usable_in_chinese():
    guide = render_guide("improvement", "staff", 60, "zh")
    assert guide.startswith("# 绩效面谈指南：改进型")
    for heading in ("## 面谈前", "## 面谈中", "## 面谈后"):
        assert heading in guide
    assert "问题识别-原因分析-改进方案" in guide
    assert "（必问）" in guide and "Ask" not in guide and "must ask" not in guide


@pytest.mark.parametrize("lang", LANGS)
def test_the_markdown_renders_without_stray_emphasis_marks(lang):
    # Chinese punctuation next to ** breaks CommonMark emphasis; the catalogs avoid it.
    html = MarkdownIt("commonmark").enable("table").render(render_guide("development", "executive", 75, lang))
    assert "**" not in html and "<table>" in html
    assert html.count("<strong>") >= 10


def test_every_type_level_and_length_renders_in_both_languages():
    for interview_type in InterviewType:
        for level in RoleLevel:
            for minutes in (15, 60, 180):
                for lang in LANGS:
                    guide = render_guide(interview_type, level, minutes, lang)
                    assert guide.count("\n### ") == 5
                    assert f"**{minutes}:00**" in guide  # the total row: 15:00, 60:00, 180:00


def test_optional_prompts_are_capped_but_must_ask_ones_never_are():
    full = render_guide("improvement", "staff", 60, "en", max_prompts=None)
    short = render_guide("improvement", "staff", 60, "en", max_prompts=0)
    for stage in STAGES:
        for prompt in select_prompts(stage, "improvement", "staff", "en"):
            assert prompt.text in full
            if prompt.must_ask:
                assert prompt.text in short
    assert "More prompts for this stage in the app" in short
    assert "More prompts" not in full


def test_user_prompts_and_weights_reach_the_guide(config_dir):
    from perf_tui import locations

    locations.user_prompts_file().write_text(
        '[hide]\nall = ["opening.two_way"]\n\n'
        '[[prompt]]\nstage = "opening"\nlang = "en"\ntext = "Coffee first?"\n',
        encoding="utf-8",
    )
    user, error = load_user_prompts()
    assert error is None
    guide = render_guide("regular", "staff", 60, "en", user_prompts=user, weights={"opening": 3})
    assert "Coffee first?" in guide
    assert "two-way conversation" not in guide
    assert "### 1. Opening · 13:20" in guide  # 3600 * 3 / 13.5 s


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("annual", "staff", 60), "regular, improvement, development, promotion, other"),
        (("regular", "boss", 60), "staff, manager, executive"),
        (("regular", "staff", 200), "15"),
        (("regular", "staff", 10), "180"),
    ],
)
def test_invalid_arguments_give_a_message_listing_the_valid_values(args, expected):
    with pytest.raises(ValueError) as info:
        validate_guide_args(*args)
    assert expected in str(info.value)
    with pytest.raises(ValueError):
        render_guide(*args, "en")


def test_invalid_arguments_message_in_chinese():
    with pytest.raises(ValueError) as info:
        validate_guide_args("annual", "staff", 60, lang="zh")
    assert "未知的面谈类型" in str(info.value) and "improvement" in str(info.value)


def test_valid_arguments_pass_in_any_case():
    assert validate_guide_args("Improvement", "STAFF", 45) is None
    assert parse_guide_args("Improvement", "STAFF", 45) == (InterviewType.IMPROVEMENT, RoleLevel.STAFF, 45)


def test_guide_does_not_import_textual():
    code = "import sys, perf_tui.guide; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
