"""Build what we ship (STYLE.md habit 10): build the wheel, install it (not editable) into a fresh
venv outside the repo, check the styles, catalogs and prompt data are inside, and run the
installed `perf-tui` from there, including the app itself, headless."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

HEADLESS_APP = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from perf_tui import locations
    from perf_tui.app import PerfTuiApp

    styles = locations.styles_dir()
    assert "site-packages" in str(styles), styles
    assert sorted(p.name for p in styles.glob("*.tcss")), styles

    async def main():
        app = PerfTuiApp(data_dir=Path(sys.argv[1]), lang="zh")
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert type(app.screen).__name__ == "HomeScreen", app.screen
            assert app.screen.query_one("DataTable").row_count == 1
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            print("SCREEN", type(app.screen).__name__)
            await pilot.press("ctrl+q")

    asyncio.run(main())
""")


def run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(out: Path) -> Path:
    # --no-isolation uses the hatchling installed with the test extras: no download needed.
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)])
    [wheel] = out.glob("perf_tui-*.whl")
    return wheel


def test_wheel_installs_into_a_fresh_venv_and_runs(tmp_path):
    wheel = build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("perf_tui/styles/app.tcss", "perf_tui/styles/home.tcss", "perf_tui/locales/en/common.json",
                     "perf_tui/locales/zh/common.json", "perf_tui/locales/zh/cli.json",
                     "perf_tui/prompts/library.toml"):
        assert expected in names, expected
    repo_styles = sorted(p.name for p in (REPO / "styles").glob("*.tcss"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("perf_tui/styles/")) == repo_styles

    venv = tmp_path / "venv"
    # No pip inside the new venv (ensurepip takes seconds): this interpreter's pip installs into it.
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python, script = venv / "bin" / "python", venv / "bin" / "perf-tui"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check",
         str(wheel)])

    outside = tmp_path / "elsewhere"  # not the repo: nothing may come from the checkout
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PERF_TUI_DATA_DIR=str(tmp_path / "data"), PERF_TUI_CONFIG_DIR=str(tmp_path / "config"),
               LANG="en_US.UTF-8")
    where = run([str(python), "-c", "import perf_tui, sys; print(perf_tui.__file__)"], cwd=outside, env=env)
    assert str(venv) in where.stdout and str(REPO) not in where.stdout

    assert run([str(script), "--version"], cwd=outside, env=env).stdout.startswith("perf-tui ")
    session_id = run([str(script), "demo", "--no-tui"], cwd=outside, env=env).stdout.strip()
    markdown = run([str(script), "export", session_id], cwd=outside, env=env).stdout
    assert markdown.startswith("# Performance Interview Record and Improvement Plan")
    chinese = run([str(script), "export", session_id, "--lang", "zh"], cwd=outside, env=env).stdout
    assert "绩效面谈记录与改进措施表" in chinese
    assert "improvement" in run([str(script), "guide", "--type", "improvement"], cwd=outside, env=env).stdout.lower()

    app = run([str(python), "-c", HEADLESS_APP, str(tmp_path / "data")], cwd=outside, env=env)
    assert "SCREEN MeetingScreen" in app.stdout
