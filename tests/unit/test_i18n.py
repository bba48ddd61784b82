"""The catalogs: both languages complete, no empty texts, the same placeholders, and the
language chosen the documented way (--lang, else config, else locale)."""

from __future__ import annotations

import json
import string
from importlib import resources

import pytest

from perf_tui import i18n


def area_files(lang: str) -> dict[str, dict[str, str]]:
    folder = resources.files("perf_tui") / "locales" / lang
    return {e.name: json.loads(e.read_text(encoding="utf-8")) for e in folder.iterdir() if e.name.endswith(".json")}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_area_file_exists_in_both_languages():
    assert area_files("en").keys() == area_files("zh").keys()


@pytest.mark.parametrize("area", sorted(area_files("en")))
def test_area_has_the_same_keys_in_both_languages(area):
    en, zh = area_files("en")[area], area_files("zh")[area]
    assert sorted(en.keys() - zh.keys()) == [], "missing in zh"
    assert sorted(zh.keys() - en.keys()) == [], "missing in en"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_empty_texts(lang):
    empty = [key for key, text in i18n.catalog(lang).items() if not isinstance(text, str) or not text.strip()]
    assert empty == []


def test_placeholders_match_between_languages():
    en, zh = i18n.catalog("en"), i18n.catalog("zh")
    different = {key: (placeholders(en[key]), placeholders(zh[key])) for key in en
                 if key in zh and placeholders(en[key]) != placeholders(zh[key])}
    assert different == {}


def test_keys_are_unique_across_area_files():
    # catalog() raises on a duplicate; loading both proves there is none
    assert len(i18n.catalog("en")) == sum(len(v) for v in area_files("en").values())


def test_chinese_texts_are_chinese():
    zh = i18n.catalog("zh")
    for key in ("app.keys.help", "home.col.employee", "cli.cmd.list", "help.title"):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[key]), key


def test_t_formats_and_falls_back_to_english_then_the_key():
    assert i18n.t("app.saved", time="14:02:11") == "Saved 14:02:11"
    assert i18n.t("app.saved", lang="zh", time="14:02:11") == "已保存 14:02:11"
    assert i18n.t("no.such.key") == "no.such.key"


@pytest.mark.parametrize(("cli", "configured", "env", "expected"), [
    ("zh", "en", "en_US.UTF-8", "zh"),
    (None, "zh", "en_US.UTF-8", "zh"),
    (None, None, "zh_CN.UTF-8", "zh"),
    (None, None, "zh_TW", "zh"),
    (None, None, "de_DE.UTF-8", "en"),
    (None, "fr", "en_US.UTF-8", "en"),
])
def test_resolve_language_order(cli, configured, env, expected, monkeypatch):
    monkeypatch.setenv("LANG", env)
    assert i18n.resolve_language(cli, configured) == expected
