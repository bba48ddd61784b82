"""The 5-Why chain of a problem (5Why分析法: ask "why" layer by layer until a cause one can act on).

`check_why_chain(problem)`:
- a described problem with no whys yet            -> info  "whys.none"
- 1 or 2 whys (hard problems need about five)      -> info  "whys.too_few" (count)
- an empty why between written ones               -> warn  "whys.empty" (position, 1-based)
- a why that repeats the problem or an earlier why -> warn  "whys.repeated" (position)
- a chain whose LAST link blames a person (carelessness, forgetting, attitude, laziness, priorities,
  character, motive, a skipped rule), however long and systemic the links before it; a last link
  naming a fixable process, tooling, staffing, training, planning or communication cause is
  systemic, however short, even when an earlier link names a person's slip
                                                   -> warn  "whys.blame" (the message suggests
                                                      the next "why" for what it blames)
"""

from __future__ import annotations

import re
import unicodedata

from perf_tui.checks import Finding, finding
from perf_tui.model import Problem

ENOUGH_WHYS = 3

# The cause a link names is in its "because" part, not in its "so" part: "she forgot because
# there is no reminder" ends at the reminder; "nobody told him, so he forgot" at nobody telling.
_BECAUSE = re.compile(r"\b(?:because(?: of)?|since|as a result of|due to|owing to)\b|因为|由于|是因为|原因是|归根到底|说到底")
_SO = re.compile(r"(?:,|;|，|；)?\s*\b(?:so|therefore|which meant|hence|thus|and so)\b|所以|因此|导致|结果|于是|以致")

# Skipping or breaking a rule is a person's act, whatever system noun it names.
_RULE_BROKEN = re.compile(
    r"\b(?:didn't|did not|doesn't|does not|don't|never|wouldn't|won't|refused to)\s+(?:follow|use|read|check|run|"
    r"stick to|comply|respect|bother)\b|\b(?:ignored|ignores|skipped|skips|bypassed|bypasses|disregarded|cut corners|"
    r"broke the rules?|went around)\b"
    r"|没按|没有按|不按|未按|没有遵守|不遵守|未遵守|违反|违规|跳过|绕过|私自|擅自|不走流程|没走流程|懒得走")
_SYSTEMIC = re.compile(
    r"\b(?:no|not any|lack of|missing|without|absent|never|nobody|no one|none)\b.{0,40}?\b(?:process|procedure|checklist|"
    r"template|tool|tooling|automation|alerts?|alerting|monitoring|tests?|review|owner|handover|hand-off|documentation|"
    r"docs|training|onboarding|plan|planning|guidelines?|polic(?:y|ies)|rules?|reminders?|integration|validation|sla|"
    r"escalation|feedback loop|checkpoints?|cut-off|form|budget|headcount|backup|cover|access|told|informed|asked|"
    r"checked|owns|owned|agreed|assigned|trained|configured|defined|set up)\b"
    r"|\b(?:process|procedures?|checklists?|templates?|tooling|automat\w*|monitoring|alerts?|alerting|pipeline|"
    r"workflow|system|config\w*|integration|validation|training|trained|onboarding|understaffed|short-staffed|"
    r"staffing|headcount|capacity|workload|overloaded|resourc\w*|planning|estimat\w*|schedul\w*|requirements|"
    r"unclear|communicated|not told|wasn't told|weren't told|never told|not informed|conflicting priorities|"
    r"priorities (?:were|are) (?:unclear|not set|conflicting)|shared inbox|rota|cut-off|deadline was tight|"
    r"tight deadline|under pressure|budget|tools?|handover|hand-off|documentation|policy|sla|freeze|allowed|"
    r"permission|approval|reminders?|form|spreadsheet|manual(?:ly)?|on leave|single point)\b"
    r"|流程|机制|制度|规范|清单|检查表|检查项|模板|工具|自动化|监控|告警|系统|配置|对接|培训|入职|人手|人力|编制|排班|"
    r"工作量|负荷|资源|计划|排期|估算|评估|截止时间|约定|交接|文档|权限|预算|没人负责|无人负责|分工|职责不清|"
    r"优先级(?:不明确|没有明确|冲突|没对齐)|没人告诉|没有人告诉|没被告知|未被告知|没有通知|未通知|信息不对称|同时负责|"
    r"没时间|时间紧|需求不清|需求变更|需求反复|方法|标准|口径不统一|审批|渠道|缺乏|缺少|不熟悉|没有人|人员不足|"
    r"没有.{0,8}(?:机制|流程|规则|检查|说明|提醒|备份|测试|方案)")
