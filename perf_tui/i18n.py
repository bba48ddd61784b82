"""Message catalog lookup.

Catalogs are data: perf_tui/locales/<lang>/<domain>.json, flat objects of key -> text, one file
per area (common, home, meeting, export, ...) so that areas can grow without touching each other.
Every user-visible string goes through `t()`. A key missing in the current language falls back
to English, then to the key itself (and tests/unit/test_i18n.py checks both catalogs have the
same keys, so the fallback is only a safety net).
"""

from __future__ import annotations

import json
import locale
import os
from functools import lru_cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its domain files."""
    merged: dict[str, str] = {}
    folder = resources.files("perf_tui") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            duplicate = merged.keys() & data.keys()
            if duplicate:
                raise ValueError(f"duplicate message keys in {lang}/{entry.name}: {sorted(duplicate)}")
            merged.update(data)
    return merged


def normalize_language(value: str | None) -> str | None:
    """'zh_CN.UTF-8', 'zh-Hans', 'ZH' -> 'zh'; 'en_US' -> 'en'; anything else -> None."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return head if head in LANGUAGES else None


def language_from_locale() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        lang = normalize_language(os.environ.get(var))
        if lang:
            return lang
    try:
        lang = normalize_language(locale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or DEFAULT_LANGUAGE


def resolve_language(cli: str | None, configured: str | None) -> str:
    """--lang, else the config file, else the locale (zh* -> zh), else English."""
    return normalize_language(cli) or normalize_language(configured) or language_from_locale()


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _current = lang


def current_language() -> str:
    return _current


def t(key: str, /, lang: str | None = None, **values: Any) -> str:
    """The message `key` in `lang` (default: the current language), formatted with `values`."""
    text = catalog(lang or _current).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def t_count(key: str, count: int, /, lang: str | None = None, **values: Any) -> str:
    """`key` for a number of things: `key.one` when there is exactly one and the language has
    that form ("1 action … carries it in"), else `key`. `count` is passed on as {count}."""
    one = f"{key}.one"
    if count == 1 and has(one, lang):
        return t(one, lang, count=count, **values)
    return t(key, lang, count=count, **values)


def has(key: str, lang: str | None = None) -> bool:
    return key in catalog(lang or _current)
