"""tools/mutation_score.py (`make mutate`): the per-module score read from mutmut's meta files, and
the list of equivalent mutants it subtracts, which must never hide a survivor."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("mutation_score", ROOT / "tools" / "mutation_score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def write_meta(mutants: Path, source: str, exit_codes: dict, hashes: dict) -> None:
    meta = mutants / f"{source}.meta"
    meta.parent.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps({"exit_code_by_key": exit_codes, "hash_by_function_name": hashes}))


def test_score_per_module_with_equivalents_subtracted_only_while_valid(tool, tmp_path):
    write_meta(tmp_path, "perf_tui/scoring.py", {
        "perf_tui.scoring.x_a__mutmut_1": 1,      # killed
        "perf_tui.scoring.x_a__mutmut_2": 0,      # survived, listed, function unchanged: equivalent
        "perf_tui.scoring.x_b__mutmut_1": 0,      # survived, listed, but x_b changed since: survivor
        "perf_tui.scoring.x_b__mutmut_2": 36,     # timeout: detected
        "perf_tui.scoring.x_b__mutmut_3": None,   # not checked: counts against the score
    }, {"x_a": "aaa", "x_b": "bbb-new"})
    write_meta(tmp_path, "perf_tui/checks/smart.py", {"perf_tui.checks.smart.x_c__mutmut_1": 1}, {"x_c": "c"})
    write_meta(tmp_path, "perf_tui/app.py", {"perf_tui.app.x_d__mutmut_1": 0}, {"x_d": "d"})  # not core
    equivalents = {
        "perf_tui.scoring.x_a__mutmut_2": tool.Equivalent("perf_tui.scoring.x_a__mutmut_2", "aaa", "why"),
        "perf_tui.scoring.x_b__mutmut_1": tool.Equivalent("perf_tui.scoring.x_b__mutmut_1", "bbb-old", "why"),
        "perf_tui.checks.smart.x_c__mutmut_1": tool.Equivalent("perf_tui.checks.smart.x_c__mutmut_1", "c", "?"),
        "perf_tui.scoring.x_gone__mutmut_9": tool.Equivalent("perf_tui.scoring.x_gone__mutmut_9", "g", "?"),
    }

    rows, warnings = tool.score(tool.load_results(tmp_path), equivalents, ["scoring", "checks"],
                                with_diffs=False)

    scoring, checks = rows
    assert (scoring.killed, scoring.total, scoring.equivalent, scoring.percent) == (2, 5, 1, 50.0)
    assert [s["mutant"] for s in scoring.survivors] == ["perf_tui.scoring.x_b__mutmut_1",
                                                        "perf_tui.scoring.x_b__mutmut_3"]
    assert scoring.statuses == {"killed": 1, "equivalent": 1, "survived": 1, "timeout": 1, "not checked": 1}
    assert (checks.killed, checks.total, checks.percent) == (1, 1, 100.0)
    assert warnings == [
        "perf_tui.checks.smart.x_c__mutmut_1 is listed as equivalent but was killed: remove the entry",
        "perf_tui.scoring.x_b__mutmut_1: its function changed since it was judged equivalent; judge again",
        "perf_tui.scoring.x_gone__mutmut_9 is listed as equivalent but mutmut has no such mutant any more",
    ]


def test_fail_under_fails_a_module_below_the_bar(tool, tmp_path, monkeypatch, capsys):
    write_meta(tmp_path / "mutants", "perf_tui/model.py",
               {f"perf_tui.model.x_e__mutmut_{i}": (1 if i < 9 else 0) for i in range(10)}, {"x_e": "e"})
    monkeypatch.chdir(tmp_path)  # main() moves to ROOT; this puts the test's cwd back afterwards
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "MUTANTS", tmp_path / "mutants")
    monkeypatch.setattr(tool, "EQUIVALENTS", tmp_path / "no-equivalents.toml")

    assert tool.main(["model", "--no-diffs", "--fail-under", "90"]) == 0
    assert tool.main(["model", "--no-diffs", "--fail-under", "90.1"]) == 1
    out = capsys.readouterr().out
    assert "model          9 / 10        0   90.0%  survived 1" in out
    assert "perf_tui.model.x_e__mutmut_9 [survived]" in out
    report = json.loads((tmp_path / "mutants" / "mutation-score.json").read_text())
    assert report["modules"][0]["killed"] == 9 and report["modules"][0]["percent"] == 90.0


def test_every_listed_equivalent_names_a_core_mutant_a_hash_and_a_reason(tool):
    entries = tomllib.loads((ROOT / "tests" / "mutation_equivalents.toml").read_text("utf-8"))["equivalent"]
    assert entries, "the file lists the equivalent mutants judged so far"
    names = [entry["mutant"] for entry in entries]
    assert len(names) == len(set(names))
    for entry in entries:
        assert set(entry) == {"mutant", "function_hash", "reason"}
        assert tool.module_of_mutant(entry["mutant"]) in tool.MODULES
        assert "__mutmut_" in entry["mutant"] and len(entry["function_hash"]) == 12
        assert len(entry["reason"].split()) >= 5