# What a chain that blames a person ends at, with the next "why" that leads past the person.
_BLAME = (
    ("forgot", re.compile(r"\b(?:forgot|forgets|forgotten|forgetful|forgetting|slipped (?:his|her|their) mind|"
                          r"didn't remember|did not remember)\b|忘了|忘记|遗忘|没想起|记不住|没记住")),
    ("careless", re.compile(r"\b(?:careless\w*|sloppy|sloppiness|negligen\w+|not careful|wasn't careful|isn't careful|"
                            r"weren't careful|inattentive|(?:not|wasn't|weren't|isn't) paying attention|"
                            r"didn't pay attention|did not pay attention|human error|rushed|hasty|distracted|"
                            r"didn't (?:check|double-check|notice|look)|did not (?:check|double-check|notice))\b"
                            r"|粗心|马虎|大意|不小心|不细心|不仔细|疏忽|没注意|不注意|没留意|没有核对|没核对|没仔细|毛躁|浮躁|没检查|"
                            r"没有检查|没复核|没有复核|没细看|没看清|没确认|没有确认|"
                            r"手误|看错|没看清")),
    ("priority", re.compile(r"\b(?:doesn't|does not|didn't|did not|don't)\s+prioriti[sz]e|not a priority for (?:him|her|"
                            r"them)|prefers|preferred|would rather|chose to|put it off|procrastinat\w*|"
                            r"left it (?:to|until) the last minute|more interested in\b"
                            r"|只顾|光顾着|拖延|拖拉|磨蹭|先做自己|放在后面|不优先|没有优先")),
    ("attitude", re.compile(r"\b(?:lazy|laziness|attitude|unmotivated|not motivated|doesn't care|does not care|"
                            r"didn't care|did not care|don't care|couldn't care|didn't bother|doesn't bother|"
                            r"can't be bothered|couldn't be bothered|not bothered|not serious|"
                            r"(?:doesn't|does not|didn't|did not) take (?:it|this|that|\w+(?: \w+)?) seriously|"
                            r"(?:doesn't|does not|didn't|did not) see .{0,40} as (?:his|her|their)|"
                            r"not (?:his|her|their) (?:job|problem|responsibility|concern)|wanted to|didn't want|"
                            r"did not want|thought it was|felt it was|on purpose|deliberately|lack of (?:effort|care|"
                            r"attention|motivation|discipline|focus|ownership|commitment|responsibility|interest)|"
                            r"irresponsible|no sense of responsibility|excuse)\b"
                            r"|懒|偷懒|懒得|图省事|嫌麻烦|怕麻烦|不上心|不用心|没用心|不认真|没认真|不重视|没重视|当回事|"
                            r"放在心上|态度|责任心|责任感|不负责|心态|侥幸|故意|有意|怕(?:担|承担|背)?责任|不想|不愿|不肯|"
                            r"觉得.{0,12}(?:不是|没必要|无所谓|不重要)|不是(?:他|她|我)的事|自以为|想当然|不够努力|不努力|"
                            r"不积极|不主动|心思不在|敷衍|瞒")),
    ("person", re.compile(r"\b(?:(?:his|her|their) fault|personal (?:failure|problem|issue|reasons?)|incompetent|"
                          r"not (?:good|great) at|bad at|isn't cut out|not cut out|too junior|arrogant|stubborn|"
                          r"overconfident|disorgani[sz]ed|(?:he|she) is (?:just )?(?:weak|slow|bad)|just (?:like that|"
                          r"how (?:he|she) is))\b"
                          r"|个人原因|人为(?:失误|原因|疏忽)|(?:他|她|员工)(?:本人)?的(?:问题|错|失误)|性格|脾气|能力(?:不足|不够|差|有限)|"
                          r"水平不够|不行")),
)


_PERSON_SUBJECT = re.compile(
    r"^\W*(?:(?:honestly|basically|frankly|really|in the end|ultimately|at the end of the day),?\s+)?"
    r"(?:he|she|they|he's|she's|they're|the employee|employee|his|her|their)\b"
    r"|^\W*(?:说到底|归根到底|其实|主要是|还是|就是|根本上)*(?:还是|就是)?(?:他|她|员工|本人|该员工|这位同事|当事人)")


