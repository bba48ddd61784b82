"""SMART check of an improvement action as it is written (制定改进措施: 具体、可衡量、可达成、有时限).

Per field, in the issue's terms:

S  the measure names a concrete task or deliverable, not a general intention (improve, work on,
   be more, 加强, 提升, 注意), whatever its length; a quantified target ("raise NPS to 60") counts.
M  a quantity, threshold or frequency, or one concrete deliverable whose completion can be
   checked; "some", "more often", 多跑几次, 一些 are not measures.
owner  one accountable person: a name, "the employee"/员工本人, "me"/我 (the manager); not empty,
   TBD/待定, a group or a department (the team, everyone, 大家, 财务部, 相关部门) or two people.
T  the deadline resolves to one valid date (dates.read_date: "EOW", 月底前, 两周内 ...).

`read_action(what, owner, deadline, today, ...)` gives the missing letters, the resolved deadline
and the findings (the CLI's `check --stdin` uses it); `check_action(action, today, record=...)`
adds what a stored action has beyond those fields: steps, support, links and checkpoints.

Codes (warn unless noted): smart.specific.empty / .vague; smart.measurable.none / .vague;
smart.achievable.no_owner / .owner_tbd / .owner_group / .no_support (info);
smart.relevant.no_link (info) / .broken_link; smart.time.no_deadline / .vague / .period / .anchor /
.event / .impossible / .ambiguous / .calendar / .unparsed / .past; smart.time.no_checkpoint (info),
.checkpoint_unparsed, .checkpoint_after_deadline (info); smart.specific.no_steps (info).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from perf_tui.checks import Finding, finding
from perf_tui.dates import parse_iso_date, read_date
from perf_tui.model import Action, CheckpointStatus, Record

LETTERS = ("S", "M", "T", "owner")

# ----------------------------------------------------------------------------- S: a concrete task

_VAGUE_PHRASES_EN = (
    "take ownership", "take more ownership", "take responsibility", "take more responsibility", "take initiative",
    "take the initiative", "take more initiative", "pay attention", "pay more attention", "pay closer attention",
    "be more", "be less", "be better", "get better", "work on", "focus on", "focus more on", "step up", "keep up",
    "keep improving", "keep it up", "try harder", "try to", "learn more", "think about", "make sure", "going forward",
    "moving forward", "in general", "take care", "take more care", "be careful", "be proactive", "show more",
    "more often", "more carefully", "more closely", "do better", "work harder", "be on time", "be",
)
_VAGUE_VERBS_EN = ("improve", "enhance", "strengthen", "boost", "develop", "grow", "foster", "promote", "encourage",
                   "ensure", "continue", "keep", "maintain", "communicate", "collaborate", "engage", "support", "own",
                   "drive", "raise awareness", "increase", "reduce", "understand", "consider", "aim", "strive",
                   "become", "try", "optimise", "optimize", "streamline", "leverage", "align", "embrace", "prioritise",
                   "prioritize", "deepen", "broaden", "expand", "build trust", "show", "demonstrate", "learn")
_CONCRETE_VERBS_EN = (
    "add", "change", "move", "set up", "setup", "schedule", "write", "draft", "send", "submit", "hold", "run",
    "create", "deploy", "migrate", "configure", "automate", "publish", "present", "document", "call", "meet",
    "book", "attend", "complete", "finish", "collect", "deliver", "fix", "close", "merge", "replace", "remove",
    "delete", "assign", "hire", "recruit", "train", "rotate", "pair", "shadow", "record", "measure", "track",
    "escalate", "interview", "survey", "prepare", "organise", "organize", "update", "rewrite", "refactor", "test",
    "adjust", "cover", "reply", "respond", "review", "read", "take", "enrol", "enroll", "sign up", "register",
    "install", "upgrade", "archive", "label", "tag", "clean up", "audit", "benchmark", "prototype", "design",
    "map", "list", "draw up", "set", "define", "agree", "negotiate", "contact", "visit", "demo", "ship", "launch",
    "release", "implement", "introduce", "cut", "lower", "raise", "translate", "share", "post", "upload", "file",
    "log", "invite", "host", "lead", "mentor", "coach", "check", "verify", "validate", "approve", "sign", "order",
    "buy", "purchase", "backfill", "hand over", "onboard", "reconcile", "analyse", "analyze", "compile",
    "summarise", "summarize", "outline", "build", "block", "reserve", "pass", "obtain", "earn", "get certified",
    "split", "assign", "convert", "split", "port", "retire", "decommission", "sunset", "email", "phone", "ring",
    "plan", "run through", "rehearse", "practise", "practice", "join", "apply", "complete", "clear", "triage",
    "respond to", "answer", "handle", "resolve", "reach out", "follow up", "fill", "staff", "appoint", "nominate",
    "cancel", "stop", "start", "introduce", "pilot", "trial", "roll out", "switch", "put", "give", "ask", "hold",
)
_MEASURE_VERBS_EN = ("increase", "reduce", "cut", "lower", "raise", "grow", "improve", "boost", "decrease", "bring",
                     "get", "keep", "maintain", "hit", "reach", "achieve")
_DELIVERABLES_EN = (
    "checklist", "report", "document", "doc", "plan", "presentation", "deck", "slides", "spec", "specification",
    "guide", "template", "summary", "dashboard", "playbook", "proposal", "runbook", "wiki", "page", "script",
    "roadmap", "budget", "faq", "certificate", "certification", "course", "post-mortem", "postmortem", "retro",
    "prototype", "video", "article", "blog post", "newsletter", "memo", "contract", "policy", "rota", "alert",
    "alerting", "monitoring", "pipeline", "suite", "pull request", "release", "patch", "migration", "training",
    "workshop", "one-pager", "sheet", "spreadsheet", "form", "survey", "demo", "job", "test", "tests", "feature",
)
_VAGUE_ZH = ("进一步", "更加", "更好地", "加强", "提升", "提高", "改进", "改善", "增强", "强化", "注意", "努力", "争取",
             "尽量", "持续", "继续", "保持", "重视", "做好", "优化", "完善", "落实", "规范", "关注", "深化", "推进",
             "开展", "参与", "积极", "认真", "主动", "多", "好好", "学会", "养成", "培养", "树立", "端正", "确保",
             "沟通", "协作", "配合", "反思", "总结经验", "吸取教训", "改变", "调整心态", "增加")
_CONCRETE_ZH = (
    "调整", "编写", "撰写", "写", "整理", "提交", "完成", "收集", "组织", "召开", "安排", "参加", "上线", "发布", "交付",
    "输出", "制定", "建立", "搭建", "开发", "部署", "迁移", "配置", "修复", "关闭", "替换", "补充", "录制", "培训",
    "拜访", "回访", "访谈", "统计", "汇总", "复盘", "演练", "对接", "签订", "招聘", "轮岗", "排班", "梳理", "更新",
    "重写", "测试", "设置", "添加", "新增", "删除", "合并", "发送", "发给", "发到", "预约", "报名", "阅读",
    "跑", "执行", "运行", "确认", "核对", "检查", "审核", "评审", "联系", "约", "改为", "改成", "改到", "改用", "缩短",
    "降低", "减少", "降至", "压缩", "购买", "采购", "申请", "考取", "考", "通过", "翻译", "制作", "设计", "起草",
    "录入", "导入", "导出", "清理", "归档", "标注", "接入", "对齐", "讲", "分享", "演示", "汇报", "带", "指导", "结对",
    "跟岗", "旁听", "值班", "盘点", "拆分", "合并", "上报", "登记", "填写", "安装", "升级", "下线", "停用", "启用",
    "给", "把", "增加", "招", "补", "约谈", "面谈", "打电话", "建群", "建表", "做一", "出一", "跟进", "跟踪",
    "走访", "约见", "电话", "演讲", "讲解", "主持", "牵头", "负责", "交接", "移交", "转交", "提报", "报送", "上传",
    "下载", "备份", "恢复", "监测", "巡检", "抽查", "抽检", "验收", "审批", "签署", "签约", "发起", "撤回", "关停",
    "落地", "试点", "试运行", "推广到", "覆盖")
_DELIVERABLES_ZH = ("报告", "文档", "清单", "方案", "计划", "总结", "模板", "手册", "指南", "看板", "流程图", "脚本", "视频",
                    "课程", "证书", "周报", "月报", "纪要", "预案", "报表", "页面", "功能", "系统", "工具", "监控",
                    "告警", "排班", "规则", "表格", "台账", "白皮书", "PPT", "ppt", "测试", "问题", "工单")
_MEASURE_VERBS_ZH = ("提升", "提高", "降低", "减少", "缩短", "增加", "控制", "达到", "降至", "升至", "保持", "压缩")

# ----------------------------------------------------------------------------- M: how it is counted

_VAGUE_AMOUNT_EN = re.compile(r"\b(?:some|a few|few|several|more(?!\s+than\s+\d)|many|lots of|a lot|a bit|"
                              r"various|any|better|faster|harder|more often|more carefully|regularly|often|"
                              r"as needed|when needed|where possible|as much as possible|enough|fewer|less)\b")
_VAGUE_AMOUNT_ZH = re.compile(r"一些|一下|几个|几次|几篇|几份|几天|若干|部分|多(?=[跑做和与写看练听问学找沟联])|更多|适当|"
                              r"尽量|尽可能|有空|偶尔|经常|及时|认真|仔细|更加|更好地")
_FREQUENCY_EN = re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|yearly|annually|nightly|hourly|"
                           r"every|each|per|once|twice)\b")
_FREQUENCY_ZH = re.compile(r"每(?:一)?(?:天|日|晚|早|周|星期|礼拜|月|季度|季|年|次|个工作日|两周|半月|个月|轮|期|场)|"
                           r"每周[一二三四五六日天]|[一二两三四五六七八九十\d]+\s*次/|周[一二三四五六日]上午|周[一二三四五六日]下午")
_NUMBER_EN = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                        r"thirty|fifty|hundred|dozen|half|single|a one-page|one-page|zero)\b")
_NUMBER_ZH = re.compile(r"(?<![进每统唯同之第万])[一二两三四五六七八九十百千半]+\s*(?:个|次|份|项|名|位|条|篇|页|场|轮|周|天|"
                        r"小时|分钟|人|家|款|套|批|张|遍|门|期|本|单|件|级|倍|成|%|％|分|秒|台|类|组|段|章|节|版|处)")
# Dates and times in the text of a measure are when, not how much ("by 20 Oct", "10月20日前").
_DATES_IN_TEXT = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?(?:前|之前)?|"
                            r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
                            r"\bq[1-4]\b|\bh[12]\b|\b20\d\d\b", re.IGNORECASE)

# ----------------------------------------------------------------------------- owner: one person

_TBD = re.compile(r"^(?:tbd|tbc|tba|t\.b\.d\.?|n/?a|none|nobody|no one|unknown|unassigned|someone|somebody|anyone|"
                  r"\?+|-+|—|x+|待定|未定|待确认|待分配|暂无|无|不确定|有人|某人|谁都行|再定)$")
_GROUP_EN = re.compile(r"\b(?:team|teams|department|dept|group|squad|org|organisation|organization|committee|board|"
                       r"office|division|unit|staff|folks|crew|everyone|everybody|all|we|us|both|they|them|people|"
                       r"management|leadership|stakeholders|hr|finance|legal|ops|operations|marketing|sales|"
                       r"engineering|support|procurement|accounting|it|qa|devops|security|admin|product)\b")
_GROUP_ZH = re.compile(r"大家|全员|所有人|全体|各位|我们|咱们|双方|一起|共同|团队|小组|部门|组$|部$|中心$|处$|科$|办$|"
                       r"委员会|相关|各部|各组|人力|财务|行政|法务|市场部|销售部|运营|技术部|项目组")
_SEVERAL = re.compile(r"\s(?:and|&|\+|or)\s|[,，、/&+;；]|和|与|及|跟|或")
_ONE_PERSON_OK = re.compile(r"^(?:the employee|employee|me|i|myself|manager|the manager|my manager|supervisor|"
                            r"员工本人|员工|本人|我|主管|经理|直属上级|上级)$")


@dataclass(frozen=True)
class SmartReading:
    missing: tuple[str, ...]
    deadline: date | None
    findings: list[Finding] = field(default_factory=list)


def _normal(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def _words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![a-z-])(?:{alternation})(?:s|es|ed|d|ing)?(?![a-z-])")


_RE_VAGUE_PHRASES_EN = _words(_VAGUE_PHRASES_EN)
_RE_VAGUE_VERBS_EN = _words(_VAGUE_VERBS_EN)
_RE_CONCRETE_EN = _words(_CONCRETE_VERBS_EN)
_RE_DELIVERABLE_EN = _words(_DELIVERABLES_EN)
_RE_MEASURE_VERB_EN = _words(_MEASURE_VERBS_EN)


# A quantified target ("complaint rate under 5%", "投诉率降至5%以内") is specific about its outcome.
_TARGET = re.compile(r"(?:\bto|\bunder|\bbelow|\babove|\bover|\bat least|\bat most|\bno more than|[≤≥<>=]|不超过|不低于|"
                     r"降至|升至|达到|控制在|缩短到|提升至|提高到|提升到|提高至)\s*\d|\d+(?:\.\d+)?\s*[%％]?\s*(?:以内|以下|以上)")


_ABSTRACT_ZH = re.compile(r"[\u4e00-\u9fff]{1,2}(?:能力|力|意识|水平|素质|精神|态度|观念|习惯|氛围|效率|质量|技巧|方法|思维)")
_COUNTED_THING = re.compile(r"(?<![\d.:])\d+\s*(?!days?\b|weeks?\b|months?\b|hours?\b|%)[a-z]{3,}"
                            r"|(?<![\d.:])\d+\s*[个份篇项次场套张条]")


def _zh_any(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if w in text]


def _quantity(text: str) -> bool:
    rest = _DATES_IN_TEXT.sub(" ", text)
    return bool(_NUMBER_EN.search(rest) or _NUMBER_ZH.search(rest))


def _concrete_task(text: str) -> bool:
    """A task one can do and see done: a concrete verb or a deliverable, once the words of a general
    intention are set aside; or a quantified target."""
    rest = _RE_VAGUE_PHRASES_EN.sub(" ", text)
    # abstract qualities are not tasks, whatever verb they are built from (执行力, 组织能力, 学习意识)
    rest_zh = _ABSTRACT_ZH.sub(" ", rest)
    for word in sorted(_VAGUE_ZH, key=len, reverse=True):
        rest_zh = rest_zh.replace(word, " ")
    if _RE_CONCRETE_EN.search(rest) and not _only_vague_verb_en(rest):
        return True
    if _zh_any(rest_zh, _CONCRETE_ZH) or _zh_any(rest_zh, _DELIVERABLES_ZH) and _zh_any(text, _CONCRETE_ZH):
        return True
    if _quantity(text) and (_RE_MEASURE_VERB_EN.search(text) or _zh_any(text, _MEASURE_VERBS_ZH)
                            or _TARGET.search(text)):
        return True
    if _COUNTED_THING.search(_DATES_IN_TEXT.sub(" ", text)) and not _RE_VAGUE_VERBS_EN.search(text) \
            and not _RE_VAGUE_PHRASES_EN.search(text) and not _zh_any(text, _VAGUE_ZH):
        return True  # "50 samples", "两份报告": a counted deliverable
    return bool(_RE_DELIVERABLE_EN.search(rest) and not _RE_VAGUE_VERBS_EN.search(rest)
                and not _RE_VAGUE_PHRASES_EN.search(text))


def _only_vague_verb_en(text: str) -> bool:
    """The concrete verbs found are only parts of a vague intention ("keep improving" / "improve
    planning"): the first verb of the measure is a vague one and no concrete verb follows "by"."""
    first = _RE_VAGUE_VERBS_EN.search(text)
    concrete = _RE_CONCRETE_EN.search(text)
    if not first or not concrete or concrete.start() < first.start():
        return False
    if any(re.search(r"(?:\band|\bthen|,|;)\s*$", text[: m.start()]) for m in _RE_CONCRETE_EN.finditer(text)):
        return False  # "learn and apply the escalation process": a concrete verb of its own
    return not re.search(r"\bby\s+[a-z]+ing\b", text)


def _specific(what: str) -> tuple[bool, list[Finding]]:
    if not what:
        return False, [finding("smart.specific.empty", "warn")]
    if _concrete_task(what):
        return True, []
    vague = [m.group(0) for m in _RE_VAGUE_PHRASES_EN.finditer(what)] + \
            [m.group(0) for m in _RE_VAGUE_VERBS_EN.finditer(what)] + _zh_any(what, _VAGUE_ZH)
    return False, [finding("smart.specific.vague", "warn", words=vague[0] if vague else what[:30])]


def _measurable(texts: list[str], specific: bool) -> tuple[bool, list[Finding]]:
    joined = " ; ".join(t for t in texts if t)
    if not joined:
        return False, []
    if _quantity(joined) or _FREQUENCY_EN.search(joined) or _FREQUENCY_ZH.search(joined):
        return True, []
    vague = _VAGUE_AMOUNT_EN.search(joined) or _VAGUE_AMOUNT_ZH.search(joined)
    if vague:
        return False, [finding("smart.measurable.vague", "warn", words=vague.group(0))]
    if specific:
        return True, []
    return False, [finding("smart.measurable.none", "warn")]


def _owner(owner: str) -> tuple[bool, list[Finding]]:
    text = _normal(owner).strip(" .。")
    if not text:
        return False, [finding("smart.achievable.no_owner", "warn")]
    if _TBD.fullmatch(text):
        return False, [finding("smart.achievable.owner_tbd", "warn", owner=owner.strip())]
    if _ONE_PERSON_OK.fullmatch(text):
        return True, []
    if _SEVERAL.search(text) or _GROUP_EN.search(text) or _GROUP_ZH.search(text):
        return False, [finding("smart.achievable.owner_group", "warn", owner=owner.strip())]
    return True, []


_TIME_CODES = {"empty": "no_deadline", "vague": "vague", "period": "period", "anchor": "anchor", "event": "event",
               "impossible": "impossible", "ambiguous": "ambiguous", "calendar": "calendar", "unknown": "unparsed"}


def _time(deadline_text: str, today: date, lang: str) -> tuple[date | None, list[Finding]]:
    reading = read_date(deadline_text, today, lang)
    if reading.date is not None:
        return reading.date, []
    code = _TIME_CODES.get(reading.problem, "unparsed")
    if code == "no_deadline":
        return None, [finding("smart.time.no_deadline", "warn")]
    return None, [finding(f"smart.time.{code}", "warn", text=deadline_text.strip())]


def read_action(what: str, owner: str, deadline: str, today: date, lang: str = "en", *,
                steps: list[str] | tuple[str, ...] = (), support: str | None = None) -> SmartReading:
    """SMART for an action as typed: which of S, M, T, owner are missing, the deadline, findings."""
    measure = _normal(what)
    specific, s_findings = _specific(measure)
    measurable, m_findings = _measurable([measure, *(_normal(s) for s in steps)], specific)
    if not measure and not any(s.strip() for s in steps):
        measurable, m_findings = False, []
    has_owner, o_findings = _owner(owner)
    when, t_findings = _time(deadline or "", today, lang)
    missing = tuple(letter for letter, ok in zip(LETTERS, (specific, measurable, when is not None, has_owner)) if not ok)
    findings = [*s_findings, *m_findings, *o_findings, *t_findings]
    if support is not None and not support.strip():
        findings.append(finding("smart.achievable.no_support", "info"))
    return SmartReading(missing, when, findings)


def _resolve(iso_value: str, typed: str, today: date, lang: str) -> tuple[date | None, bool]:
    """(date, written): what was typed, read as a deadline; else the stored ISO date."""
    if typed.strip():
        return read_date(typed, today, lang).date, True
    if iso_value.strip():
        return parse_iso_date(iso_value), True
    return None, False


def _checkpoints(action: Action, deadline: date | None, today: date, lang: str) -> list[Finding]:
    findings: list[Finding] = []
    dates: list[date] = []
    for position, checkpoint in enumerate(action.checkpoints, 1):
        when, written = _resolve(checkpoint.date or "", checkpoint.date_text or "", today, lang)
        if when is not None:
            dates.append(when)
        elif written:
            findings.append(finding("smart.time.checkpoint_unparsed", "warn", position=position))
    if not dates:
        findings.insert(0, finding("smart.time.no_checkpoint", "info"))
    elif deadline is not None and min(dates) > deadline:
        findings.append(finding("smart.time.checkpoint_after_deadline", "info", date=deadline))
    return findings


def check_action(action: Action, today: date, *, record: Record | None = None, lang: str | None = None) -> list[Finding]:
    """SMART findings for one stored action; `record` (optional) lets links be checked too."""
    lang = lang or (record.lang if record is not None else "en")
    typed = action.deadline_text or ""
    deadline_source = typed if typed.strip() else (action.deadline or "")
    reading = read_action(action.measure, action.owner, deadline_source, today, lang, steps=action.steps,
                          support=action.support)
    findings = [f for f in reading.findings if f.code != "smart.achievable.no_support"]
    if action.measure.strip() and not any(step.strip() for step in action.steps):
        findings.insert(1 if findings and findings[0].code.startswith("smart.specific") else 0,
                        finding("smart.specific.no_steps", "info"))
    if not action.support.strip():
        findings.append(finding("smart.achievable.no_support", "info"))
    links = [link for link in action.links if link]
    if not links:
        findings.append(finding("smart.relevant.no_link", "info"))
    elif record is not None and any(record.goal(l) is None and record.problem(l) is None for l in links):
        findings.append(finding("smart.relevant.broken_link", "warn"))
    deadline = reading.deadline
    if deadline is not None and deadline < today and str(action.status) != CheckpointStatus.DONE:
        findings.append(finding("smart.time.past", "warn", date=deadline))
    findings.extend(_checkpoints(action, deadline, today, lang))
    return findings
