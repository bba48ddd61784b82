"""`perf-tui check` as scripts and editors run it: a real process, JSON in, JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from perf_tui.demo import build_demo_record
from perf_tui.model import Action, Goal, Problem
from perf_tui.store import open_repository

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 6, 18, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def run(*args: str, stdin: str = "", data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PERF_TUI_DATA_DIR": str(data_dir), "HOME": str(data_dir)}
    env.pop("PERF_TUI_LANG", None)
    return subprocess.run([sys.executable, "-m", "perf_tui", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60, encoding="utf-8")


def stored(data_dir: Path, lang: str = "en", **extra) -> str:
    record = build_demo_record(lang, NOW)
    record.goals.append(Goal(name="Response time", target="abc", actual="3h"))
    record.problems.append(Problem(description="Invoices late", whys=["Run started late", "She forgot"]))
    record.actions.append(Action(measure="Improve communication", owner="the team", deadline_text="Q4"))
    repo = open_repository(data_dir)
    try:
        repo.create(record)
    finally:
        repo.close()
    return record.id


def test_check_id_json_lists_every_finding_by_stage(tmp_path):
    session = stored(tmp_path)
    result = run("check", session, "--json", "--today", "2025-06-18", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert all(set(f) == {"stage", "item", "code", "severity", "message"} for f in findings)
    by_code = {(f["stage"], f["item"], f["code"]) for f in findings}
    assert ("review", "goal 5", "numbers.unreadable") in by_code
    assert ("root_cause", "problem 3", "whys.blame") in by_code
    assert {("action_planning", "action 3", code) for code in
            ("smart.specific.vague", "smart.achievable.owner_group", "smart.time.period")} <= by_code
    unreadable = next(f for f in findings if f["code"] == "numbers.unreadable")
    assert "cannot compute a rate from 'abc'" in unreadable["message"]
    # the demo's own items raise nothing: every finding is on an item added above
    assert {f["item"] for f in findings} == {"goal 5", "problem 3", "action 3"}


def test_check_id_text_is_a_readable_list_in_the_records_language(tmp_path):
    session = stored(tmp_path, "zh")
    result = run("check", session, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "绩效回顾"  # grouped under the stage's name
    assert any("目标5" in line and "无法根据“abc”计算达成率" in line for line in lines)
    assert any(line.startswith("  ! 措施3：") for line in lines)


def test_check_of_the_demo_finds_nothing(tmp_path):
    demo = run("demo", "--no-tui", data_dir=tmp_path).stdout.strip()
    assert run("check", demo, "--json", data_dir=tmp_path).stdout.strip() == "[]"


def test_check_stdin_answers_one_json_line_per_line_in_order(tmp_path):
    lines = [
        {"kind": "feedback", "lang": "en", "text": "Her report was sloppy."},
        {"kind": "feedback", "lang": "zh", "text": "他独立完成了支付模块的上线"},
        "this is not json",
        {"kind": "action", "lang": "en", "what": "Add a retry to the import job", "owner": "Priya",
         "deadline": "end of month", "support": "none"},
        {"kind": "action", "lang": "zh", "what": "多跑几次测试", "owner": "大家", "deadline": "尽快", "support": ""},
        {"kind": "why", "lang": "zh", "problem": "漏发货", "chain": ["没有核对订单", "他不把这当回事"]},
        {"kind": "unknown"},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
    result = run("check", "--stdin", "--json", "--today", "2025-06-18", stdin=stdin + "\n", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["judgment"] is True and out[0]["findings"][0]["code"].startswith("facts.judgment")
    assert out[1] == {"judgment": False, "findings": []}
    assert set(out[2]) == {"error"}
    assert out[3] == {"missing": [], "deadline": "2025-06-30", "findings": []}
    assert out[4]["missing"] == ["M", "T", "owner"] and out[4]["deadline"] == ""
    assert all(set(f) == {"code", "severity", "message"} for f in out[4]["findings"])
    assert out[5]["blame"] is True
    assert set(out[6]) == {"error"}


def test_check_stdin_takes_the_language_and_today_from_options(tmp_path):
    item = json.dumps({"kind": "action", "what": "编写新人入职手册", "owner": "我", "deadline": "下周一"})
    result = run("--lang", "zh", "check", "--stdin", "--today", "2025-06-18", stdin=item, data_dir=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["deadline"] == "2025-06-23" and answer["missing"] == []


@pytest.mark.parametrize("args", [("check",), ("check", "abc", "--stdin"), ("check", "--stdin", "--today", "soon")])
def test_check_usage_errors_are_one_line_and_exit_2(tmp_path, args):
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_check_of_an_unknown_id_is_one_line_and_exit_1(tmp_path):
    result = run("check", "nosuchid", data_dir=tmp_path)
    assert result.returncode == 1 and "nosuchid" in result.stderr and "Traceback" not in result.stderr
