"""Facts, not adjectives (面谈前: "用事实代替主观评价").

The form's rule: write "delivered the spec 3 days early, so testing started early", not
"proactive". `check_fact(text, lang)` looks for judgment words (labels for a person: proactive,
lazy, 积极主动, 态度不好 ...) and for fact markers (a number, a date, a concrete event word):

- judgment words and no fact marker -> warn "facts.judgment_without_facts" (words=...)
- no judgment, no fact marker, and the text is a statement of some length -> info "facts.no_facts"
- judgment words beside facts are left alone: the facts carry the statement.

Both languages' word lists always apply (people mix them); `lang` is accepted for symmetry with
the other checks and for future language-specific rules.
"""

from __future__ import annotations

import re
import unicodedata

from perf_tui.checks import Finding, finding

JUDGMENTS_EN = (
    "proactive", "lazy", "careless", "passive", "hardworking", "hard-working", "hard working", "diligent",
    "responsible", "irresponsible", "bad attitude", "poor attitude", "good attitude", "great attitude",
    "attitude problem", "motivated", "unmotivated", "sloppy", "excellent", "outstanding", "reliable",
    "unreliable", "team player", "arrogant", "difficult to work with", "smart", "brilliant", "incompetent",
    "weak", "talented", "dedicated", "committed", "disengaged", "negative", "rude", "helpful", "amazing",
    "great job", "good job", "poor performer", "high performer", "low performer", "not serious",
    "doesn't care", "does not care", "unprofessional", "professional",
)
JUDGMENTS_ZH = (
    "积极主动", "主动性强", "主动性差", "不主动", "积极", "主动", "消极", "被动", "懒惰", "懒散", "懒",
    "态度不好", "态度差", "态度很好", "态度好", "态度端正", "态度不端正", "态度问题", "不负责任", "负责任",
    "责任心强", "责任心不强", "责任心差", "认真负责", "不认真", "认真", "粗心", "马虎", "拖拉", "敷衍", "散漫",
    "靠谱", "不靠谱", "优秀", "出色", "很棒", "能力强", "能力差", "能力不足", "勤奋", "不努力", "很努力",
    "不用心", "用心", "给力", "不给力", "差劲",
)
# Words of a concrete, observable event (a deliverable, an incident, a meeting ...).
EVENTS_EN = (
    "delivered", "deliver", "shipped", "launched", "released", "presented", "submitted", "completed",
    "finished", "missed", "escalated", "complaint", "complaints", "meeting", "customer", "project",
    "deadline", "incident", "report", "document", "spec", "review", "test", "testing", "release", "sent",
    "wrote", "fixed", "closed", "ticket", "sample", "samples", "survey", "hand-off", "handoff", "outage",
)
EVENTS_ZH = (
    "交付", "上线", "发布", "提交", "完成", "延迟", "推迟", "逾期", "投诉", "会议", "项目", "客户", "报告", "文档",
    "需求", "测试", "事件", "事故", "案例", "样本", "调研", "评审", "验收", "工单", "故障", "例会", "培训",
)
_DATE_WORDS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\bq[1-4]\b|yesterday|last week|this week|[月日号]|周[一二三四五六日]|星期|季度|上周|本周|昨天",
    re.IGNORECASE,
)
_CN_COUNT = re.compile(r"[一二两三四五六七八九十百千万半]+\s*[个次天周月年项份件条位人小分%％倍]")
_MIN_WORDS_EN = 5
_MIN_CJK = 8


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _english_hits(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text)]


def _chinese_hits(text: str, words: tuple[str, ...]) -> list[str]:
    """Longest words first, each stretch of text counted once ("积极主动" is not also "积极")."""
    hits, taken = [], [False] * len(text)
    for word in sorted(words, key=len, reverse=True):
        for match in re.finditer(re.escape(word), text):
            span = range(match.start(), match.end())
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                if word not in hits:
                    hits.append(word)
    return hits


def judgment_words(text: str) -> list[str]:
    """The judgment words in `text`, in the order of the lists (longest Chinese match wins)."""
    normal = _normal(text)
    return _english_hits(normal, JUDGMENTS_EN) + _chinese_hits(normal, JUDGMENTS_ZH)


def has_fact_marker(text: str) -> bool:
    """A number, a date or a concrete event word."""
    normal = _normal(text)
    if re.search(r"\d", normal) or _CN_COUNT.search(normal) or _DATE_WORDS.search(normal):
        return True
    return bool(_english_hits(normal, EVENTS_EN) or any(w in normal for w in EVENTS_ZH))


def _is_statement(text: str) -> bool:
    normal = _normal(text)
    cjk = sum(1 for ch in normal if "\u4e00" <= ch <= "\u9fff")
    return cjk >= _MIN_CJK or len(re.findall(r"[a-z]+", normal)) >= _MIN_WORDS_EN


def check_fact(text: str, lang: str = "en") -> list[Finding]:
    """Findings for one piece of evidence (a key event, a case, a problem description)."""
    if not text or not text.strip():
        return []
    facts = has_fact_marker(text)
    judgments = judgment_words(text)
    if judgments and not facts:
        return [finding("facts.judgment_without_facts", "warn", words="、".join(judgments) if lang == "zh"
                        else ", ".join(judgments))]
    if not judgments and not facts and _is_statement(text):
        return [finding("facts.no_facts", "info")]
    return []
