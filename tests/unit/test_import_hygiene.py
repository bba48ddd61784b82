"""Headless modules never import Textual (STYLE.md habit 1): checked in a fresh interpreter,
since an earlier import in this test process would hide the problem."""

from __future__ import annotations

import json
import subprocess
import sys

HEADLESS = [
    "perf_tui",
    "perf_tui.cli",
    "perf_tui.model",
    "perf_tui.schema",
    "perf_tui.store.backup_format",
    "perf_tui.store.migrations",
    "perf_tui.scoring",
    "perf_tui.store",
    "perf_tui.store.repository",
    "perf_tui.export",
    "perf_tui.export.markdown",
    "perf_tui.agenda",
    "perf_tui.prompts",
    "perf_tui.guide",
    "perf_tui.demo",
    "perf_tui.dates",
    "perf_tui.checks",
    "perf_tui.config",
    "perf_tui.i18n",
    "perf_tui.locations",
    "perf_tui.logfile",
    "perf_tui.cjk_wrap",
    "perf_tui.completion",
]


def _modules_after(code: str) -> list[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_headless_modules_do_not_import_textual():
    # One interpreter for all: if none of them pulls Textual in, each of them is clean; when one
    # does, the script names the first module after whose import Textual appeared.
    code = (
        "import importlib, sys\n"
        "culprit = None\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "    if culprit is None and 'textual' in sys.modules:\n"
        "        culprit = name\n"
        "print('CULPRIT', culprit)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "CULPRIT None" in done.stdout, done.stdout


def test_commands_without_a_ui_do_not_import_textual(data_dir):
    session_id = _demo_id()
    commands = [["list"], ["list", "--json"], ["export", session_id], ["export", session_id, "--format", "html"],
                ["export", session_id, "--format", "json"], ["guide", "--type", "improvement"],
                ["demo", "--no-tui"], ["--version"], ["--completion", "bash"]]
    code = (
        "import io, contextlib\n"
        "from perf_tui.cli import main\n"
        f"for argv in {commands!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n            code = main(argv)\n        except SystemExit as e:\n            code = e.code\n"
        "    assert code == 0, (argv, code)\n"
    )
    assert "textual" not in _modules_after(code)


def test_the_app_module_does_import_textual():
    """The check above can fail: the app itself shows Textual in sys.modules."""
    assert "textual" in _modules_after("import perf_tui.app")


def _demo_id() -> str:
    done = subprocess.run([sys.executable, "-m", "perf_tui", "demo", "--no-tui"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
