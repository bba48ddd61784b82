"""prompts: the built-in library, selection and the user's prompts file."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import perf_tui.prompts as prompts
from perf_tui import locations
from perf_tui.model import STAGES, InterviewType, RoleLevel, Stage
from perf_tui.prompts import (
    UserPrompts,
    library,
    load_user_prompts,
    must_ask_unasked,
    prompt_by_id,
    select_prompts,
)

LANGS = ("en", "zh")
COMBINATIONS = [(s, t, l) for s in STAGES for t in InterviewType for l in RoleLevel]
CJK = re.compile(r"[\u4e00-\u9fff]")


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the library


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("stage", "interview_type", "level"), COMBINATIONS)
def test_every_stage_type_level_and_language_has_at_least_four_prompts(stage, interview_type, level, lang):
    chosen = select_prompts(stage, interview_type, level, lang)
    assert len(chosen) >= 4
    assert all(p.stage == stage and p.lang == lang and p.text.strip() for p in chosen)
    assert any(p.must_ask for p in chosen), "every stage has something that must be said"


@pytest.mark.parametrize(("stage", "interview_type", "level"), COMBINATIONS)
def test_every_combination_gets_prompts_written_for_its_type_and_for_its_level(stage, interview_type, level):
    chosen = select_prompts(stage, interview_type, level, "en")
    assert any(interview_type in p.types for p in chosen)
    assert any(level in p.levels for p in chosen)


def test_library_size_ids_and_texts():
    entries = library()
    assert 120 <= len(entries) <= 180
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry.id.startswith(f"{entry.stage}."), entry.id
        assert entry.kind in prompts.KINDS
        assert entry.priority in prompts.PRIORITIES
        assert set(entry.texts) == set(LANGS)
        assert entry.texts["en"].strip() and entry.texts["zh"].strip()
        assert not CJK.search(entry.texts["en"]), entry.id
        assert CJK.search(entry.texts["zh"]), entry.id


def test_library_follows_the_forms_process():
    texts = " ".join(e.texts["en"] for e in library())
    for phrase in ("plan for today", "why", "SMART", "owner", "support", "sign", "questions"):
        assert phrase.lower() in texts.lower()
    zh = " ".join(e.texts["zh"] for e in library())
    for phrase in ("5Why", "倾听-提问-引导", "SMART", "签字", "24小时"):
        assert phrase in zh


def test_must_ask_prompts_are_things_to_say_or_ask_not_tips():
    assert all(e.kind != "tip" for e in library() if e.must_ask)


def test_the_packaged_library_file_is_valid_toml_with_only_prompt_tables():
    data = tomllib.loads((Path(prompts.__file__).parent / prompts.LIBRARY_FILE).read_text("utf-8"))
    assert set(data) == {"prompt"}


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize(("stage", "interview_type", "level"), COMBINATIONS[::4])
def test_order_is_must_ask_by_step_then_relevance_then_priority(stage, interview_type, level):
    chosen = select_prompts(stage, interview_type, level, "en")
    must = [p for p in chosen if p.must_ask]
    optional = [p for p in chosen if not p.must_ask]
    assert chosen[:len(must)] == must
    steps = {e.id: e.step for e in library()}
    assert [steps[p.id] for p in must] == sorted(steps[p.id] for p in must)
    keys = [(-p.relevance, -p.priority) for p in optional]
    assert keys == sorted(keys)


def test_must_ask_prompts_follow_the_process_order():
    opening = [p.id for p in must_ask_unasked("opening", "improvement", "staff", [], "en")]
    assert opening == ["opening.positive_specific", "opening.improvement.purpose", "opening.agenda"]
    closing = [p.id for p in must_ask_unasked("confirmation", "improvement", "staff", [], "en")]
    assert closing[-2:] == ["confirmation.questions", "confirmation.sign"]


def test_specific_prompts_come_before_generic_ones_of_the_same_kind():
    chosen = select_prompts("root_cause", "improvement", "staff", "en")
    optional = [p for p in chosen if not p.must_ask]
    assert optional[0].id == "root_cause.improvement.staff_never_shown"
    assert optional[0].relevance == 2
    assert optional[-1].relevance == 0


def test_type_specific_prompts_only_for_their_type():
    improvement = {p.id for p in select_prompts("opening", "improvement", "staff", "en")}
    regular = {p.id for p in select_prompts("opening", "regular", "staff", "en")}
    assert "opening.improvement.purpose" in improvement
    assert "opening.improvement.purpose" not in regular
    assert "opening.regular.period_summary" in regular - improvement


def test_level_specific_prompts_only_for_their_level():
    executive = {p.id for p in select_prompts("review", "regular", "executive", "en")}
    staff = {p.id for p in select_prompts("review", "regular", "staff", "en")}
    assert "review.executive.strategic_goals" in executive - staff
    assert "review.staff.on_time" in staff - executive


def test_selection_accepts_enums_and_strings_and_language_variants():
    a = select_prompts(Stage.REVIEW, InterviewType.PROMOTION, RoleLevel.MANAGER, "zh")
    b = select_prompts("review", "promotion", "manager", "zh_CN.UTF-8")
    assert [p.id for p in a] == [p.id for p in b]
    assert all(CJK.search(p.text) for p in a)


def test_an_unknown_type_or_level_gets_the_generic_prompts():
    chosen = select_prompts("opening", "something-newer", "intern", "en")
    assert chosen and all(not p.types and not p.levels for p in chosen)


def test_same_ids_in_both_languages():
    for stage, interview_type, level in COMBINATIONS[:15]:
        en = [p.id for p in select_prompts(stage, interview_type, level, "en")]
        zh = [p.id for p in select_prompts(stage, interview_type, level, "zh")]
        assert en == zh


def test_must_ask_unasked_lists_what_is_left():
    left = must_ask_unasked("confirmation", "regular", "staff", [], "en")
    assert [p.id for p in left] == ["confirmation.restate", "confirmation.questions", "confirmation.sign"]
    left = must_ask_unasked("confirmation", "regular", "staff", {"confirmation.restate", "x"}, "en")
    assert [p.id for p in left] == ["confirmation.questions", "confirmation.sign"]
    all_ids = [p.id for p in select_prompts("confirmation", "regular", "staff", "en")]
    assert must_ask_unasked("confirmation", "regular", "staff", all_ids, "en") == []


def test_must_ask_unasked_includes_type_specific_ones():
    left = {p.id for p in must_ask_unasked("opening", "improvement", "manager", [], "zh")}
    assert "opening.improvement.purpose" in left and "opening.agenda" in left


def test_prompt_by_id():
    prompt = prompt_by_id("opening.agenda", "zh")
    assert prompt is not None and prompt.lang == "zh" and "安排" in prompt.text
    assert prompt_by_id("nope", "en") is None


# --------------------------------------------------------------------------- the user's file


def test_a_missing_user_file_is_not_an_error(config_dir):
    user, error = load_user_prompts()
    assert error is None and user.prompts == () and user.path == locations.user_prompts_file()


def test_user_prompts_add_per_language_and_in_both(config_dir):
    write(locations.user_prompts_file(), """
        [[prompt]]
        stage = "review"
        kind = "question"
        lang = "en"
        text = "Which customer said that, and when?"
        types = ["improvement"]

        [[prompt]]
        id = "my.budget"
        stage = "action_planning"
        text_en = "What budget does this need?"
        text_zh = "这项措施需要多少预算？"
        must_ask = true
        levels = ["manager"]
    """)
    user, error = load_user_prompts()
    assert error is None and len(user.prompts) == 2
    en = select_prompts("review", "improvement", "staff", "en", user)
    zh = select_prompts("review", "improvement", "staff", "zh", user)
    added = [p for p in en if p.source == "user"]
    assert added and added[0].text == "Which customer said that, and when?"
    assert added[0].kind == "question" and added[0].id.startswith("user.")
    assert not [p for p in zh if p.source == "user"]
    assert not [p for p in select_prompts("review", "regular", "staff", "en", user) if p.source == "user"]

    budget = must_ask_unasked("action_planning", "regular", "manager", [], "zh", user)
    assert "my.budget" in {p.id for p in budget}
    assert "my.budget" not in {p.id for p in select_prompts("action_planning", "regular", "staff", "zh", user)}


def test_user_prompts_come_first_within_their_relevance(config_dir):
    write(locations.user_prompts_file(), """
        [[prompt]]
        stage = "opening"
        lang = "en"
        text = "Coffee?"
    """)
    user, _ = load_user_prompts()
    chosen = select_prompts("opening", "regular", "staff", "en", user)
    generic_optional = [p for p in chosen if not p.must_ask and p.relevance == 0]
    assert generic_optional[0].text == "Coffee?"


def test_user_prompts_hide_built_in_ones_per_language(config_dir):
    write(locations.user_prompts_file(), """
        [hide]
        all = ["opening.two_way"]
        zh = ["opening.notes_shared", "opening.no_such_prompt"]
    """)
    user, error = load_user_prompts()
    assert error is None
    en = {p.id for p in select_prompts("opening", "regular", "staff", "en", user)}
    zh = {p.id for p in select_prompts("opening", "regular", "staff", "zh", user)}
    assert "opening.two_way" not in en and "opening.two_way" not in zh
    assert "opening.notes_shared" in en and "opening.notes_shared" not in zh
    assert user.unknown_hidden == ("opening.no_such_prompt",)


def test_a_top_level_hide_list_hides_in_every_language(config_dir):
    write(locations.user_prompts_file(), 'hide = ["review.proudest"]\n')
    user, error = load_user_prompts()
    assert error is None
    for lang in LANGS:
        assert "review.proudest" not in {p.id for p in select_prompts("review", "regular", "staff", lang, user)}


def test_a_user_prompt_with_a_built_in_id_replaces_it(config_dir):
    write(locations.user_prompts_file(), """
        [[prompt]]
        id = "opening.agenda"
        stage = "opening"
        kind = "statement"
        must_ask = true
        lang = "en"
        text = "Today: goals, then gaps, then a plan."
    """)
    user, _ = load_user_prompts()
    chosen = [p for p in select_prompts("opening", "regular", "staff", "en", user) if p.id == "opening.agenda"]
    assert len(chosen) == 1 and chosen[0].text == "Today: goals, then gaps, then a plan."


def test_derived_ids_do_not_depend_on_the_order_in_the_file(config_dir):
    a = {"stage": "review", "lang": "en", "text": "A?"}
    b = {"stage": "review", "lang": "en", "text": "B?"}
    first = prompts.parse_user_prompts({"prompt": [a, b]})
    second = prompts.parse_user_prompts({"prompt": [b, a]})
    assert {p.id for p in first.prompts} == {p.id for p in second.prompts}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[[prompt]\nstage = 1", "line"),
        ('[[prompt]]\nstage = "reveiw"\nlang = "en"\ntext = "x"', "reveiw"),
        ('[[prompt]]\nstage = "review"\nlang = "en"\ntext = "x"\ntpyes = ["staff"]', "tpyes"),
        ('[[prompt]]\nstage = "review"\nlang = "en"\ntext = "x"\ntypes = ["staff"]', "staff"),
        ('[[prompt]]\nstage = "review"\nlang = "fr"\ntext = "x"', "en, zh"),
        ('[[prompt]]\nstage = "review"', "text"),
        ('[[prompt]]\nstage = "review"\ntext_en = "  "', "empty"),
        ('[[prompt]]\nstage = "review"\ntext_en = "x"\nmust_ask = "yes"', "must_ask"),
        ('[[prompt]]\nstage = "review"\ntext_en = "x"\npriority = 7', "priority"),
        ('[[prompt]]\nstage = "review"\ntext_en = "x"\nkind = "joke"', "joke"),
        ('[[prompt]]\nid = "a"\nstage = "review"\ntext_en = "x"\n[[prompt]]\nid = "a"\nstage = "review"\ntext_en = "y"', "'a'"),
        ('[hide]\nfr = ["x"]', "[hide]"),
        ('prompts = []', "prompts"),
    ],
)
def test_a_broken_user_file_gives_one_clear_line_and_the_built_in_set(config_dir, content, expected):
    path = write(locations.user_prompts_file(), content)
    user, error = load_user_prompts()
    assert error is not None
    assert "\n" not in error
    assert str(path) in error and expected in error
    assert user.prompts == () and not any(user.hidden.values())
    assert len(select_prompts("review", "regular", "staff", "en", user)) >= 4


def test_the_entry_number_is_named_in_the_message(config_dir):
    write(locations.user_prompts_file(), """
        [[prompt]]
        stage = "review"
        text_en = "fine"

        [[prompt]]
        stage = "nowhere"
        text_en = "broken"
    """)
    _, error = load_user_prompts()
    assert "prompt 2" in error


def test_broken_file_message_in_chinese(config_dir):
    write(locations.user_prompts_file(), '[[prompt]]\nstage = "x"\ntext_en = "y"\n')
    _, error = load_user_prompts(lang="zh")
    assert "第 1 条提示" in error and "内置提示" in error


def test_a_file_that_is_not_utf8_is_reported(config_dir):
    locations.user_prompts_file().write_bytes(b"\xff\xfe[[prompt]]")
    _, error = load_user_prompts()
    assert error and "UTF-8" in error


def test_an_unreadable_path_is_reported(tmp_path):
    folder = tmp_path / "a-folder.toml"
    folder.mkdir()
    _, error = load_user_prompts(folder)
    assert error and str(folder) in error


def test_the_documented_example_is_a_valid_file(config_dir):
    doc = prompts.__doc__
    example = doc[doc.index("# Hide built-in prompts"):doc.index("The ids of the built-in")]
    write(locations.user_prompts_file(), textwrap.dedent("        " + example.strip()))
    user, error = load_user_prompts()
    assert error is None, error
    assert len(user.prompts) == 2
    assert user.hidden["en"] == {"opening.notes_shared"}
    assert user.hidden["zh"] == {"opening.notes_shared", "review.feedback_sources"}
    assert {p.stage for p in user.prompts} == {"review", "action_planning"}
    assert user.unknown_hidden == ()


def test_prompt_modules_never_import_textual():
    code = "import sys, perf_tui.prompts, perf_tui.agenda; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_empty_user_prompts_change_nothing():
    assert select_prompts("review", "regular", "staff", "en", UserPrompts()) == \
        select_prompts("review", "regular", "staff", "en")
