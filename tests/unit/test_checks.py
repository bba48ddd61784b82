"""Writing checks: SMART actions, facts not adjectives, the 5-Why chain."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perf_tui import i18n
from perf_tui.checks import Finding, check_action, check_fact, check_why_chain
from perf_tui.demo import build_demo_record
from perf_tui.model import Action, Checkpoint, CheckpointStatus, Goal, Problem, Record

TODAY = date(2024, 10, 8)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def good_action(**changes) -> Action:
    action = Action(
        measure="Collect 50 more samples for the market research report",
        steps=["Agree survey channels with marketing", "Collect 25 samples a week"],
        owner="Alex", deadline="2024-10-20", support="Marketing provides survey channels", links=["g1"],
        checkpoints=[Checkpoint(date="2024-10-14", description="First 25 samples")],
    )
    for key, value in changes.items():
        setattr(action, key, value)
    return action


# --------------------------------------------------------------------------- SMART


def test_a_well_written_action_has_no_findings():
    assert check_action(good_action(), TODAY) == []


def test_the_forms_chinese_example_action_passes():
    action = Action(measure="10月20日前完成额外50个样本收集", steps=["与市场部确认调研渠道"], owner="员工",
                    deadline_text="10月20日", support="部门协调市场部提供调研渠道支持", links=["p1"],
                    checkpoints=[Checkpoint(date_text="10月14日", description="完成前25个样本")])
    assert check_action(action, TODAY) == []


def test_empty_action_reports_every_missing_part():
    assert codes(check_action(Action(), TODAY)) == [
        "smart.specific.empty", "smart.achievable.no_owner", "smart.time.no_deadline",
        "smart.achievable.no_support", "smart.relevant.no_link", "smart.time.no_checkpoint",
    ]


@pytest.mark.parametrize("measure", ["improve communication", "work harder and pay more attention", "加强沟通",
                                     "努力提高工作质量"])
def test_vague_measures_are_flagged(measure):
    found = codes(check_action(good_action(measure=measure, steps=[]), TODAY))
    assert "smart.specific.vague" in found
    assert {"smart.measurable.none", "smart.measurable.vague"} & set(found)


def test_a_long_vague_action_is_still_vague_and_a_short_specific_one_is_not():
    long_vague = "Improve communication with the team and stakeholders going forward"
    assert "smart.specific.vague" in codes(check_action(good_action(measure=long_vague, steps=[]), TODAY))
    assert "smart.specific.vague" in codes(check_action(good_action(measure="进一步加强与团队及相关方的沟通协作",
                                                                    steps=[]), TODAY))
    for short in ("调整排班覆盖17:00-18:00", "Add a retry to the import job", "Change the on-call rota"):
        assert check_action(good_action(measure=short), TODAY) == [], short


def test_a_quantified_target_is_specific():
    assert check_action(good_action(measure="The complaint rate under 5% from next quarter on"), TODAY) == []


@pytest.mark.parametrize(("owner", "code"), [("", "smart.achievable.no_owner"), ("TBD", "smart.achievable.owner_tbd"),
                                              ("待定", "smart.achievable.owner_tbd"),
                                              ("the team", "smart.achievable.owner_group"),
                                              ("财务部", "smart.achievable.owner_group"),
                                              ("Ken and Ola", "smart.achievable.owner_group"),
                                              ("大家", "smart.achievable.owner_group")])
def test_owner_is_one_accountable_person(owner, code):
    assert codes(check_action(good_action(owner=owner), TODAY)) == [code]


@pytest.mark.parametrize("owner", ["Alex", "the employee", "员工本人", "me", "我", "王强"])
def test_a_name_the_employee_or_the_manager_is_an_owner(owner):
    assert check_action(good_action(owner=owner), TODAY) == []


@pytest.mark.parametrize(("typed", "code"), [("asap", "smart.time.vague"), ("Q4", "smart.time.period"),
                                              ("国庆后", "smart.time.anchor"),
                                              ("下次绩效面谈前", "smart.time.event"),
                                              ("Nov 31", "smart.time.impossible"), ("3/4", "smart.time.ambiguous")])
def test_a_deadline_that_is_not_one_date_says_why(typed, code):
    found = check_action(good_action(deadline="", deadline_text=typed), TODAY)
    assert codes(found) == [code]
    assert typed in found[0].message("en")
    assert found[0].severity == "warn"


def test_countable_deliverable_in_steps_makes_it_measurable():
    action = good_action(measure="Write up the escalation process for the team", steps=["Draft a one-page checklist"])
    assert "smart.measurable.none" not in codes(check_action(action, TODAY))


def test_missing_owner_is_a_warning_and_missing_support_a_hint():
    found = {f.code: f.severity for f in check_action(good_action(owner=" ", support=""), TODAY)}
    assert found == {"smart.achievable.no_owner": "warn", "smart.achievable.no_support": "info"}


def test_support_written_as_none_counts_as_noted():
    assert check_action(good_action(support="无"), TODAY) == []


def test_links_are_checked_against_the_record_when_given():
    record = Record(goals=[Goal(id="g1", name="Report")])
    assert check_action(good_action(), TODAY, record=record) == []
    assert codes(check_action(good_action(links=["gone"]), TODAY, record=record)) == ["smart.relevant.broken_link"]


def test_deadline_in_the_past_is_flagged_only_while_open():
    past = good_action(deadline="2024-10-01", checkpoints=[Checkpoint(date="2024-09-25")])
    found = check_action(past, TODAY)
    assert codes(found) == ["smart.time.past"]
    assert found[0].message("en") == "The deadline (1 Oct 2024) has already passed."
    assert found[0].message("zh") == "完成时限（2024年10月1日）已过。"
    past.status = CheckpointStatus.DONE
    assert check_action(past, TODAY) == []


def test_a_deadline_of_today_has_not_passed_and_yesterday_has():
    # The boundary: "passed" means strictly before today (issue 12 saw `<` turned into `<=` survive).
    today = good_action(deadline="2024-10-08", checkpoints=[Checkpoint(date="2024-10-07")])
    assert "smart.time.past" not in codes(check_action(today, TODAY))
    yesterday = good_action(deadline="2024-10-07", checkpoints=[Checkpoint(date="2024-10-06")])
    assert "smart.time.past" in codes(check_action(yesterday, TODAY))


def test_deadline_typed_but_not_a_date():
    found = check_action(good_action(deadline="", deadline_text="soonish"), TODAY)
    assert codes(found) == ["smart.time.unparsed"]
    assert "soonish" in found[0].message("en")


def test_typed_deadline_is_parsed_when_no_iso_date_is_stored():
    assert check_action(good_action(deadline="", deadline_text="20 Oct"), TODAY) == []


def test_checkpoints_all_after_the_deadline_get_a_hint():
    action = good_action(checkpoints=[Checkpoint(date="2024-11-05", description="Review")])
    assert codes(check_action(action, TODAY)) == ["smart.time.checkpoint_after_deadline"]


def test_a_review_checkpoint_after_the_deadline_is_fine_beside_an_earlier_one():
    action = good_action(checkpoints=[Checkpoint(date="2024-10-14"), Checkpoint(date="2024-11-05")])
    assert check_action(action, TODAY) == []


def test_checkpoint_with_unreadable_date():
    action = good_action(checkpoints=[Checkpoint(date="2024-10-14"), Checkpoint(date_text="whenever")])
    found = check_action(action, TODAY)
    assert codes(found) == ["smart.time.checkpoint_unparsed"]
    assert found[0].values == {"position": 2}


def test_demo_actions_pass_the_smart_check_in_both_languages():
    now = datetime(2024, 10, 8, 14, 0, tzinfo=timezone(timedelta(hours=8)))
    for lang in ("en", "zh"):
        record = build_demo_record(lang, now)
        for action in record.actions:
            assert check_action(action, now.date(), record=record) == [], (lang, action.measure)


# --------------------------------------------------------------------------- facts


@pytest.mark.parametrize(("text", "kind"), [
    ("工作积极主动", "motive"), ("态度不好", "motive"), ("She is proactive", "label"),
    ("He is lazy and careless", "label"), ("very reliable team player", "slang"),
    ("You always miss deadlines.", "generalisation"), ("Communication could be better.", "hedge"),
    ("沟通能力有待提高。", "hedge"), ("他不把这当回事", "motive"), ("Tom is faster than the rest of us", "comparison"),
    ("这次表现拉胯", "slang"), ("Her report was sloppy.", "slang"), ("她的报告写得很敷衍", "motive"),
])
def test_judgments_are_flagged_by_kind(text, kind):
    found = check_fact(text, "en")
    assert codes(found) == [f"facts.judgment.{kind}"]
    assert found[0].severity == "warn"


def test_judgment_words_are_named_in_the_message_longest_chinese_first():
    found = check_fact("工作积极主动，态度很好", "zh")
    assert found[0].values["words"].startswith("积极主动")
    assert "积极主动" in found[0].message("zh")


@pytest.mark.parametrize("text", ["态度很好，项目做得很优秀", "Proactive: escalated the outage on 12 Sep",
                                  "她的报告写得很敷衍，晚交了3天"])
def test_evidence_next_to_a_verdict_does_not_make_it_a_fact(text):
    assert codes(check_fact(text, "en"))[0].startswith("facts.judgment.")


@pytest.mark.parametrize("text", [
    "Q3项目中提前3天完成需求文档，推动测试提前启动",
    "Delivered the spec 3 days early, so testing started early",
    "主动承担跨部门协调角色，对接效率提升30%",
    "因响应延迟引发两次投诉",
    "She presented the roadmap to the board in place of her manager",
    "他独立完成了支付模块的上线",
    'In the review he said "this is a terrible idea" and left',
    "She missed the deadline for the compliance filing",
])
def test_facts_pass_without_digits_with_negative_verbs_and_quotes(text):
    assert check_fact(text, "en") == []


def test_short_or_empty_text_is_left_alone():
    assert check_fact("", "en") == [] and check_fact("  ", "zh") == [] and check_fact("ok", "en") == []


def test_english_judgments_need_word_boundaries():
    assert check_fact("Lazyload module was removed", "en") == []
    assert codes(check_fact("Lazy", "en")) == ["facts.judgment.label"]


@given(st.text(max_size=200))
def test_check_fact_never_raises(text):
    for finding in check_fact(text, "zh"):
        assert finding.severity in ("info", "warn")


# --------------------------------------------------------------------------- 5 Whys


def test_the_forms_5_why_chain_passes():
    problem = Problem(description="市场调研报告延迟交付",
                      whys=["样本量不足", "未提前扩大调研范围", "资源协调不及时", "未提前向部门反馈需求"])
    assert check_why_chain(problem) == []


def test_problem_without_whys_gets_a_hint_and_an_empty_problem_nothing():
    assert codes(check_why_chain(Problem(description="Late report"))) == ["whys.none"]
    assert check_why_chain(Problem()) == []


def test_fewer_than_three_whys_is_a_hint():
    found = check_why_chain(Problem(description="Late report", whys=["Sample too small", "Scope not widened"]))
    assert codes(found) == ["whys.too_few"]
    assert found[0].message("en").startswith("Only 2 why(s)")


def test_empty_why_between_written_ones_but_not_trailing_rows():
    found = check_why_chain(Problem(description="x", whys=["a cause", " ", "a deeper cause", "the process gap", ""]))
    assert codes(found) == ["whys.empty"]
    assert found[0].values == {"position": 2}


def test_repeated_whys_are_flagged_ignoring_case_width_and_punctuation():
    found = check_why_chain(Problem(description="Report late", whys=["Sample too small", "sample too small.",
                                                                     "REPORT LATE", "No checkpoint agreed"]))
    assert [(f.code, f.values["position"]) for f in found] == [("whys.repeated", 2), ("whys.repeated", 3)]


@pytest.mark.parametrize("last", ["He was careless", "human error", "她责任心不强", "员工个人原因", "because of his bad attitude",
                                  "粗心大意"])
def test_chain_ending_in_blame_of_a_person_is_flagged(last):
    found = check_why_chain(Problem(description="Defects shipped", whys=["Tests missed it", "Tests not run", last]))
    assert codes(found) == ["whys.blame"]
    assert "?" in found[0].message("en") or "？" in found[0].message("zh")  # it suggests the next why


@pytest.mark.parametrize(("last", "kind"), [
    ("She wasn't paying attention", "careless"), ("He just doesn't prioritise", "priority"),
    ("他不把这当回事", "attitude"), ("她太不小心了", "careless"), ("She forgot to update the config", "forgot"),
    ("He just ignored the checklist", "rule"), ("他没按流程操作", "rule"),
])
def test_blame_in_any_wording_names_the_next_why(last, kind):
    whys = ["Release config was wrong", "The review missed it", "Reviews were rushed", "A big launch week", last]
    found = check_why_chain(Problem(description="Outage", whys=whys))
    assert [(f.code, f.message_key) for f in found] == [("whys.blame", f"checks.whys.blame.{kind}")]


@pytest.mark.parametrize("last", ["There is no config checklist in the release process", "客服人手不足",
                                  "She forgot because the reminder was never set up", "没有配置磁盘告警"])
def test_a_short_systemic_chain_is_not_blame(last):
    found = check_why_chain(Problem(description="Outage", whys=["He forgot the config", "No check", last]))
    assert "whys.blame" not in codes(found)


def test_blame_earlier_in_the_chain_is_fine_when_it_ends_in_a_process():
    problem = Problem(description="Defects", whys=["He was careless", "No review step", "Checklist lacks a review"])
    assert check_why_chain(problem) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_check_message_exists_in_both_languages(lang):
    keys = [k for k in i18n.catalog(lang) if k.startswith("checks.")]
    assert len(keys) >= 40
    assert set(keys) == {k for k in i18n.catalog("en") if k.startswith("checks.")}
