"""Start-up benchmark: perf-tui's time to first frame against an empty Textual app, same run.

    .venv/bin/python bench/startup.py [--runs 7] [--sessions 200]

Each case is a fresh interpreter (what a user pays), run headless until the first frame
(App.on_ready) and then exited; cases alternate so machine noise hits them alike. Prints one JSON
object: median wall milliseconds per case and each case's ratio to the empty Textual app.
- empty_textual: an App with nothing in it (the baseline the product brief names).
- home: perf-tui's first frame with --sessions stored sessions (the list is read in a worker and
  may still be loading then; bench/ui.py's home case waits until it is shown).
(The meeting is not timed here: App.on_ready fires on the first frame, which for `open ID` is the
sessions list, not the meeting. bench/ui.py times `open ID` until the meeting screen is shown.)
- cli_list / cli_version: `perf-tui list` and `--version`, which must not import Textual.
Figures are information, not asserts: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EMPTY = """
from textual.app import App
class Empty(App):
    def on_ready(self):
        self.exit()
Empty().run(headless=True)
"""

PERF_TUI = """
import sys
from pathlib import Path
from perf_tui import _startup
from perf_tui.app import PerfTuiApp
from perf_tui.clock import system_clock
class Timed(PerfTuiApp):
    def on_ready(self):
        super().on_ready()
        self.exit()
start = tuple(sys.argv[2:]) or ("home",)
Timed(data_dir=Path(sys.argv[1]), lang="en", clock=system_clock, start=start).run(headless=True)
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return (time.perf_counter() - began) * 1000


def prepare(data_dir: Path, sessions: int, env: dict[str, str]) -> str:
    """Store `sessions` copies of the demo interview; return the id of the last one."""
    script = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "from perf_tui.demo import build_demo_record\n"
        "from perf_tui.model import new_id\n"
        "from perf_tui.store import open_repository\n"
        "repo = open_repository(Path(sys.argv[1]))\n"
        "now = datetime.datetime(2024, 10, 8, 14, 0).astimezone()\n"
        "for i in range(int(sys.argv[2])):\n"
        "    record = build_demo_record('zh' if i % 2 else 'en', now)\n"
        "    record.id = new_id()\n"
        "    repo.create(record)\n"
        "repo.list()\n"
        "repo.close()\n"
        "print(record.id)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(data_dir), str(sessions)], env=env,
                         check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="perf-tui-bench-"))
    env = {**os.environ, "PERF_TUI_DATA_DIR": str(work / "data"), "PERF_TUI_CONFIG_DIR": str(work / "cfg"),
           "PYTHONDONTWRITEBYTECODE": "0", "TEXTUAL": ""}
    prepare(work / "data", args.sessions, env)
    cli = [sys.executable, "-m", "perf_tui"]
    cases = {
        "empty_textual": [sys.executable, "-c", EMPTY],
        "home": [sys.executable, "-c", PERF_TUI, str(work / "data")],
        "cli_version": [*cli, "--version"],
        "cli_list": [*cli, "list"],
    }
    for cmd in cases.values():  # warm the file cache and the .pyc files once
        timed(cmd, env)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            samples[name].append(timed(cmd, env))
    medians = {name: round(statistics.median(values), 1) for name, values in samples.items()}
    baseline = medians["empty_textual"]
    result = {
        "runs": args.runs,
        "sessions": args.sessions,
        **{f"{name}_ms": value for name, value in medians.items()},
        **{f"{name}_ratio": round(value / baseline, 2) for name, value in medians.items() if name != "empty_textual"},
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
