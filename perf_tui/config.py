"""The user's config file (TOML, read with tomllib), with defaults.

A broken file never stops the app: `load_config` returns the defaults plus a message that says
which file and what is wrong, and the caller shows it.

The app writes one setting back: the theme chosen in the app (`save_theme`). The file stays the
user's: only the `theme = ...` line changes (or is added under [general]); comments, order and every
other line are kept, the result is parsed again before it replaces the file, and the replacement is
atomic (temp file, fsync, rename).
"""

from __future__ import annotations

import tomllib
import re
from dataclasses import dataclass, field
from pathlib import Path

from perf_tui import locations

DEFAULT_GRADE_THRESHOLDS = {"A": 100.0, "B": 85.0, "C": 60.0}
DEFAULT_STAGE_WEIGHTS = {
    "opening": 1.0,
    "review": 3.0,
    "root_cause": 3.0,
    "action_planning": 3.0,
    "confirmation": 1.5,
}
MIN_MINUTES, MAX_MINUTES = 15, 180
PAPERS = ("a4", "letter")  # the HTML record's page size when printed


@dataclass
class Config:
    lang: str | None = None
    theme: str | None = None  # [general] theme: a Textual theme's name, remembered from the app
    supervisor_name: str = ""
    supervisor_position: str = ""
    planned_minutes: int = 60
    # achievement rate (%) at or above which a grade is suggested; below C -> D
    grade_thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GRADE_THRESHOLDS))
    stage_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_STAGE_WEIGHTS))
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, for App.set_keymap
    paper: str = "a4"  # [export] paper: "a4" or "letter"
    path: Path | None = None


@dataclass
class ConfigResult:
    config: Config
    error: str | None = None  # one line for the user; None when the file was fine or absent


def load_config(path: Path | None = None) -> ConfigResult:
    path = path or locations.config_file()
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ConfigResult(config)
    except OSError as exc:
        return ConfigResult(config, f"{path}: {exc.strerror or exc}")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return ConfigResult(config, f"{path}: {exc}")
    try:
        _apply(config, data)
    except (TypeError, ValueError) as exc:
        return ConfigResult(Config(path=path), f"{path}: {exc}")
    return ConfigResult(config)


def _apply(config: Config, data: dict) -> None:
    general = data.get("general", data)
    if "lang" in general:
        config.lang = _str(general["lang"], "lang")
    if "theme" in general:
        config.theme = _str(general["theme"], "theme")
    supervisor = data.get("supervisor", {})
    if not isinstance(supervisor, dict):
        raise TypeError("[supervisor] must be a table")
    config.supervisor_name = _str(supervisor.get("name", ""), "supervisor.name")
    config.supervisor_position = _str(supervisor.get("position", ""), "supervisor.position")
    meeting = data.get("meeting", {})
    if not isinstance(meeting, dict):
        raise TypeError("[meeting] must be a table")
    if "planned_minutes" in meeting:
        minutes = meeting["planned_minutes"]
        if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ValueError(f"meeting.planned_minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}")
        config.planned_minutes = minutes
    weights = meeting.get("stage_weights")
    if weights is not None:
        for stage, weight in _number_table(weights, "meeting.stage_weights").items():
            if stage not in DEFAULT_STAGE_WEIGHTS:
                raise ValueError(f"meeting.stage_weights: unknown stage {stage!r}")
            if weight <= 0:
                raise ValueError("meeting.stage_weights must be positive")
            config.stage_weights[stage] = weight
    grades = data.get("grades")
    if grades is not None:
        thresholds = _number_table(grades, "grades")
        for grade in thresholds:
            if grade not in DEFAULT_GRADE_THRESHOLDS:
                raise ValueError(f"grades: unknown grade {grade!r}; set A, B and C (below C is D)")
        merged = {**config.grade_thresholds, **thresholds}
        if not merged["A"] >= merged["B"] >= merged["C"] >= 0:
            raise ValueError("grades: thresholds must satisfy A >= B >= C >= 0")
        config.grade_thresholds = merged
    export = data.get("export", {})
    if not isinstance(export, dict):
        raise TypeError("[export] must be a table")
    if "paper" in export:
        paper = _str(export["paper"], "export.paper").lower()
        if paper not in PAPERS:
            raise ValueError(f"export.paper must be one of: {', '.join(PAPERS)}")
        config.paper = paper
    keymap = data.get("keymap")
    if keymap is not None:
        if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
            raise TypeError("[keymap] must map binding ids to key strings")
        config.keymap = dict(keymap)


