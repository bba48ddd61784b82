"""The export dialog by keys: defaults, the path follows the format, an unwritable path is one line
in place (the dialog stays), Esc cancels, and Chinese labels."""

from __future__ import annotations

import os
import stat

from textual.widgets import Input, Static

from perf_tui import locations
from perf_tui.export import suggested_filename
from perf_tui.model import Person, Status, new_record


def stored_record(app, clock, lang="en"):
    record = new_record(now_iso=clock().isoformat(), lang=lang, supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.period = "Q3"
    record.status = Status.IN_PROGRESS
    app.repo.create(record)
    return record


async def open_dialog_from_home(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()
    assert type(app.screen).__name__ == "ExportScreen"
    return app.screen


def path_field(dialog) -> Input:
    return dialog.query_one("#export-path", Input)


def error_text(dialog) -> str:
    error = dialog.query_one("#export-error", Static)
    return str(error.render()) if error.display else ""


async def test_export_dialog_defaults_then_format_changes_the_file_name(make_app, clock, data_dir):
    app = make_app()
    record = stored_record(app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        exports = locations.exports_dir(data_dir)
        assert path_field(dialog).value == str(exports / suggested_filename(record, "md"))
        await pilot.press("space")  # md -> html
        assert dialog.choice.fmt == "html"
        assert path_field(dialog).value == str(exports / suggested_filename(record, "html"))
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    written = exports / suggested_filename(record, "html")
    assert written.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(exports.stat().st_mode) == 0o700


async def test_export_dialog_shows_an_unwritable_path_in_place_and_escape_cancels(make_app, clock, tmp_path):
    app = make_app()
    stored_record(app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        path_field(dialog).value = str(tmp_path / "missing" / "r.md")
        path_field(dialog).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # still open, to fix the path
        message = error_text(dialog)
        assert message.startswith("Cannot write ") and "the folder does not exist" in message
        assert "\n" not in message
        await pilot.press("z")  # editing the path clears the message
        assert error_text(dialog) == ""
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert dialog.written is None
    assert not (tmp_path / "missing").exists()


async def test_export_dialog_in_chinese_uses_the_records_language(make_app, clock):
    app = make_app(lang="zh")
    stored_record(app, clock, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        assert dialog.choice.lang == "zh"
        assert str(dialog.query_one(".dialog-title").render()) == "导出记录"
        assert str(dialog.query_one("#export-format").render()) == "Markdown（.md）"
        assert str(dialog.query_one("#export-language").render()) == "中文"
        await pilot.press("f2")
        await pilot.pause()
        assert dialog.written.read_text(encoding="utf-8").startswith("# 绩效面谈记录与改进措施表")


async def test_meeting_palette_offers_export(make_app, clock):
    app = make_app()
    record = stored_record(app, clock)
    record.timing.started_at = clock().isoformat()
    app.repo.save(record)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(record.id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Export the record" in titles


async def test_export_dialog_asks_before_replacing_a_file(make_app, clock, tmp_path):
    app = make_app()
    stored_record(app, clock)
    target = tmp_path / "record.md"
    target.write_text("my own notes", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        path_field(dialog).value = str(target)
        path_field(dialog).focus()
        await pilot.press("enter")
        await pilot.pause()
        # A question first; nothing is written yet.
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert str(app.screen.query_one(".dialog-title").render()) == "Replace the file?"
        assert f"{target} already exists" in str(app.screen.query_one(".dialog-body").render())
        assert target.read_text(encoding="utf-8") == "my own notes"
        await pilot.press("n")  # keep it: back in the dialog, which says so, the path to change
        await pilot.pause()
        assert app.screen is dialog and dialog.written is None
        assert error_text(dialog).startswith(f"Not written: {target} already exists.")
        assert dialog.focused is path_field(dialog)
        assert target.read_text(encoding="utf-8") == "my own notes"
        await pilot.press("f2")  # asked again; y replaces it
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert dialog.written == target
    assert target.read_text(encoding="utf-8").startswith("# Performance Interview Record")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_export_dialog_in_chinese_asks_in_chinese(make_app, clock, tmp_path):
    app = make_app(lang="zh")
    stored_record(app, clock, lang="zh")
    target = tmp_path / "记录.md"
    target.write_text("旧内容", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        path_field(dialog).value = str(target)
        await pilot.press("f2")
        await pilot.pause()
        assert str(app.screen.query_one(".dialog-title").render()) == "替换文件？"
        await pilot.press("escape")
        await pilot.pause()
        assert error_text(dialog).startswith(f"未写入：{target} 已存在。")
    assert target.read_text(encoding="utf-8") == "旧内容"


async def test_export_dialog_refuses_a_fifo_in_place(make_app, clock, tmp_path):
    app = make_app()
    stored_record(app, clock)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        path_field(dialog).value = str(fifo)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is dialog  # no question: a FIFO is never replaced
        assert "a named pipe (FIFO), not a regular file" in error_text(dialog)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


async def test_export_dialog_offers_the_shareable_record_and_the_backup(make_app, clock, data_dir):
    import json

    from perf_tui.store import load_session

    app = make_app()
    record = stored_record(app, clock)
    record.private_notes = "PRIVATE-ONLY-IN-THE-BACKUP"
    app.repo.save(record)
    exports = locations.exports_dir(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog_from_home(app, pilot)
        await pilot.press("space", "space", "space", "space")  # md -> html -> eml -> ics -> json
        assert dialog.choice.fmt == "json"
        assert str(dialog.query_one("#export-format").render()) == \
            "Record for other programs, no private notes (.json)"
        assert path_field(dialog).value == str(exports / suggested_filename(record, "json"))
        await pilot.press("space")  # -> backup
        assert dialog.choice.fmt == "backup"
        assert str(dialog.query_one("#export-format").render()) == \
            "Full backup, with private notes (.backup.json)"
        assert path_field(dialog).value == str(exports / suggested_filename(record, "backup"))
        assert path_field(dialog).value.endswith(".backup.json")
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    written = exports / suggested_filename(record, "backup")
    restored = load_session(written.read_bytes())
    assert restored.id == record.id and restored.private_notes == "PRIVATE-ONLY-IN-THE-BACKUP"
    assert json.loads(written.read_text(encoding="utf-8"))["format"] == "perf-tui-session"


def test_a_typed_name_follows_the_format_between_json_and_backup(tmp_path):
    from perf_tui.screens.export import path_for_format

    record = new_record(now_iso="2024-10-08T14:00:00+00:00")
    mine = str(tmp_path / "alex.json")
    assert path_for_format(mine, record, "json", "backup") == str(tmp_path / "alex.backup.json")
    assert path_for_format(str(tmp_path / "alex.backup.json"), record, "backup", "json") == mine
    assert path_for_format(str(tmp_path / "alex.backup.json"), record, "backup", "md") == str(tmp_path / "alex.md")
