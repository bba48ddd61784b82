"""Mutation score of the headless core, per module: `make mutate` (not part of CI).

With --run it first asks mutmut (configured in pyproject.toml, [tool.mutmut]) to test every mutant of
the chosen modules again, then it reads mutmut's results (mutants/**/*.py.meta, JSON) and prints one
row per module: killed / total, the score in percent, the survivors with the line each one changes.
The same figures go to mutants/mutation-score.json.

Mutants that cannot change behaviour are listed in tests/mutation_equivalents.toml, each with a
one-line reason and the hash mutmut gave the function when it was judged. An entry is subtracted
from its module's total only while that function is unchanged and the mutant still survives;
otherwise the script says the entry is stale, so the list cannot quietly hide a real survivor.

    python tools/mutation_score.py                      # report what mutants/ holds
    python tools/mutation_score.py --run scoring agenda # run those modules again, then report
    python tools/mutation_score.py --run --fail-under 90
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.toml"

# Module name as the report shows it -> the source files it covers (globs relative to ROOT).
MODULES: dict[str, str] = {
    "scoring": "perf_tui/scoring.py",
    "agenda": "perf_tui/agenda.py",
    "dates": "perf_tui/dates.py",
    "model": "perf_tui/model.py",
    "checks": "perf_tui/checks/*.py",
    "store": "perf_tui/store/*.py",
    "export": "perf_tui/export/*.py",
}

# mutmut 3.8.1's exit-code meaning (mutmut/stats.py, status_by_exit_code); anything else: suspicious.
STATUS_BY_EXIT_CODE: dict[int | None, str] = {
    1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 2: "interrupted",
    None: "not checked", 34: "skipped", 35: "suspicious", 36: "timeout", 37: "type check",
    -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", -11: "segfault", -9: "segfault",
}
# A mutant that made the tests fail, crash or hang was detected.
DETECTED = {"killed", "timeout", "segfault", "type check"}


@dataclass
class Equivalent:
    mutant: str
    function_hash: str
    reason: str


@dataclass
class ModuleScore:
    name: str
    total: int = 0
    killed: int = 0
    equivalent: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    survivors: list[dict[str, str]] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return self.total - self.equivalent

    @property
    def percent(self) -> float | None:
        return round(100 * self.killed / self.counted, 1) if self.counted else None

    def as_json(self) -> dict:
        return {"module": self.name, "killed": self.killed, "total": self.total,
                "equivalent": self.equivalent, "percent": self.percent, "statuses": self.statuses,
                "survivors": self.survivors}


def module_of(source: str) -> str | None:
    for name, pattern in MODULES.items():
        if fnmatch.fnmatch(source, pattern):
            return name
    return None


def function_key(mutant: str) -> str:
    """perf_tui.scoring.x__round_rate__mutmut_2 -> x__round_rate (the key of hash_by_function_name)."""
    return mutant.rpartition(".")[2].rpartition("__mutmut_")[0]


def load_equivalents(path: Path | None = None) -> dict[str, Equivalent]:
    path = path or EQUIVALENTS
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text("utf-8")).get("equivalent", [])
    return {e["mutant"]: Equivalent(e["mutant"], e["function_hash"], e["reason"]) for e in entries}


def load_results(mutants_dir: Path | None = None) -> dict[str, dict]:
    """source path (perf_tui/scoring.py) -> the meta JSON mutmut keeps for it."""
    mutants_dir = mutants_dir or MUTANTS
    results = {}
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        source = meta.relative_to(mutants_dir).as_posix().removesuffix(".meta")
        results[source] = json.loads(meta.read_text("utf-8"))
    return results


def changed_lines(mutant: str, source: str) -> str:
    """The mutant's change in one line ("- old  => + new"), read back by mutmut itself."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant
    except ImportError:
        return ""
    try:
        diff = get_diff_for_mutant(mutant, path=source)
    except Exception as error:  # a stale mutants/ copy: the name is still worth listing
        return f"(no diff: {error})"
    old = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    new = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return f"- {' / '.join(old)}  => + {' / '.join(new)}"


