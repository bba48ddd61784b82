"""Shell completion for bash, zsh and fish: `perf-tui --completion SHELL` prints a script made from
the argparse parser, so every command and option is offered and none that does not exist.

bash is always there; zsh and fish are external tools that may be absent (the checks that need
them are skipped, saying so)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys

import pytest

from perf_tui.cli import build_parser
from perf_tui.completion import describe, script


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perf_tui", *args], capture_output=True, text=True, timeout=60)


def commands_of_the_parser() -> list[str]:
    return [command.name for command in describe(build_parser())[1]]


def bash_complete(bash_script: str, *words: str) -> list[str]:
    code = (bash_script + "\nCOMP_WORDS=(" + " ".join(f"'{w}'" for w in words) + ")\n"
            f"COMP_CWORD={len(words) - 1}\n_perf_tui\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n")
    done = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=30, cwd="/")
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def bash_script() -> str:
    done = run_cli("--completion", "bash")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_bash_script_is_valid_and_lists_every_command(bash_script):
    check = subprocess.run(["bash", "-n"], input=bash_script, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    names = commands_of_the_parser()
    assert {"new", "open", "demo", "list", "export", "import", "guide"} <= set(names)
    assert f'local commands="{" ".join(names)}"' in bash_script
    assert bash_script.rstrip().endswith("complete -o filenames -F _perf_tui perf-tui")


def test_bash_completes_commands_options_and_their_values(bash_script):
    assert bash_complete(bash_script, "perf-tui", "ex") == ["export"]
    assert bash_complete(bash_script, "perf-tui", "--lang", "zh", "export", "--format", "") == \
        ["md", "html", "eml", "ics", "json", "backup"]
    assert sorted(bash_complete(bash_script, "perf-tui", "export", "abc", "--f")) == ["--force", "--format"]
    assert bash_complete(bash_script, "perf-tui", "--lang", "") == ["en", "zh"]
    assert bash_complete(bash_script, "perf-tui", "demo", "--") == ["--help", "--data-dir", "--lang", "--no-tui"]
    assert bash_complete(bash_script, "perf-tui", "--completion", "") == ["bash", "zsh", "fish"]


def test_the_script_follows_the_parser():
    parser = argparse.ArgumentParser(prog="perf-tui")
    parser.add_argument("--colour", choices=["red", "blue"], help="a colour: [the] 'best'")
    sub = parser.add_subparsers().add_parser("paint", help="paint: it")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--wet", action="store_true")
    bash = script(parser, "bash")
    assert 'local commands="paint"' in bash and "--colour) COMPREPLY=($(compgen -W \"red blue\"" in bash
    assert '"-h --help --wet"' in bash and "compgen -f" in bash
    zsh = script(parser, "zsh")
    assert "'paint:paint: it'" in zsh and "(red blue)" in zsh and "'*:file:_files'" in zsh
    assert r"a colour: \[the\] '\''best'\''" in zsh
    fish = script(parser, "fish")
    assert "-a paint" in fish and "-l colour -x -a 'red blue'" in fish and "-l wet" in fish


def test_an_unknown_shell_is_one_line_and_exit_2():
    done = run_cli("--completion", "tcsh")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "tcsh" in done.stderr


@pytest.mark.skipif(not shutil.which("zsh"), reason="external tool absent: zsh (apt-get install zsh)")
def test_the_zsh_script_is_valid_and_registers_itself(tmp_path):
    done = run_cli("--completion", "zsh")
    assert done.returncode == 0 and done.stdout.startswith("#compdef perf-tui")
    # -D: no dump file at all. (A dump to /dev/null, as root, lets compinit's rename replace the
    # device node with a regular file: seen on this machine.)
    code = "autoload -U compinit && compinit -u -D\n" + done.stdout + "\nprint -r -- $_comps[perf-tui]\n"
    check = subprocess.run(["zsh", "-f", "-c", code], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().splitlines()[-1] == "_perf_tui"
    for name in commands_of_the_parser():
        assert f"\n    '{name}:" in done.stdout


@pytest.mark.skipif(not shutil.which("fish"), reason="external tool absent: fish (apt-get install fish)")
def test_fish_completes_commands_and_values():
    done = run_cli("--completion", "fish")
    assert done.returncode == 0
    code = done.stdout + '\ncomplete -C "perf-tui ex"; complete -C "perf-tui export --format "\n'
    check = subprocess.run(["fish", "--no-config", "-c", code], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    offered = [line.split("\t")[0] for line in check.stdout.splitlines()]
    assert offered == ["export", "backup", "eml", "html", "ics", "json", "md"]