# A person as the subject of what was not their choice: leave, illness, being new, not being told.
_NOT_THEIR_DOING = re.compile(
    r"\b(?:on leave|on holiday|on vacation|sick|ill|new|absent|off|travell?ing|out of (?:the )?office|not told|never told|"
    r"wasn't told|not trained|never trained|wasn't trained|unaware|wasn't aware|not aware|didn't know|did not know|"
    r"doesn't know|had no|has no|was given|was asked|was assigned|was moved|covering|covered|overloaded|"
    r"stretched|juggling|alone|the only)\b"
    r"|休假|请假|生病|病假|出差|新来|刚入职|刚来|不知道|没人告诉|没有人告诉|没被告知|未被告知|没培训|没有培训|未培训|"
    r"被安排|被调|一个人|同时负责|兼顾|顶岗|代班|人手")
_PERSON_WORD = re.compile(r"\b(?:he|she|him|her|his|they|them|the employee)\b|他|她|员工|本人|自己")


def _judges_the_person(clause: str) -> bool:
    from perf_tui.checks.facts import judge

    return judge(clause, require_fact=False).judgment


def _cause_clause(text: str) -> str:
    """The part of a link that names its cause."""
    parts = _BECAUSE.split(text)
    if len(parts) > 1 and parts[-1].strip():
        return parts[-1]
    parts = _SO.split(text)
    if len(parts) > 1 and parts[0].strip():
        return parts[0]
    return text


def blame_kind(text: str) -> str:
    """"" when the link names a fixable cause (or nothing a person did); else what it blames:
    "rule" (skipped a rule), "forgot", "careless", "priority", "attitude" or "person"."""
    clause = _cause_clause(unicodedata.normalize("NFKC", text).lower())
    person = _PERSON_SUBJECT.match(clause) or _PERSON_WORD.search(clause)
    if _RULE_BROKEN.search(clause) and person:
        return "rule"  # a passive "refinement is skipped when busy" is a practice, not a person
    kind = next((kind for kind, pattern in _BLAME if pattern.search(clause)), "")
    if kind and _PERSON_SUBJECT.match(clause):
        return kind  # "he didn't read the requirements document": the document is the object, he the cause
    if not kind and _PERSON_SUBJECT.match(clause) and _judges_the_person(clause):
        return "person"  # "she never asks for help", "他就是马大哈": a verdict on the person
    if not kind and _PERSON_SUBJECT.match(clause) and not _SYSTEMIC.search(clause) \
            and not _NOT_THEIR_DOING.search(clause):
        return "person"  # "he stays up late gaming": the chain stops at what the person did
    if _SYSTEMIC.search(clause):
        return ""
    return kind


def blames_a_person(text: str) -> bool:
    return bool(blame_kind(text))


def _key(text: str) -> str:
    """Text compared for repetition: width-folded, lowercase, no spaces or punctuation."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in normal if ch.isalnum())


def blames_a_person(text: str) -> bool:
    return bool(_BLAME_EN.search(unicodedata.normalize("NFKC", text)) or _BLAME_ZH.search(text))


def _gaps_and_repeats(problem: Problem, last: int) -> list[Finding]:
    findings: list[Finding] = []
    seen = {_key(problem.description)} - {""}
    for position, why in enumerate(problem.whys[: last + 1], 1):
        key = _key(why)
        if not key:
            findings.append(finding("whys.empty", "warn", position=position))
        elif key in seen:
            findings.append(finding("whys.repeated", "warn", position=position))
        seen.add(key)
    return findings


def check_why_chain(problem: Problem) -> list[Finding]:
    """Findings for one problem's why-chain, in the order a reader meets them."""
    written = [i for i, why in enumerate(problem.whys) if _key(why)]
    if not written:
        return [finding("whys.none", "info")] if problem.description.strip() else []
    last = written[-1]
    findings = _gaps_and_repeats(problem, last)  # trailing empty rows are just not written yet
    if len(written) < ENOUGH_WHYS:
        findings.append(finding("whys.too_few", "info", count=len(written)))
    kind = blame_kind(problem.whys[last])
    if kind:
        # The message names the next "why" to ask for what the chain blames.
        findings.append(Finding(code="whys.blame", severity="warn", message_key=f"checks.whys.blame.{kind}"))
    return findings
