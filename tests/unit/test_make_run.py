"""`make run` starts the app again after `make demo` (perf-tui is in .venv/bin, not on the PATH),
and the README's quick start stays at two commands and says so."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("make"), reason="external tool absent: make")
def test_make_run_starts_the_app_from_the_venv():
    # As a user runs it: not as a sub-make of `make test VENV=...` (CI), whose variables would
    # otherwise reach this make through MAKEFLAGS.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VENV")}
    done = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == ".venv/bin/perf-tui"


def test_the_readme_quick_start_is_two_commands_and_tells_how_to_start_again():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S).group(1)
    assert [line.split()[:2] for line in block.strip().splitlines()] == [["make", "demo"], ["make", "test"]]
    assert "`make run`" in quick and ".venv/bin/perf-tui" in quick
