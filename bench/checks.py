"""Checks benchmark: how long one quality check takes, per item, after warm-up.

    .venv/bin/python bench/checks.py [--rounds 20]

Items are the labelled corpus (tests/corpus: feedback, actions, why-chains in English and Chinese).
Each kind is timed through the function the app calls on every key:
- feedback: checks.check_fact(text)         (key events, cases, problem descriptions)
- action:   checks.check_action(Action)     (SMART with steps, owner, deadline, checkpoints)
- why:      checks.check_why_chain(Problem)
- typing:   check_fact on every prefix of every feedback text, as the text is typed
After one warm-up pass, each item is timed `--rounds` times; p50/p95/max are over all timings.
baseline: in the same run, the cost of the least a check can do on the same texts (NFKC + lower +
one regex search); `ratio_p95` = p95 / baseline p95, comparable across machines.
cold: in a fresh interpreter, importing the checks and the first check (which reads the VADER
lexicon) — the one-off cost that warm_up() moves off the typing path.
Prints one JSON object. Figures are information, not asserts (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from test_checks_corpus import _all_heldout, _dev_items  # noqa: E402

from perf_tui.checks import check_action, check_fact, check_why_chain  # noqa: E402
from perf_tui.model import Action, Checkpoint, Problem  # noqa: E402

TODAY = date(2025, 6, 18)
_DIGIT = re.compile(r"\d")


def _calls():
    items = _dev_items() + _all_heldout()
    calls: dict[str, list] = {"feedback": [], "action": [], "why": [], "typing": [], "baseline": []}
    for item in items:
        lang = item["lang"]
        if item["kind"] == "feedback":
            text = item["text"]
            calls["feedback"].append(lambda text=text, lang=lang: check_fact(text, lang))
            for end in range(1, len(text) + 1):
                calls["typing"].append(lambda text=text[:end], lang=lang: check_fact(text, lang))
            calls["baseline"].append(lambda text=text: _DIGIT.search(unicodedata.normalize("NFKC", text).lower()))
        elif item["kind"] == "action":
            action = Action(measure=item["what"], owner=item["owner"], deadline_text=item["deadline"],
                            support=item["support"], steps=["Agree the channels", "Collect 25 a week"],
                            checkpoints=[Checkpoint(date_text="next Friday")])
            calls["action"].append(lambda action=action: check_action(action, TODAY))
        elif item["kind"] == "why":
            problem = Problem(description=item["problem"], whys=item["chain"])
            calls["why"].append(lambda problem=problem: check_why_chain(problem))
    return calls


def _time(functions: list, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for function in functions:
            start = time.perf_counter_ns()
            function()
            timings.append((time.perf_counter_ns() - start) / 1000)
    return timings


def _summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"n": len(ordered), "p50_us": round(statistics.median(ordered), 1),
            "p95_us": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "max_us": round(ordered[-1], 1)}


def _cold() -> dict[str, float]:
    code = ("import time; t0=time.perf_counter();"
            "from perf_tui.checks import check_fact; t1=time.perf_counter();"
            "check_fact('She is lazy', 'en'); t2=time.perf_counter();"
            "check_fact('他很拖拉', 'zh'); t3=time.perf_counter();"
            "print((t1-t0)*1000, (t2-t1)*1000, (t3-t2)*1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout.split()
    return {"import_ms": round(float(out[0]), 1), "first_check_ms": round(float(out[1]), 1),
            "second_check_ms": round(float(out[2]), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    calls = _calls()
    for functions in calls.values():  # warm-up: lexicons read, regexes compiled
        _time(functions, 1)
    result = {kind: _summary(_time(functions, rounds if kind != "typing" else max(1, rounds // 5)))
              for kind, functions in calls.items()}
    baseline = result["baseline"]["p95_us"]
    for kind in ("feedback", "action", "why", "typing"):
        result[kind]["ratio_p95"] = round(result[kind]["p95_us"] / baseline, 1) if baseline else None
    result["goal_p95_us"] = 2000
    result["cold"] = _cold()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