def _str(value, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string")
    return value


def _number_table(value, name: str) -> dict[str, float]:
    if not isinstance(value, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
        raise TypeError(f"[{name}] must map names to numbers")
    return {str(k): float(v) for k, v in value.items()}


EXAMPLE = """\
# perf-tui configuration
[general]
lang = "zh"            # en or zh; --lang overrides
# theme = "nord"       # remembered when you pick a theme in the app (Ctrl+P, Theme)

[supervisor]
name = "Li Wei"
position = "Engineering manager"

[meeting]
planned_minutes = 60   # 15-180; 60-90 suggested
# stage_weights = { opening = 1, review = 3, root_cause = 3, action_planning = 3, confirmation = 1.5 }

[grades]               # achievement rate (%) needed for each grade; below C is D
A = 100
B = 85
C = 60

[export]
paper = "a4"           # the printed HTML record's page size: a4 or letter

[keymap]               # binding id = "keys", e.g. next_stage = "ctrl+right"
"""


# --------------------------------------------------------------------------- writing the theme back

_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]\s*(#.*)?$")
_THEME_LINE = re.compile(r"""^(\s*theme\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*')(.*)$""")


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def with_theme(text: str, theme: str) -> str:
    """`text` (a config file) with `theme = "<theme>"` in its general settings, all else kept.

    The general settings are the [general] table, or the top of the file when there is none (the
    loader reads top-level keys as general settings then). An existing `theme = ...` line there is
    changed in place, keeping its comment; otherwise the line is added after the table's header
    (or as the first line of the file).
    """
    lines = text.splitlines(keepends=True)
    has_general = any((m := _TABLE_HEADER.match(line)) and m.group(1) == "general" for line in lines)
    current: str | None = None  # the table the line is in; None = the top of the file
    insert_at = 0
    for index, line in enumerate(lines):
        header = _TABLE_HEADER.match(line)
        if header:
            current = header.group(1)
            if current == "general":
                insert_at = index + 1
            continue
        if current == ("general" if has_general else None):
            match = _THEME_LINE.match(line.rstrip("\r\n"))
            if match:
                ending = line[len(line.rstrip("\r\n")):]
                lines[index] = match.group(1) + _toml_string(theme) + match.group(3) + ending
                return "".join(lines)
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    if insert_at and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    lines.insert(insert_at, f"theme = {_toml_string(theme)}{newline}")
    return "".join(lines)


def save_theme(theme: str, path: Path | None = None) -> str | None:
    """Remember `theme` in the config file; None when done, else one line saying why not (the
    file is then left as it was: a file that does not parse is the user's to fix, not ours)."""
    from perf_tui.store.atomic_storage import atomic_write_bytes

    path = path or locations.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}: {getattr(exc, 'strerror', None) or exc}"
    try:
        before = tomllib.loads(text)
        updated = with_theme(text, theme)
        after = tomllib.loads(updated)
    except tomllib.TOMLDecodeError as exc:
        return f"{path}: {exc}"
    general_after = after.get("general", after)
    general_before = before.get("general", before)
    if general_after.get("theme") != theme or \
            {k: v for k, v in general_after.items() if k != "theme"} != \
            {k: v for k, v in general_before.items() if k != "theme"}:
        return f"{path}: the theme could not be written without changing other settings"
    try:
        locations.ensure_private_dir(path.parent)
        atomic_write_bytes(path, updated.encode("utf-8"))
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None
