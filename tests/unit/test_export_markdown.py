"""The Markdown export: faithful to the form in en and zh, complete for the demo, no private notes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from perf_tui import export
from perf_tui.demo import build_demo_record
from perf_tui.model import Agreement, Amendment, Direction, Goal, Record, SignOff, Status

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone(timedelta(hours=8)))

ZH_LABELS = [
    "# 绩效面谈记录与改进措施表", "## 基本信息", "面谈对象（岗位）", "面谈主管（岗位）", "面谈时间", "面谈地点", "绩效周期",
    "面谈类型", "☐常规回顾 ☑改进型 ☐发展型 ☐晋升/调薪前评估 ☐其他（请注明：）",
    "## （一）绩效目标回顾与评估", "| 核心目标 | 目标值 | 完成值 | 达成率 | 评估等级（A/B/C/D） | 备注（关键事件/数据） |",
    "## （二）主要成绩与优势", "## （三）存在不足与问题分析", "| 问题描述 | 原因分析（员工/主管共同填写） |",
    "## （四）改进计划", "| 改进措施 | 行动步骤 | 责任人 | 完成时限 | 所需支持 | 检查点 |", "## （五）总结与确认",
    "### 员工意见", "### 双方签字确认", "签字表示员工已阅知本记录内容，不代表认同全部内容。", "## 跟踪记录",
    "## 各阶段用时（计划/实际）", "## 各阶段记录",
]
EN_LABELS = [
    "# Performance Interview Record and Improvement Plan", "## Basic information", "Employee (position)",
    "Supervisor (position)", "Date and time", "Location", "Performance period", "Interview type",
    "## (1) Goal review and assessment", "| Goal | Target | Actual | Achievement | Grade (A/B/C/D) | Notes (key events / data) |",
    "## (2) Main achievements and strengths", "## (3) Shortfalls and problem analysis", "## (4) Improvement plan",
    "| Measure | Steps | Owner | Deadline | Support needed | Checkpoints |", "## (5) Summary and confirmation",
    "### Employee's comments", "### Signatures of both parties", "it does not mean the employee agrees",
    "## Follow-up log", "## Time planned and spent per stage", "## Notes per stage",
]


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param


def demo_md(lang: str) -> str:
    return export.render(build_demo_record(lang, NOW), "md", lang, now=NOW)


def test_chinese_export_uses_the_forms_own_labels():
    md = demo_md("zh")
    for label in ZH_LABELS:
        assert label in md, label


def test_english_export_uses_equivalent_labels():
    md = demo_md("en")
    for label in EN_LABELS:
        assert label in md, label


def test_demo_exports_completely_in_chinese():
    md = demo_md("zh")
    for expected in [
        "| 面谈对象（岗位） | 张敏（岗位：市场专员） |", "| 面谈地点 | 3号会议室 |",
        "| 绩效周期 | 2024年Q3（2024年7月1日至2024年9月30日） |",
        "| 1 | 完成X项目交付 | 1个项目 | 1个项目 | 100% | A | 提前5天上线，客户满意度95% |",
        "| 2 | 客户投诉率 | ≤5% | 8% | 62.5%（越低越好） | C | 因响应延迟引发2次投诉 |",
        "C（人工评定）", "推动设计部与开发部对接效率提升30%", "（主管补充）", "（员工自述）",
        "  - 5Why分析：\n    1. 样本量不足\n    2. 未提前扩大调研范围\n    3. 资源协调不及时\n    4. 未提前向部门反馈需求",
        "  - 员工：对客户紧急需求响应流程不熟悉", "  - 主管：前期培训未覆盖应急场景，缺乏反馈机制",
        "2024年10月20日前完成额外50个样本收集", "部门协调市场部提供调研渠道支持", "    - 2024年11月5日：回顾样本收集情况",
        "| 员工 | （未签字） |  |", "| 开场 | 5 | 5 |", "| 合计 | 60 | 56 |", "### 问题根源", "尚未提交HR备案",
    ]:
        assert expected in md, expected
    assert "160%" not in md


def test_demo_exports_completely_in_english():
    md = demo_md("en")
    for expected in [
        "| 2 | Customer complaint rate | ≤5% | 8% | 62.5% (lower is better) | C |",
        "| 1 | Deliver project X | 1 project | 1 project | 100% | A |",
        "Alex Chen (Marketing specialist)", "Collect 50 more samples by 20 Oct 2024",
        "    - 5 Nov 2024: Review the sample collection",
        "  - 5 Whys:\n    1. The sample was too small\n    2. The research scope was not widened earlier",
        "| Employee | (not signed) |  |",
        "Does the employee agree: Not yet asked",
    ]:
        assert expected in md, expected


def test_private_notes_never_appear_in_shared_formats(lang):
    record = build_demo_record(lang, NOW)
    record.private_notes = "SECRET-PRIVATE-NOTE do not share"
    for fmt in ("md", "html", "eml", "ics", "json"):
        text = export.render(record, fmt, lang, now=NOW)
        assert "SECRET-PRIVATE-NOTE" not in text, fmt
        if fmt == "eml":
            import email
            from email import policy

            message = email.message_from_string(text, policy=policy.default)
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    assert "SECRET-PRIVATE-NOTE" not in part.get_content()
    assert "SECRET-PRIVATE-NOTE" in export.render(record, "backup", lang)  # the backup is complete


def test_overridden_grade_is_marked_with_the_suggestion():
    record = Record(goals=[Goal(name="Complaints", target="≤5%", actual="8%", direction=Direction.LOWER,
                                grade_override="B")])
    assert "| B (set by hand; suggested C) |" in export.render(record, "md", "en")
    assert "| B（人工调整，建议C） |" in export.render(record, "md", "zh")


def test_override_equal_to_the_suggestion_shows_just_the_grade():
    record = Record(goals=[Goal(name="X", target="1", actual="1", grade_override="A")])
    assert "| 100% | A |" in export.render(record, "md", "en")


def test_custom_thresholds_change_grade_and_note():
    record = Record(goals=[Goal(name="Sales", target="100", actual="90")])
    md = export.render(record, "md", "en", thresholds={"A": 95, "B": 90, "C": 50})
    assert "| 90% | B |" in md
    assert "A ≥ 95%, B ≥ 90%, C ≥ 50%" in md


def test_signed_record_shows_names_and_times_and_agreement():
    record = Record(status=Status.CONFIRMED)
    record.confirmation.agreement = Agreement.AGREES_WITH_RESERVATIONS
    record.confirmation.agreement_reason = "Deadline is tight"
    record.confirmation.employee_signoff = SignOff("Alex Chen", "2024-10-08T15:02:00+08:00")
    record.confirmation.supervisor_signoff = SignOff("Morgan Li", "2024-10-08T15:03:00+08:00")
    md = export.render(record, "md", "en")
    assert "| Employee | Alex Chen | 8 Oct 2024 15:02 |" in md
    assert "| Supervisor | Morgan Li | 8 Oct 2024 15:03 |" in md
    assert "Does the employee agree: Agrees with reservations" in md and "Why: Deadline is tight" in md
    zh = export.render(record, "md", "zh")
    assert "| 员工 | Alex Chen | 2024年10月8日 15:02 |" in zh and "员工是否认同：有保留地同意" in zh


def test_amendments_after_sign_off_are_listed():
    record = Record(amendments=[Amendment(at="2024-10-09T09:30:00+08:00", author="Morgan Li", section="plan",
                                          text="Deadline moved to 25 Oct after marketing's reply")])
    md = export.render(record, "md", "en")
    assert "## Amendments after sign-off" in md
    assert "| 9 Oct 2024 09:30 | Morgan Li | plan | Deadline moved to 25 Oct after marketing's reply |" in md
    assert "## Amendments after sign-off" not in export.render(Record(), "md", "en")


def test_other_interview_type_is_checked_with_its_text():
    record = Record(interview_type="other", interview_type_other="Probation review")
    assert "☐Regular review ☐Improvement interview ☐Development interview ☐Pre-promotion / pay review " \
           "☑Other (please specify: Probation review)" in export.render(record, "md", "en")


def test_empty_record_still_exports_every_section(lang):
    md = export.render(Record(), "md", lang)
    labels = ZH_LABELS if lang == "zh" else EN_LABELS
    for label in labels:
        if "##" in label and "各阶段记录" not in label and "Notes per stage" not in label:
            assert label in md, label


def test_typed_deadline_that_is_not_a_date_is_shown_as_typed():
    record = build_demo_record("en", NOW)
    record.actions[0].deadline = ""
    record.actions[0].deadline_text = "before the quarterly review"
    assert "| before the quarterly review |" in export.render(record, "md", "en")


def test_markdown_is_deterministic():
    record = build_demo_record("zh", NOW)
    assert export.render(record, "md", "zh", now=NOW) == export.render(record, "md", "zh", now=NOW)