def score(results: dict[str, dict], equivalents: dict[str, Equivalent], modules: list[str],
          with_diffs: bool = True) -> tuple[list[ModuleScore], list[str]]:
    scores = {name: ModuleScore(name) for name in modules}
    warnings: list[str] = []
    seen: set[str] = set()
    for source, meta in results.items():
        module = module_of(source)
        if module not in scores:
            continue
        row = scores[module]
        hashes = meta.get("hash_by_function_name", {})
        for mutant, code in sorted(meta["exit_code_by_key"].items()):
            status = STATUS_BY_EXIT_CODE.get(code, "suspicious")
            row.total += 1
            equivalent = equivalents.get(mutant)
            if equivalent:
                seen.add(mutant)
                if status in DETECTED:
                    warnings.append(f"{mutant} is listed as equivalent but was killed: remove the entry")
                elif status == "survived" and hashes.get(function_key(mutant)) == equivalent.function_hash:
                    status = "equivalent"
                    row.equivalent += 1
                elif status == "survived":
                    warnings.append(f"{mutant}: its function changed since it was judged equivalent; judge again")
            row.statuses[status] = row.statuses.get(status, 0) + 1
            if status in DETECTED:
                row.killed += 1
            elif status != "equivalent":
                row.survivors.append({"mutant": mutant, "status": status,
                                      "change": changed_lines(mutant, source) if with_diffs else ""})
    for mutant in sorted(set(equivalents) - seen):
        if module_of_mutant(mutant) in scores:
            warnings.append(f"{mutant} is listed as equivalent but mutmut has no such mutant any more")
    return list(scores.values()), warnings


def module_of_mutant(mutant: str) -> str | None:
    path = mutant.rpartition(".")[0].replace(".", "/")
    return module_of(path + ".py") or module_of(path + "/__init__.py")


def print_table(rows: list[ModuleScore], warnings: list[str]) -> None:
    print(f"\n{'module':<9} {'killed':>6} / {'total':<5} {'equiv':>5} {'score':>7}  other")
    for row in rows:
        percent = "-" if row.percent is None else f"{row.percent:.1f}%"
        other = ", ".join(f"{k} {v}" for k, v in sorted(row.statuses.items())
                          if k not in DETECTED and k != "equivalent")
        print(f"{row.name:<9} {row.killed:>6} / {row.counted:<5} {row.equivalent:>5} {percent:>7}  {other}")
    for row in rows:
        if row.survivors:
            print(f"\nsurvivors in {row.name}:")
            for survivor in row.survivors:
                print(f"  {survivor['mutant']} [{survivor['status']}] {survivor['change']}")
    for warning in warnings:
        print(f"warning: {warning}")


def run_mutmut(modules: list[str], max_children: int) -> float:
    """Test every mutant of `modules` again (named mutants are re-run even when mutmut has a result)."""
    names = [f"perf_tui.{name}.*" for name in modules]
    mutmut = Path(sys.executable).with_name("mutmut")
    started = time.monotonic()
    # mutmut runs each mutant in a child forked from itself, so a test's os.getppid() is mutmut: a
    # mutant that turns pid_alive's os.kill(pid, 0) into os.kill(pid, 1) sends it SIGHUP and ended
    # the whole run. Ignored here (inherited like nohup), such a mutant just has its tests judged.
    done = subprocess.run([str(mutmut), "run", "--max-children", str(max_children), *names], cwd=ROOT,
                          preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    if done.returncode != 0:
        raise SystemExit(f"mutmut run failed with exit code {done.returncode}")
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--run", action="store_true", help="run mutmut on these modules first")
    parser.add_argument("--max-children", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--fail-under", type=float, help="exit 1 when a module scores below this percent")
    parser.add_argument("--no-diffs", action="store_true", help="list survivors by name only")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    modules = args.modules or list(MODULES)
    os.chdir(ROOT)  # mutmut reads pyproject.toml and mutants/ from the working directory
    seconds = run_mutmut(modules, args.max_children) if args.run else None
    if not MUTANTS.exists():
        raise SystemExit("no mutants/ folder: run with --run (or `make mutate`) first")
    rows, warnings = score(load_results(), load_equivalents(), modules, with_diffs=not args.no_diffs)
    print_table(rows, warnings)
    report = {"modules": [row.as_json() for row in rows], "warnings": warnings, "run_seconds": seconds}
    (MUTANTS / "mutation-score.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    print(f"\n{json.dumps({row.name: row.percent for row in rows})}  (details: mutants/mutation-score.json)")
    if seconds is not None:
        print(f"mutmut ran {seconds:.0f} s")
    if args.fail_under is not None and any(r.percent is None or r.percent < args.fail_under for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
