"""Every word in the user's language outside the screens: argparse's help and errors (in a real
subprocess), the exports of the Chinese demo, the amendment table's section, dates for people and
the suggested export file names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from perf_tui import i18n
from perf_tui.demo import build_demo_record
from perf_tui.export import MAX_FILENAME_BYTES, SUFFIXES, render, suggested_filename
from perf_tui.formatting import format_moment
from perf_tui.model import Amendment, SignOff

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[A-Za-z]{2,}")
COMMANDS = ("new", "open", "demo", "list", "export", "import", "schema", "guide", "check")
# Tokens a Chinese reader of the help legitimately sees: the program, its commands, options and
# their values (typed as they are), environment variables, format names.
HELP_ALLOWED = {"perf", "tui", "markdown", "json", "md", "html", "eml", "ics", "en", "zh", "csv",
                "backup", "schema",  # "JSON Schema" is the standard's name; backup a --format value
                "shell", "bash", "zsh", "fish",  # shells are programs' names (Chinese docs say shell too)
                "yyyy", "mm", "dd",  # the date format typed as it is (--today YYYY-MM-DD)
                "stage", "item", "code", "severity", "message"}  # check --json's keys, as printed


def run_cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "perf_tui", *args], capture_output=True, text=True,
                          env=env, timeout=60, cwd=ROOT)


def english_in_help(text: str) -> list[str]:
    text = re.sub(r"--?[\w-]+", " ", text)  # options, as typed
    text = re.sub(r"\{[^}]*\}", " ", text)  # choices, as typed
    text = re.sub(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", " ", text)  # environment variables
    values = {"regular", "improvement", "development", "promotion", "other", "staff", "manager", "executive"}
    allowed = HELP_ALLOWED | set(COMMANDS) | values
    return sorted({w for w in WORD.findall(text) if w.lower() not in allowed})


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_of_every_command_in_chinese_has_no_english_word(command):
    result = run_cli("--lang", "zh", *([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout and "显示此帮助信息并退出" in result.stdout
    assert english_in_help(result.stdout) == [], result.stdout


def test_help_in_english_stays_english():
    result = run_cli("--lang", "en", "export", "--help")
    assert result.stdout.startswith("usage: perf-tui export")
    assert "show this help message and exit" in result.stdout and "options:" in result.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("export",), "缺少以下必需参数：编号"),
    (("export", "x", "--format", "doc"), "无效的选项值：'doc'"),
    (("bogus",), "无效的选项值：'bogus'"),
    (("list", "--no-such-option"), "无法识别的参数：--no-such-option"),
])
def test_argument_errors_in_chinese(args, expected):
    result = run_cli("--lang", "zh", *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert english_in_help(result.stderr.replace("'bogus'", "").replace("'doc'", "")) == [], result.stderr


def test_chinese_help_columns_line_up_in_terminal_cells():
    from perf_tui.text import cell_width

    out = run_cli("--lang", "zh", "--help").stdout
    starts = set()
    for line in out.splitlines():
        match = re.match(r"^  (-\S.*?)\s{2,}(\S.*)$", line)
        if match:
            starts.add(cell_width(line) - cell_width(match.group(2)))
    assert len(starts) == 1, out


# --------------------------------------------------------------------------- exports

NOW = datetime(2026, 11, 30, 9, 20, tzinfo=timezone(timedelta(hours=8)))


def signed_demo(lang: str):
    record = build_demo_record(lang, NOW)
    stamp = "2026-11-30T01:20:11+00:00"
    record.confirmation.supervisor_signoff = SignOff(name=record.supervisor.name, signed_at=stamp)
    record.confirmation.employee_signoff = SignOff(name=record.employee.name, signed_at=stamp)
    record.amendments.append(Amendment(at=stamp, author=record.supervisor.name, section="review",
                                       text="补充：数据已复核。" if lang == "zh" else "Data checked again."))
    return record


def visible_text(fmt: str, text: str) -> str:
    """What a reader sees: HTML without tags, styles and entities; email without its headers and
    MIME parts' technical lines; calendar entries' SUMMARY/DESCRIPTION/LOCATION values."""
    import html

    if fmt == "html":
        text = re.sub(r"(?s)<style.*?</style>|<[^>]+>", " ", text)
        return html.unescape(text)
    if fmt == "eml":
        import email
        from email import policy

        message = email.message_from_string(text, policy=policy.default)
        parts = [message.get("Subject", "")]
        for part in message.walk():
            if part.get_content_maintype() == "text":
                body = part.get_content()
                parts.append(visible_text("html", body) if part.get_content_subtype() == "html" else body)
        return "\n".join(parts)
    if fmt == "ics":
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        return "\n".join(line.split(":", 1)[1] for line in unfolded.splitlines()
                         if line.split(":", 1)[0].split(";")[0] in ("SUMMARY", "DESCRIPTION", "LOCATION"))
    return text


EXPORT_ALLOWED = {"perf", "tui", "kpi", "okr", "smart", "why", "hr", "kb", "pdf", "crm", "sla"}


def english_in_export(text: str) -> list[str]:
    text = re.sub(r"\S+@\S+|https?://\S+|\b[0-9a-f]{6,}\b|<br\s*/?>", " ", text)  # <br>: markup
    return sorted({w for w in WORD.findall(text) if w.lower() not in EXPORT_ALLOWED})


@pytest.mark.parametrize("fmt", ("md", "html", "eml", "ics"))
def test_chinese_exports_have_no_english_word(fmt):
    i18n.set_language("zh")
    text = visible_text(fmt, render(signed_demo("zh"), fmt, "zh", now=NOW))
    assert english_in_export(text) == [], text[:2000]


@pytest.mark.parametrize("fmt", ("md", "html", "eml"))
def test_amendment_section_is_named_in_the_language(fmt):
    for lang in ("zh", "en"):
        raw = render(signed_demo(lang), fmt, lang, now=NOW)
        shown = visible_text(fmt, raw)
        amendments = shown.split(i18n.t("export.section.amendments", lang))[-1]
        assert i18n.t("stage.review", lang) in amendments
        assert not re.search(r"[|>]\s*review\s*[|<]", raw)  # the raw key, alone in a cell


# --------------------------------------------------------------------------- dates and file names

def test_moments_are_written_as_the_language_writes_them():
    stamp = "2026-11-30T01:20:11+00:00"
    assert format_moment(stamp, "zh", local=False) == "2026年11月30日 01:20"
    assert format_moment(stamp, "en", local=False) == "30 Nov 2026 01:20"
    local = datetime.fromisoformat(stamp).astimezone()
    assert format_moment(stamp, "zh").endswith(local.strftime("%H:%M"))
    assert format_moment(stamp, "zh", local=False, seconds=True).endswith("01:20:11")
    assert format_moment("last Tuesday", "zh") == "last Tuesday"  # typed text stays as typed


def test_chinese_exports_are_named_in_chinese_english_ones_as_before():
    record = build_demo_record("zh", NOW)
    name = suggested_filename(record, "md", "zh")
    assert name.startswith(f"绩效面谈_{record.employee.name}_{record.period}_") and name.endswith(".md")
    english = build_demo_record("en", NOW)
    assert suggested_filename(english, "html", "en").startswith("interview_")


UNSAFE = set('/\\:*?"<>|')


@given(name=st.text(max_size=300), period=st.text(max_size=300), lang=st.sampled_from(("en", "zh")))
def test_suggested_names_are_safe_and_short(name, period, lang):
    record = build_demo_record(lang, NOW)
    record.employee.name, record.period = name, period
    for fmt in ("md", "html", "eml", "ics", "json", "backup"):
        file_name = suggested_filename(record, fmt, lang)
        assert not UNSAFE & set(file_name)
        assert all(ch.isprintable() for ch in file_name)
        assert len(file_name.encode("utf-8")) <= MAX_FILENAME_BYTES
        assert file_name.endswith(SUFFIXES[fmt]) and not file_name.startswith(".")


def test_textual_widgets_with_english_words_are_only_used_through_their_translated_subclasses():
    """Select (its menu's "Dismiss menu" key) and CommandPalette (its placeholder and "No matches
    found") are used through perf_tui.widgets.textual_words, never directly."""
    package = ROOT / "perf_tui"
    direct = re.compile(r"(?<![\w.])(Select|CommandPalette)\(")
    offenders = [str(path.relative_to(ROOT)) for path in package.rglob("*.py")
                 if path.name != "textual_words.py" and direct.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_cli_export_to_a_folder_names_the_file_in_the_records_language(tmp_path):
    data = tmp_path / "data"
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    env = {"LANG": "en_US.UTF-8", "PERF_TUI_CONFIG_DIR": str(tmp_path / "config")}
    made = run_cli("--data-dir", str(data), "--lang", "zh", "demo", "--no-tui", env_extra=env)
    session_id = made.stdout.strip().splitlines()[-1]
    result = run_cli("--data-dir", str(data), "export", session_id, "-o", str(out), env_extra=env)
    assert result.returncode == 0, result.stderr
    (written,) = out.iterdir()
    assert written.name.startswith("绩效面谈_") and written.name.endswith(".md")
