"""The 5-Why chain of a problem (5Why分析法: ask "why" layer by layer until a cause one can act on).

`check_why_chain(problem)`:
- a described problem with no whys yet            -> info  "whys.none"
- 1 or 2 whys (hard problems need about five)      -> info  "whys.too_few" (count)
- an empty why between written ones               -> warn  "whys.empty" (position, 1-based)
- a why that repeats the problem or an earlier why -> warn  "whys.repeated" (position)
- a chain that ends in blaming a person ("he is careless", "责任心不强") rather than a process
                                                   -> warn  "whys.blame"
"""

from __future__ import annotations

import re
import unicodedata

from perf_tui.checks import Finding, finding
from perf_tui.model import Problem

ENOUGH_WHYS = 3

_BLAME_EN = re.compile(
    r"\b(he|she|they|him|her|the employee|employee)\b.{0,30}\b(is|was|are|were|be|being)?\s*"
    r"(lazy|careless|sloppy|irresponsible|unmotivated|incompetent|not careful|not serious|negligent)\b"
    r"|\b(his|her|their|the employee's) fault\b|\bhuman error\b|\bpersonal (reasons?|failure|problem)\b"
    r"|\black of (responsibility|effort|motivation|care|attention)\b|\b(bad|poor) attitude\b"
    r"|\b(did not|didn't|does not|doesn't) (care|try|bother|pay attention)\b|\bnot (careful|motivated) enough\b"
    r"|\b(careless|lazy|sloppy)( mistake| work)?\b",
    re.IGNORECASE,
)
_BLAME_ZH = re.compile(
    r"责任心(不强|不够|差)|不负责任|粗心|马虎|懒|不认真|不用心|不上心|态度(不好|差|问题|不端正)|个人原因|人为(失误|原因|疏忽)"
    r"|能力(不足|不够|差)|(他|她|员工)(本人)?(的)?(问题|错|失误|疏忽|不够努力|不重视)|不够努力|工作不积极|(他|她)没(有)?(用心|注意)"
)


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
    if blames_a_person(problem.whys[last]):
        findings.append(finding("whys.blame", "warn"))
    return findings
