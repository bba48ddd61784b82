"""SMART check of an improvement action as it is written (制定改进措施: 具体、可衡量、可达成).

`check_action(action, today, *, record=None)` returns findings in S, M, A, R, T order:

Specific
    smart.specific.empty       warn  no measure written
    smart.specific.too_short   warn  the measure is a few words (under 4 words / 8 CJK characters)
    smart.specific.vague       warn  only vague intentions ("improve", "work harder", "加强", "努力")
    smart.specific.no_verb     info  no concrete verb ("collect", "deliver", "完成", "收集" ...)
    smart.specific.no_steps    info  no steps yet
Measurable
    smart.measurable.none      warn  no number or quantity and no countable deliverable in the
                                     measure or its steps
Achievable / Relevant
    smart.achievable.no_owner  warn  no owner
    smart.achievable.no_support info support needed not noted (write "none" / "无" if none)
    smart.relevant.no_link     info  not linked to a goal or a problem
    smart.relevant.broken_link warn  linked to a goal or problem that is no longer in the record
                                     (only when `record` is given)
Time-bound
    smart.time.no_deadline     warn  no deadline
    smart.time.unparsed        warn  a deadline was typed but is not a date
    smart.time.past            warn  the deadline is before today (open actions only)
    smart.time.no_checkpoint   info  no dated checkpoint
    smart.time.checkpoint_unparsed warn a checkpoint's date is not a date
    smart.time.checkpoint_after_deadline info every checkpoint comes after the deadline, so none
                                     can catch a slip in time (a later review checkpoint beside an
                                     earlier one is fine: the form's "5 Nov review" after "by 20 Oct")
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from perf_tui.checks import Finding, finding
from perf_tui.dates import parse_date, parse_iso_date
from perf_tui.model import Action, CheckpointStatus, Record
from perf_tui.scoring import parse_quantity

MIN_WORDS_EN = 4
MIN_CJK = 8

VAGUE_EN = (
    "improve", "improvement", "better", "more", "try", "try harder", "work harder", "harder", "focus", "focus on",
    "pay attention", "attention", "be more", "strengthen", "enhance", "continue", "keep", "further", "as much as possible",
    "attitude", "effort", "communication", "communicate better", "step up", "be careful", "proactive",
)
VAGUE_ZH = (
    "加强", "提高", "提升", "改进", "改善", "努力", "注意", "尽量", "争取", "进一步", "更加", "积极", "认真",
    "重视", "多", "好好", "继续", "态度", "沟通", "主动",
)
CONCRETE_VERBS_EN = (
    "collect", "deliver", "write", "draft", "send", "submit", "complete", "finish", "attend", "hold", "run",
    "set up", "create", "build", "prepare", "present", "publish", "document", "review", "update", "call",
    "meet", "train", "test", "escalate", "record", "measure", "interview", "survey", "agree", "book",
    "schedule", "read", "learn", "practise", "practice", "shadow", "reduce", "cut", "close", "fix", "apply",
)
CONCRETE_VERBS_ZH = (
    "完成", "收集", "提交", "交付", "参加", "整理", "编写", "撰写", "组织", "召开", "建立", "制定", "更新", "复盘",
    "培训", "确认", "上线", "发布", "输出", "学习", "阅读", "演练", "拜访", "访谈", "调研", "记录", "降低", "减少",
    "达到", "梳理", "汇报", "跟进", "执行", "熟悉", "预约", "安排",
)
DELIVERABLES_EN = (
    "report", "document", "checklist", "plan", "presentation", "slides", "spec", "specification", "guide",
    "template", "summary", "list", "dashboard", "playbook", "proposal", "certificate", "course", "training",
    "samples", "sample", "meeting", "review",
)
DELIVERABLES_ZH = (
    "报告", "文档", "清单", "方案", "计划", "汇报", "总结", "模板", "手册", "指南", "样本", "证书", "课程", "培训",
    "看板", "流程图", "会议", "例会",
)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def _english_words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text)


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _has_any(text: str, english: tuple[str, ...], chinese: tuple[str, ...]) -> bool:
    if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in english):
        return True
    return any(w in text for w in chinese)


def _without_vague(text: str) -> str:
    rest = text
    for word in sorted(VAGUE_EN, key=len, reverse=True):
        rest = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", " ", rest)
    for word in sorted(VAGUE_ZH, key=len, reverse=True):
        rest = rest.replace(word, " ")
    return rest


_FILLER_EN = {"the", "a", "an", "to", "of", "and", "my", "our", "his", "her", "their", "on", "in", "at", "with",
              "be", "will", "should", "pay", "much", "i", "we", "he", "she", "they", "it", "work", "job", "quality", "more"}
_FILLER_ZH = set("的地得了和与在要把对上中我你他她们工作质量水平能力意识方面")


def _only_vague(text: str) -> bool:
    """Vague words and nothing concrete left once they and filler words are taken out."""
    if not _has_any(text, VAGUE_EN, VAGUE_ZH):
        return False
    rest = _without_vague(text)
    english = [w for w in _english_words(rest) if w not in _FILLER_EN]
    chinese = [ch for ch in rest if "\u4e00" <= ch <= "\u9fff" and ch not in _FILLER_ZH]
    return len(english) < 2 and len(chinese) < 3 and not re.search(r"\d", rest)


def _specific(action: Action) -> list[Finding]:
    measure = _normal(action.measure)
    if not measure:
        return [finding("smart.specific.empty", "warn")]
    findings: list[Finding] = []
    if len(_english_words(measure)) < MIN_WORDS_EN and _cjk_count(measure) < MIN_CJK:
        findings.append(finding("smart.specific.too_short", "warn"))
    if _only_vague(measure):
        findings.append(finding("smart.specific.vague", "warn"))
    elif not _has_any(measure, CONCRETE_VERBS_EN, CONCRETE_VERBS_ZH):
        findings.append(finding("smart.specific.no_verb", "info"))
    if not any(step.strip() for step in action.steps):
        findings.append(finding("smart.specific.no_steps", "info"))
    return findings


def _measurable(action: Action) -> list[Finding]:
    texts = [_normal(action.measure), *(_normal(s) for s in action.steps)]
    for text in texts:
        if parse_quantity(text) is not None or _has_any(text, DELIVERABLES_EN, DELIVERABLES_ZH):
            return []
    return [finding("smart.measurable.none", "warn")] if any(texts) else []


def _achievable_relevant(action: Action, record: Record | None) -> list[Finding]:
    findings: list[Finding] = []
    if not action.owner.strip():
        findings.append(finding("smart.achievable.no_owner", "warn"))
    if not action.support.strip():
        findings.append(finding("smart.achievable.no_support", "info"))
    links = [link for link in action.links if link]
    if not links:
        findings.append(finding("smart.relevant.no_link", "info"))
    elif record is not None and any(record.goal(l) is None and record.problem(l) is None for l in links):
        findings.append(finding("smart.relevant.broken_link", "warn"))
    return findings


def _typed(action_or_checkpoint, iso_field: str, text_field: str) -> tuple[str, str]:
    return getattr(action_or_checkpoint, iso_field, "") or "", getattr(action_or_checkpoint, text_field, "") or ""


def _resolve(iso_value: str, typed: str, today: date) -> tuple[date | None, bool]:
    """(date, written): the date from the ISO field, else from what was typed."""
    if not iso_value.strip() and not typed.strip():
        return None, False
    return parse_iso_date(iso_value) or parse_date(typed or iso_value, today), True


def _time_bound(action: Action, today: date) -> list[Finding]:
    findings: list[Finding] = []
    deadline, written = _resolve(*_typed(action, "deadline", "deadline_text"), today)
    if not written:
        findings.append(finding("smart.time.no_deadline", "warn"))
    elif deadline is None:
        iso_value, typed = _typed(action, "deadline", "deadline_text")
        findings.append(finding("smart.time.unparsed", "warn", text=typed or iso_value))
    elif deadline < today and str(action.status) != CheckpointStatus.DONE:
        findings.append(finding("smart.time.past", "warn", date=deadline))
    findings.extend(_checkpoints(action, deadline, today))
    return findings


def _checkpoints(action: Action, deadline: date | None, today: date) -> list[Finding]:
    findings: list[Finding] = []
    dates: list[date] = []
    for position, checkpoint in enumerate(action.checkpoints, 1):
        when, written = _resolve(*_typed(checkpoint, "date", "date_text"), today)
        if when is not None:
            dates.append(when)
        elif written:
            findings.append(finding("smart.time.checkpoint_unparsed", "warn", position=position))
    if not dates:
        findings.insert(0, finding("smart.time.no_checkpoint", "info"))
    elif deadline is not None and min(dates) > deadline:
        findings.append(finding("smart.time.checkpoint_after_deadline", "info", date=deadline))
    return findings


def check_action(action: Action, today: date, *, record: Record | None = None) -> list[Finding]:
    """SMART findings for one action; `record` (optional) lets links be checked too."""
    return [
        *_specific(action),
        *_measurable(action),
        *_achievable_relevant(action, record),
        *_time_bound(action, today),
    ]
