"""Every command of the command line, its output, its errors and exit codes, in both languages.

Commands run in-process through cli.main (fast); the ones that would open the app have run_app
replaced, so the tests see where the app would start. Subprocess checks live in
test_import_hygiene.py and test_cli_process.py.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from perf_tui import __version__, cli
from perf_tui.cli import main
from perf_tui.store import open_repository


@pytest.fixture
def started(monkeypatch):
    """Record where the app would start instead of starting it."""
    calls: list[tuple] = []

    def fake_run_app(ctx, start):
        calls.append(start)
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


def demo_id(capsys, *extra: str) -> str:
    assert main(["demo", "--no-tui", *extra]) == 0
    return capsys.readouterr().out.strip()


def test_version_prints_the_package_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"perf-tui {__version__}"


def test_help_lists_only_commands_that_exist(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("new", "open", "demo", "list", "export", "import", "guide"):
        assert f"    {command} " in out
    assert "followups" not in out  # not built yet: not offered


def test_help_in_chinese(capsys):
    assert main(["--lang", "zh", "--help"]) == 0
    assert "列出所有面谈" in capsys.readouterr().out


def test_list_empty_says_how_to_start(capsys):
    assert main(["list"]) == 0
    assert "perf-tui new" in capsys.readouterr().out


def test_list_json_empty_is_an_empty_array(capsys):
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_demo_no_tui_prints_an_id_that_list_json_shows(capsys):
    session_id = demo_id(capsys)
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [session_id]
    assert {"id", "employee", "period", "type", "status", "date"} <= rows[0].keys()
    assert rows[0]["type"] == "improvement"


def test_list_table_aligns_chinese_names_by_cell_width():
    from perf_tui.store import Summary
    from perf_tui.text import cell_width

    rows = [Summary(id="aaaaaa", employee="张三丰", period="P-ONE", type="regular", status="draft", date="2024-10-01"),
            Summary(id="bbbbbb", employee="Bob", period="P-TWO", type="improvement", status="confirmed",
                    date="2024-10-02")]
    lines = cli.list_table(rows).splitlines()
    starts = {cell_width(line[: line.index("P-")]) for line in lines[2:]}
    assert len(starts) == 1  # the period column starts at the same cell on every line
    assert cell_width(lines[0][: lines[0].index("Period")]) == starts.pop()


def test_export_markdown_to_stdout_in_both_languages(capsys):
    session_id = demo_id(capsys)
    assert main(["export", session_id]) == 0
    english = capsys.readouterr().out
    assert english.startswith("# Performance Interview Record and Improvement Plan")
    assert main(["export", session_id, "--lang", "zh"]) == 0
    assert "绩效面谈记录与改进措施表" in capsys.readouterr().out


def test_export_to_a_file_is_private_and_atomic(capsys, tmp_path):
    session_id = demo_id(capsys)
    target = tmp_path / "out" / "record.md"
    target.parent.mkdir()
    assert main(["export", session_id, "-o", str(target)]) == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in target.parent.iterdir()] == ["record.md"]  # no temp file left
    assert str(target) in capsys.readouterr().err


def test_export_to_a_folder_uses_the_suggested_name(capsys, tmp_path):
    session_id = demo_id(capsys)
    assert main(["export", session_id, "--format", "html", "-o", str(tmp_path)]) == 0
    written = list(tmp_path.glob("interview_*.html"))
    assert len(written) == 1


def test_export_to_an_unwritable_path_is_one_line_and_exit_2(capsys, tmp_path):
    session_id = demo_id(capsys)
    assert main(["export", session_id, "-o", str(tmp_path / "missing" / "x.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "Traceback" not in err


def test_export_unknown_id_is_one_line_and_exit_1(capsys):
    assert main(["export", "nosuchid"]) == 1
    err = capsys.readouterr().err
    assert err == "perf-tui: no session with id nosuchid; perf-tui list shows the ids\n"


def test_export_unknown_id_in_chinese(capsys):
    assert main(["--lang", "zh", "export", "nosuchid"]) == 1
    assert "找不到编号为 nosuchid 的面谈" in capsys.readouterr().err


def test_export_bad_format_is_a_usage_error(capsys):
    assert main(["export", "x", "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pdf" in err


def test_backup_export_and_import_round_trip(capsys, tmp_path, data_dir):
    session_id = demo_id(capsys)
    backup = tmp_path / "backup.json"
    assert main(["export", session_id, "--format", "backup", "-o", str(backup)]) == 0
    assert main(["import", str(backup)]) == 1  # same id: refused
    assert "--new-id" in capsys.readouterr().err
    assert main(["import", str(backup), "--new-id"]) == 0
    copy_id = capsys.readouterr().out.strip()
    repo = open_repository(data_dir)
    original, copy = repo.get(session_id), repo.get(copy_id)
    assert copy_id != session_id
    copy.id = original.id
    assert copy.to_dict() == original.to_dict()


def test_import_of_a_file_that_is_not_a_backup(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json" in err


def test_import_of_a_missing_file(capsys, tmp_path):
    assert main(["import", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_guide_prints_markdown_for_every_type(capsys):
    for kind in ("regular", "improvement", "development", "promotion", "other"):
        assert main(["guide", "--type", kind, "--minutes", "60"]) == 0
        assert capsys.readouterr().out.startswith("# ")


def test_guide_unknown_type_names_the_valid_ones(capsys):
    assert main(["guide", "--type", "bogus"]) == 2
    err = capsys.readouterr().err
    assert "improvement" in err and err.count("\n") == 1


def test_guide_minutes_out_of_range(capsys):
    assert main(["guide", "--minutes", "5"]) == 2
    assert "15" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "valid_values"),
    [
        (["--type", "nonsense"], ("regular", "improvement", "development", "promotion", "other")),
        (["--level", "bogus"], ("staff", "manager", "executive")),
        (["--minutes", "5"], ("15", "180")),
        (["--minutes", "500"], ("15", "180")),
        (["--minutes", "ninety"], ("15", "180")),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_guide_bad_argument_is_one_usage_line_naming_the_valid_values(capsys, args, valid_values, lang):
    assert main(["guide", *args, "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert all(value in captured.err for value in valid_values)
    assert "Traceback" not in captured.err and "unexpected error" not in captured.err
    assert "意外错误" not in captured.err


def test_guide_uses_the_configured_stage_weights(capsys, config_dir):
    from perf_tui.guide import render_guide

    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        "[meeting]\nstage_weights = { opening = 5, review = 1, root_cause = 1, action_planning = 1,"
        " confirmation = 1 }\n", encoding="utf-8")
    weights = {"opening": 5, "review": 1, "root_cause": 1, "action_planning": 1, "confirmation": 1}
    assert main(["guide", "--minutes", "60"]) == 0
    out = capsys.readouterr().out
    assert out == render_guide("regular", "staff", 60, "en", weights=weights)
    assert out != render_guide("regular", "staff", 60, "en")


def test_global_options_work_before_and_after_the_command(capsys, tmp_path):
    other = tmp_path / "elsewhere"
    assert main(["--data-dir", str(other), "demo", "--no-tui"]) == 0
    session_id = capsys.readouterr().out.strip()
    assert main(["list", "--json", "--data-dir", str(other)]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [session_id]
    assert main(["list", "--json"]) == 0  # the default (PERF_TUI_DATA_DIR) is another folder
    assert json.loads(capsys.readouterr().out) == []
    assert main(["list", "--lang", "zh"]) == 0
    assert "还没有面谈记录" in capsys.readouterr().out


def test_data_dir_from_the_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PERF_TUI_DATA_DIR", str(tmp_path / "env-data"))
    demo_id(capsys)
    assert (tmp_path / "env-data" / "sessions").is_dir()


def test_unwritable_data_dir_is_one_line(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["list", "--data-dir", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--data-dir" in err


def test_bad_arguments_are_one_line_and_exit_2(capsys):
    assert main(["export"]) == 2
    assert main(["--lang", "fr", "list"]) == 2
    assert main(["frobnicate"]) == 2
    for line in filter(None, capsys.readouterr().err.split("\n")):
        assert "--help" in line


def test_language_from_config_then_locale(capsys, config_dir, monkeypatch):
    (config_dir / "config.toml").write_text('[general]\nlang = "zh"\n', encoding="utf-8")
    assert main(["list"]) == 0
    assert "还没有面谈记录" in capsys.readouterr().out
    assert main(["list", "--lang", "en"]) == 0
    assert "No sessions yet" in capsys.readouterr().out
    (config_dir / "config.toml").unlink()
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["list"]) == 0
    assert "还没有面谈记录" in capsys.readouterr().out


def test_broken_config_warns_and_uses_defaults(capsys, config_dir):
    (config_dir / "config.toml").write_text("[general\nlang = ", encoding="utf-8")
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "No sessions yet" in captured.out
    assert "config.toml" in captured.err and "Traceback" not in captured.err


def test_damaged_session_file_is_one_line(capsys, data_dir):
    session_id = demo_id(capsys)
    (data_dir / "sessions" / f"{session_id}.json").write_text("{broken", encoding="utf-8")
    assert main(["export", session_id]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unexpected_error_goes_to_the_log_not_the_screen(capsys, monkeypatch, data_dir):
    def boom(ctx):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "cmd_list", boom)
    assert cli.run_command(boom, _ctx(), None) == 1
    err = capsys.readouterr().err
    assert "kaboom" in err and "Traceback" not in err and err.count("\n") == 1
    assert "Traceback" in (data_dir / "perf-tui.log").read_text(encoding="utf-8")


def _ctx():
    import argparse

    from perf_tui.clock import FakeClock
    from perf_tui.config import Config

    return cli.Context(args=argparse.Namespace(), lang="en", lang_given=False, config=Config(),
                       config_error=None, clock=FakeClock())


def test_plain_perf_tui_opens_home(started):
    assert main([]) == 0
    assert started == [("home",)]


def test_new_opens_a_new_session(started):
    assert main(["new"]) == 0
    assert started == [("new",)]


def test_open_known_id_opens_it_and_unknown_id_fails_before_the_ui(started, capsys):
    session_id = demo_id(capsys)
    assert main(["open", session_id]) == 0
    assert started == [("open", session_id)]
    assert main(["open", "nosuchid"]) == 1
    assert started == [("open", session_id)]
    assert "nosuchid" in capsys.readouterr().err


def test_demo_with_tui_opens_the_sample(started, data_dir):
    assert main(["demo"]) == 0
    [(kind, session_id)] = started
    assert kind == "open"
    assert open_repository(data_dir).get(session_id).employee.name


def test_export_lang_defaults_to_the_sessions_language(capsys):
    session_id = demo_id(capsys, "--lang", "zh")
    assert main(["export", session_id]) == 0  # the UI is English, the interview was in Chinese
    assert "绩效面谈记录与改进措施表" in capsys.readouterr().out


def test_export_writes_crlf_formats_byte_exact(capsys, tmp_path):
    session_id = demo_id(capsys)
    target = tmp_path / "x.ics"
    assert main(["export", session_id, "--format", "ics", "-o", str(target)]) == 0
    assert b"\r\n" in Path(target).read_bytes()
