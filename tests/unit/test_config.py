"""The config file: values read, and a broken file means defaults plus one clear message."""

from __future__ import annotations

from perf_tui.config import DEFAULT_GRADE_THRESHOLDS, EXAMPLE, Config, load_config


def write(config_dir, text: str):
    path = config_dir / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_without_a_message(config_dir):
    result = load_config()
    assert result.error is None
    assert result.config.planned_minutes == 60
    assert result.config.grade_thresholds == DEFAULT_GRADE_THRESHOLDS
    assert result.config.path == config_dir / "config.toml"


def test_the_documented_example_loads(config_dir):
    write(config_dir, EXAMPLE)
    result = load_config()
    assert result.error is None
    config = result.config
    assert (config.lang, config.supervisor_name, config.planned_minutes) == ("zh", "Li Wei", 60)
    assert config.grade_thresholds == {"A": 100.0, "B": 85.0, "C": 60.0}


def test_values_are_read(config_dir):
    write(config_dir, """
[general]
lang = "en"
[supervisor]
name = "Morgan Li"
position = "Head of marketing"
[meeting]
planned_minutes = 90
stage_weights = { review = 4 }
[grades]
A = 95
[keymap]
help = "f2"
""")
    result = load_config()
    assert result.error is None
    config = result.config
    assert config.supervisor_position == "Head of marketing"
    assert config.planned_minutes == 90
    assert config.stage_weights["review"] == 4.0
    assert config.grade_thresholds["A"] == 95.0
    assert config.keymap == {"help": "f2"}


def test_broken_toml_gives_defaults_and_names_the_file(config_dir):
    path = write(config_dir, "[general\nlang = ")
    result = load_config()
    assert result.config.planned_minutes == Config().planned_minutes
    assert str(path) in result.error
    assert "\n" not in result.error


def test_wrong_values_give_defaults_and_say_what_is_wrong(config_dir):
    write(config_dir, "[meeting]\nplanned_minutes = 500\n[supervisor]\nname = 'X'\n")
    result = load_config()
    assert "15" in result.error and "180" in result.error
    assert result.config.supervisor_name == ""  # nothing of a wrong file is half-applied


def test_thresholds_out_of_order_are_refused(config_dir):
    write(config_dir, "[grades]\nA = 50\nB = 80\n")
    result = load_config()
    assert "A >= B" in result.error


def test_keymap_is_applied_to_the_app(make_app):
    app = make_app(config=Config(keymap={"help": "f2"}))
    assert app._keymap == {"help": "f2"}
