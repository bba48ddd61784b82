"""The theme picked in the app (Ctrl+P, Theme) is remembered in the config file, which keeps
everything else the user wrote (comments included), and the next start uses it."""

from __future__ import annotations

from perf_tui.config import EXAMPLE, load_config

MINE = '''# my settings
[general]
lang = "en"   # English please

[grades]
A = 95        # stricter
'''


async def pick_theme(app, pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for key in "theme":
        await pilot.press(key)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.2)
    for key in name:
        await pilot.press(key)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()


async def test_a_theme_picked_by_keys_is_written_to_the_config_file_and_used_next_time(make_app, config_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "config.toml"
    path.write_text(MINE, encoding="utf-8")
    app = make_app(config=load_config().config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pick_theme(app, pilot, "nord")
        assert app.theme == "nord"
    text = path.read_text(encoding="utf-8")
    assert text == MINE.replace('[general]\n', '[general]\ntheme = "nord"\n')  # nothing else moved
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    again = make_app(config=load_config().config)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        await pick_theme(again, pilot, "gruvbox")
    assert path.read_text(encoding="utf-8") == MINE.replace('[general]\n', '[general]\ntheme = "gruvbox"\n')


async def test_starting_the_app_writes_nothing(make_app, config_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(config=load_config().config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert not (config_dir / "config.toml").exists()


async def test_a_config_file_that_does_not_parse_is_left_alone(make_app, config_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "config.toml"
    path.write_text("[general\nlang = 'en'\n", encoding="utf-8")
    result = load_config()
    app = make_app(config=result.config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pick_theme(app, pilot, "nord")
        assert app.theme == "nord"  # used now, just not remembered
    assert path.read_text(encoding="utf-8") == "[general\nlang = 'en'\n"


def test_the_example_config_takes_a_theme_in_place():
    from perf_tui.config import with_theme
    import tomllib

    updated = with_theme(EXAMPLE, "nord")
    assert tomllib.loads(updated)["general"] == {"lang": "zh", "theme": "nord"}
    assert updated.replace('theme = "nord"\n', "", 1) == EXAMPLE
    assert with_theme('[general]\ntheme = "x"   # mine\n[meeting]\ntheme = 1\n', "nord") == \
        '[general]\ntheme = "nord"   # mine\n[meeting]\ntheme = 1\n'
    assert with_theme('lang = "zh"\n[grades]\nA = 90\n', "nord") == 'theme = "nord"\nlang = "zh"\n[grades]\nA = 90\n'
