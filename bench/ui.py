"""UI benchmark: every row of issue 10's table, each against its baseline in the same run.

    .venv/bin/python bench/ui.py [--runs 5] [--quick] [--only CASE ...] [--profile CASE]

Cases (each a figure, its baseline and the ratio; goals from issue 10):
- open: `open ID` until the MeetingScreen is the active screen and the app is idle (not the first
  frame, which is the sessions list) vs a bare app (TextArea + Footer) shown and idle.  Goal <= 1.5x.
- home: sessions list shown (200 sessions read and in the table, idle) vs the bare app.  Goal <= 1.15x.
- stage: Ctrl+N / Ctrl+B press-to-idle vs a key bound to nothing (F13) press-to-idle, alternating in
  one in-process Pilot harness (Pilot's press + pause, size 80x24), demo notes.  Goal <= 1.3x.
- stage_long: the same with 2,000-line notes in every stage.  (Information: same goal.)
- type: a key typed at the end of 2,000-line stage notes vs the same key at the end of a bare
  TextArea holding the same text, press-to-idle in Pilot, median of --keys samples per interpreter.
  Goal <= 1.1x.
- rss: peak RSS (ru_maxrss in the child) of the meeting with 2,000-line notes in every stage, each
  stage visited, vs a bare TextArea app holding one stage's 2,000 lines (what is on screen).  Goal <= 1.5x.
- home_10k: sessions list with 10,000 sessions shown vs the bare app.  Goal <= 1.5x.

Start-up figures are the wall time of a fresh interpreter (what a user pays) from spawn until the
child exits right after the screen is shown and idle; each child runs headless in App.run_test at
80x24, baseline children the same way. Cases alternate with their baselines so machine noise hits
both alike; every figure is the median over --runs interpreters (in-process figures: the median of
each interpreter's own median). Prints one JSON object. Figures are information, not asserts.

--profile CASE (open, stage or stage_long) runs that case under cProfile and prints the top
cumulative entries instead (open: a whole fresh interpreter; stage: ten Ctrl+N / Ctrl+B pairs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES_LINES = 2000
SIZE = (80, 24)

GOALS = {"open": 1.5, "home": 1.15, "stage": 1.3, "stage_long": 1.3, "type": 1.1, "rss": 1.5,
         "home_10k": 1.5}

# One child script for every case: argv = mode, data_dir, [session_id], [samples].
CHILD = r'''
import asyncio, json, resource, statistics, sys, time
from pathlib import Path

mode = sys.argv[1]
SIZE = (80, 24)
NOTES_LINES = 2000


def long_text():
    return "\n".join(f"line {i}: the plan, restated; who does what by when" for i in range(NOTES_LINES))


def bare_app(text=""):
    from textual.app import App
    from textual.widgets import Footer, TextArea

    class Bare(App):
        def compose(self):
            yield TextArea(text, id="bare")
            yield Footer()

    return Bare()


def perf_app(data_dir, start):
    from perf_tui.app import PerfTuiApp
    from perf_tui.clock import system_clock
    return PerfTuiApp(data_dir=Path(data_dir), lang="en", clock=system_clock, start=start)


async def until(pilot, ready, limit=60.0):
    began = time.perf_counter()
    while not ready():
        await pilot.pause()
        if time.perf_counter() - began > limit:
            raise SystemExit(f"timed out waiting in {mode}")
    await pilot.pause()


def meeting_active(app):
    from perf_tui.screens.meeting import MeetingScreen
    return isinstance(app.screen, MeetingScreen)


def home_shown(app):
    from perf_tui.screens.home import HomeScreen
    return isinstance(app.screen, HomeScreen) and app.screen.summaries is not None


async def timed_presses(pilot, keys, samples):
    """Press each of `keys` in turn `samples` times; milliseconds press-to-idle per key."""
    out = {key: [] for key in keys}
    for _ in range(samples):
        for key in keys:
            began = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out[key].append((time.perf_counter() - began) * 1000)
    return out


async def main():
    result = {}
    if mode == "bare":
        app = bare_app()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await pilot.pause()
    elif mode == "open":
        app = perf_app(sys.argv[2], ("open", sys.argv[3]))
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await until(pilot, lambda: meeting_active(app))
    elif mode == "home":
        app = perf_app(sys.argv[2], ("home",))
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await until(pilot, lambda: home_shown(app))
            result["rows"] = len(app.screen.summaries)
    elif mode == "stage":
        samples = int(sys.argv[4])
        app = perf_app(sys.argv[2], ("open", sys.argv[3]))
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await until(pilot, lambda: meeting_active(app))
            # forward then back: every sample leaves the meeting where it started
            got = await timed_presses(pilot, ["ctrl+n", "f13", "ctrl+b", "f13"], samples)
            result["stage_ms"] = statistics.median(got["ctrl+n"] + got["ctrl+b"])
            result["noop_ms"] = statistics.median(got["f13"])
    elif mode in ("type", "type_bare"):
        samples = int(sys.argv[4])
        if mode == "type":
            app = perf_app(sys.argv[2], ("open", sys.argv[3]))
        else:
            app = bare_app(long_text())
        async with app.run_test(headless=True, size=SIZE) as pilot:
            if mode == "type":
                await until(pilot, lambda: meeting_active(app))
                area = app.screen.notes.stage_notes
            else:
                await pilot.pause()
                area = app.query_one("#bare")
            area.focus()
            area.move_cursor(area.document.end)
            await pilot.pause()
            got = await timed_presses(pilot, ["x"], samples)
            result["key_ms"] = statistics.median(got["x"])
            result["lines"] = area.document.line_count
    elif mode in ("rss", "rss_bare"):
        if mode == "rss":
            app = perf_app(sys.argv[2], ("open", sys.argv[3]))
            async with app.run_test(headless=True, size=SIZE) as pilot:
                await until(pilot, lambda: meeting_active(app))
                for _ in range(4):
                    await pilot.press("ctrl+n")
                    await pilot.pause()
                result["stage"] = str(app.screen.stage)
        else:
            app = bare_app(long_text())
            async with app.run_test(headless=True, size=SIZE) as pilot:
                await pilot.pause()
        result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


asyncio.run(main())
'''

PREPARE = r'''
import datetime, sys
from pathlib import Path
from perf_tui.demo import build_demo_record
from perf_tui.model import STAGES, new_id
from perf_tui.store import open_repository

repo = open_repository(Path(sys.argv[1]))
count = int(sys.argv[2])
now = datetime.datetime(2024, 10, 8, 14, 0).astimezone()
ids = []
for i in range(count):
    record = build_demo_record("zh" if i % 2 else "en", now)
    record.id = new_id()
    repo.create(record)
    ids.append(record.id)
text = "\n".join(f"line {i}: the plan, restated; who does what by when" for i in range(int(sys.argv[3])))
record = build_demo_record("en", now)
record.id = new_id()
for stage in STAGES:
    record.set_notes(stage, text)
repo.create(record)
repo.list()
repo.close()
print(ids[-1], record.id)
'''


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, check=True,
                          capture_output=True, text=True, timeout=600)
    wall = (time.perf_counter() - began) * 1000
    lines = done.stdout.strip().splitlines()
    return wall, json.loads(lines[-1]) if lines else {}


def prepare(data_dir: Path, sessions: int, env: dict[str, str]) -> tuple[str, str]:
    """Store `sessions` demo interviews plus one with long notes; return (a demo id, the long id)."""
    out = subprocess.run([sys.executable, "-c", PREPARE, str(data_dir), str(sessions), str(NOTES_LINES)],
                         env=env, check=True, capture_output=True, text=True)
    demo, long = out.stdout.strip().splitlines()[-1].split()
    return demo, long


def med(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def row(value: float, baseline: float, goal: float, unit: str) -> dict:
    ratio = round(value / baseline, 2)
    return {f"value_{unit}": value, f"baseline_{unit}": baseline, "ratio": ratio, "goal": goal,
            "within_goal": ratio <= goal}


def profile(case: str, data: Path, demo: str) -> None:
    """Profile `case` under cProfile and print the top cumulative entries: `open` as a whole fresh
    interpreter (imports included), `stage` as ten Ctrl+N / Ctrl+B pairs in a meeting already open."""
    import asyncio
    import cProfile
    import pstats

    namespace: dict = {}
    sys.argv = ["child", "none"]
    exec(compile(CHILD.replace("asyncio.run(main())", ""), "bench-child", "exec"), namespace)
    from perf_tui.app import PerfTuiApp  # imported outside the profile: the open, not the imports
    from perf_tui.clock import system_clock

    async def run() -> None:
        app = PerfTuiApp(data_dir=data, lang="en", clock=system_clock, start=("open", demo))
        async with app.run_test(headless=True, size=SIZE) as pilot:
            profiler = cProfile.Profile()
            await namespace["until"](pilot, lambda: namespace["meeting_active"](app))
            profiler.enable()
            for _ in range(10):
                for key in ("ctrl+n", "ctrl+b"):
                    await pilot.press(key)
                    await pilot.pause()
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    if case == "open":  # the whole fresh interpreter, imports included: what the user waits for
        with tempfile.TemporaryDirectory() as tmp:
            child, out = Path(tmp) / "child.py", Path(tmp) / "open.prof"
            child.write_text(CHILD)
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), str(child), "open", str(data), demo],
                           check=True, stdout=subprocess.DEVNULL)
            pstats.Stats(str(out)).sort_stats("cumulative").print_stats(50)
        return
    asyncio.run(run())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs (and fewer key samples)")
    parser.add_argument("--keys", type=int, default=30, help="key presses per in-process interpreter")
    parser.add_argument("--only", nargs="+", choices=sorted(GOALS), help="measure only these cases")
    parser.add_argument("--profile", choices=["open", "stage", "stage_long"])
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="perf-tui-bench-ui-"))
    try:
        return measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # 10,000 sessions are not left behind in /tmp


def measure(args: argparse.Namespace, work: Path) -> int:
    runs = 2 if args.quick else args.runs
    keys = 10 if args.quick else args.keys
    cases = args.only or list(GOALS)
    env = {**os.environ, "PERF_TUI_CONFIG_DIR": str(work / "cfg"), "TEXTUAL": ""}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    data = work / "data"
    demo, long = prepare(data, 200, env)

    if args.profile:
        env_dir = work / "data"
        sys.path.insert(0, str(ROOT))
        os.environ["PERF_TUI_CONFIG_DIR"] = env["PERF_TUI_CONFIG_DIR"]
        profile("open" if args.profile == "open" else "stage", env_dir,
                long if args.profile == "stage_long" else demo)
        return 0

    # Every (case, side) pair is one child command; sides of a case alternate run by run.
    plan: dict[str, list[tuple[str, list[str]]]] = {}
    bare = ("bare", ["bare"])
    if "open" in cases:
        plan["open"] = [("value", ["open", str(data), demo]), bare]
    if "home" in cases:
        plan["home"] = [("value", ["home", str(data)]), bare]
    if "home_10k" in cases:
        data10k = work / "data10k"
        prepare(data10k, 10000 - 1, env)
        plan["home_10k"] = [("value", ["home", str(data10k)]), bare]
    if "stage" in cases:
        plan["stage"] = [("value", ["stage", str(data), demo, str(keys)])]
    if "stage_long" in cases:
        plan["stage_long"] = [("value", ["stage", str(data), long, str(keys)])]
    if "type" in cases:
        plan["type"] = [("value", ["type", str(data), long, str(keys * 3)]),
                        ("bare", ["type_bare", str(data), long, str(keys * 3)])]
    if "rss" in cases:
        plan["rss"] = [("value", ["rss", str(data), long]), ("bare", ["rss_bare"])]

    for sides in plan.values():  # warm the file cache and the .pyc files once
        for _, cmd in sides:
            run_child(cmd, env)
    samples: dict[tuple[str, str], list[tuple[float, dict]]] = {}
    for run in range(runs):
        for case, sides in plan.items():
            for side, cmd in (sides if run % 2 == 0 else list(reversed(sides))):
                samples.setdefault((case, side), []).append(run_child(cmd, env))

    result: dict = {"runs": runs, "notes_lines": NOTES_LINES, "size": list(SIZE),
                    "python": sys.version.split()[0]}
    for case in plan:
        got = samples[(case, "value")]
        if case in ("open", "home", "home_10k"):
            result[case] = row(med([w for w, _ in got]), med([w for w, _ in samples[(case, "bare")]]),
                               GOALS[case], "ms")
            if case != "open":
                result[case]["rows"] = got[0][1].get("rows")
        elif case in ("stage", "stage_long"):
            result[case] = row(med([d["stage_ms"] for _, d in got]), med([d["noop_ms"] for _, d in got]),
                               GOALS[case], "ms")
            result[case]["harness"] = "in-process Pilot, press + pause; noop = F13 (bound to nothing)"
        elif case == "type":
            result[case] = row(med([d["key_ms"] for _, d in got]),
                               med([d["key_ms"] for _, d in samples[(case, "bare")]]), GOALS[case], "ms")
            result[case]["harness"] = "in-process Pilot, press + pause; each side a fresh interpreter"
        elif case == "rss":
            mb = [d["maxrss_kb"] / 1024 for _, d in got]
            bare_mb = [d["maxrss_kb"] / 1024 for _, d in samples[(case, "bare")]]
            result[case] = row(med(mb), med(bare_mb), GOALS[case], "mb")
    result["load_average"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
