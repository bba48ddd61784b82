"""The help screen and the command palette list the same bindings, translated, keymap applied."""

from __future__ import annotations

from perf_tui.config import Config


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def help_text(app) -> str:
    keys = app.screen.query_one("#help-keys")
    places = app.screen.query_one("#help-places")
    return f"{keys.render()!s}|{places.render()!s}"


def help_rows(app) -> list[tuple[str, str, str]]:
    return app.screen._rows


async def test_f1_lists_the_home_and_app_keys_and_the_paths(make_app, config_dir, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        rows = help_rows(app)
        descriptions = [row[1] for row in rows]
        for expected in ("Open", "New", "Delete", "Filter", "Trash", "Help", "Quit", "Save", "Commands"):
            assert expected in descriptions
        assert ("f1, ?", "Help") in [(row[0], row[1]) for row in rows]
        assert all(row[2] for row in rows), "every binding has a tooltip"
        text = str(app.screen.query_one("#help-places").render())
        assert str(config_dir / "config.toml") in text
        assert str(data_dir) in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_question_mark_opens_help_but_not_while_typing_in_the_filter(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "question_mark")
        assert app.screen.query_one("#home-filter").value == "?"
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("escape", "question_mark")
        assert type(app.screen).__name__ == "HelpScreen"


async def test_help_in_chinese(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        descriptions = [row[1] for row in help_rows(app)]
        assert "新建" in descriptions and "帮助" in descriptions


async def test_user_keymap_moves_a_key_and_help_shows_it(make_app):
    app = make_app(config=Config(keymap={"help": "f2", "home_new": "ctrl+e"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        assert type(app.screen).__name__ == "HelpScreen"
        keys = {row[1]: row[0] for row in help_rows(app)}
        assert keys["New"].startswith("^e")


async def test_palette_offers_every_binding_and_the_app_commands(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Open", "New", "Delete", "Trash", "Help", "Save",
                         "Language: 中文 (Chinese)", "Show config file path"):
            assert expected in titles
        # The home screen's N / Ctrl+N is the app's "New session": offered once, not twice.
        assert "New session" not in titles and len(titles) == len(set(titles))
        assert "Commands" not in titles  # the palette does not offer itself


async def test_palette_language_switch_rebuilds_the_screens_in_chinese(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.switch_language("zh")
        await settle(app, pilot)
        assert app.lang == "zh"
        assert type(app.screen).__name__ == "HomeScreen"
        assert str(app.screen.query_one("DataTable").columns[next(iter(app.screen.query_one("DataTable").columns))].label) == "面谈对象"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "新建" in titles and "帮助" in titles


async def test_palette_opens_with_ctrl_p_and_runs_a_binding(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Trash")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TrashScreen"


async def test_config_error_and_show_config_path_are_notified(make_app, data_dir, clock):
    from perf_tui.app import PerfTuiApp

    app = PerfTuiApp(data_dir=data_dir, lang="en", clock=clock, config_error="config.toml: bad line 2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_show_config_path()
        messages = [n.message for n in app._notifications]
        assert any("bad line 2" in m for m in messages)
        assert any("config.toml" in m and "Config file" in m for m in messages)


async def test_start_up_time_is_measured(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.startup_ms is not None and app.startup_ms > 0
