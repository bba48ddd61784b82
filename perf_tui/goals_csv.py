"""Goals from a CSV file, as Excel, Numbers, WPS or a script writes it. Pure: no UI, no clock.

`parse_goals_csv(data)` takes the file's bytes (or text) and returns the goals it could read plus
one `Issue` per problem, each naming its row, so that a person can fix the file. It never raises.

What it copes with, because that is what people's files look like:
- encodings: UTF-8 with or without BOM (Excel's "CSV UTF-8"), UTF-16 with BOM (Excel's "Unicode
  text"), and GBK/GB18030 (Excel's plain "CSV" on a Chinese Windows);
- delimiters: comma, semicolon (European Excel), tab, pipe, and the full-width comma "，";
- headers in English or Chinese, the form's own included ("核心目标", "目标值", "备注（关键事件/数据）"),
  in any order, any case; without a recognised header the columns are read as
  goal, target, unit, direction, notes;
- direction words in both languages ("lower", "越低越好", "↓"); an empty direction is suggested
  from the target ("≤5%" -> lower is better).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from perf_tui.model import Direction, Goal
from perf_tui.scoring import infer_direction

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_GOALS = 200
MAX_ISSUES = 50
POSITIONAL_COLUMNS = ("name", "target", "unit", "direction", "notes")
DELIMITERS = ("\t", ",", ";", "|", "，")

# Header text (normalised: NFKC, casefold, no brackets, no spaces/underscores/hyphens) -> field.
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("goal", "goals", "goalname", "name", "objective", "kpi", "metric",
             "核心目标", "目标", "目标名称", "目标项", "指标", "指标名称", "绩效目标"),
    "target": ("target", "targetvalue", "goalvalue", "目标值", "目标数值", "目标水平"),
    "actual": ("actual", "actualvalue", "result", "完成值", "实际值", "实际完成", "实际"),
    "unit": ("unit", "units", "单位", "计量单位"),
    "direction": ("direction", "better", "polarity", "方向", "指标方向", "考核方向", "优劣方向"),
    "notes": ("notes", "note", "remarks", "remark", "comment", "comments", "备注", "说明"),
}
_HEADER_LOOKUP = {alias: name for name, aliases in _HEADER_ALIASES.items() for alias in aliases}

_DIRECTION_WORDS: dict[Direction, tuple[str, ...]] = {
    Direction.HIGHER: ("higher", "high", "up", "higherisbetter", "higherbetter", "max", "maximise",
                       "maximize", "more", "↑", "+", "越高越好", "越大越好", "越多越好", "高", "正向", "升"),
    Direction.LOWER: ("lower", "low", "down", "lowerisbetter", "lowerbetter", "min", "minimise",
                      "minimize", "less", "fewer", "↓", "-", "越低越好", "越小越好", "越少越好", "低",
                      "反向", "降"),
}
_DIRECTION_LOOKUP = {word: d for d, words in _DIRECTION_WORDS.items() for word in words}

_BRACKETED = re.compile(r"[(\[（【].*?[)\]）】]")
_SEPARATORS = re.compile(r"[\s_\-:：]+")


@dataclass(frozen=True)
class Issue:
    """One problem found while importing. row 0 means the whole file; rows count from 1 (the header)."""

    row: int
    key: str  # i18n message key (setup.csv.*), formatted with row= and value=
    value: str = ""
    skipped: bool = True  # the row was left out (else it was imported with a fallback)


@dataclass
class ImportResult:
    goals: list[Goal] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    header: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.goals)


# --------------------------------------------------------------------------- reading the bytes

def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


def sniff_delimiter(text: str) -> str:
    """The candidate seen most often outside quotes in the first non-empty line; ',' if none."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep DELIMITERS' order
    return best if counts[best] else ","


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def header_field(cell: str) -> str | None:
    """'Target value' -> 'target', '备注（关键事件/数据）' -> 'notes'; unknown -> None."""
    normal = _normal(cell).lstrip("\ufeff")
    without_brackets = _SEPARATORS.sub("", _BRACKETED.sub("", normal))
    for candidate in (without_brackets, _SEPARATORS.sub("", normal)):
        if candidate in _HEADER_LOOKUP:
            return _HEADER_LOOKUP[candidate]
    return None


def parse_direction(text: str) -> Direction | None:
    """'Lower is better', '越低越好', '↓' -> LOWER; '' or unknown -> None."""
    normal = _normal(text)
    if normal in _DIRECTION_LOOKUP:
        return _DIRECTION_LOOKUP[normal]
    return _DIRECTION_LOOKUP.get(_SEPARATORS.sub("", normal))


def _column_map(row: list[str]) -> dict[str, int] | None:
    """field -> column index when `row` is a header (it names a goal column), else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = header_field(cell)
        if name and name not in columns:
            columns[name] = index
    return columns if "name" in columns else None


# --------------------------------------------------------------------------- rows -> goals

def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _goal_from_row(row: list[str], columns: dict[str, int], number: int) -> tuple[Goal | None, list[Issue]]:
    name = _cell(row, columns, "name")
    if not name:
        return None, [Issue(number, "setup.csv.no_name")]
    target = _cell(row, columns, "target")
    direction_text = _cell(row, columns, "direction")
    direction = parse_direction(direction_text) if direction_text else None
    issues: list[Issue] = []
    if direction_text and direction is None:
        issues.append(Issue(number, "setup.csv.bad_direction", direction_text, skipped=False))
    if direction is None:
        direction = infer_direction(target) or Direction.HIGHER
    goal = Goal(
        name=name,
        target=target,
        actual=_cell(row, columns, "actual"),
        unit=_cell(row, columns, "unit"),
        direction=direction,
        notes=_cell(row, columns, "notes"),
    )
    return goal, issues


def _rows(text: str, delimiter: str, result: ImportResult):
    """Yield (row number, cells); a row csv cannot read becomes an issue instead of an exception."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.issues.append(Issue(number, "setup.csv.unreadable_row", str(exc)))
            continue
        yield number, row


def parse_goals_csv(data: bytes | str) -> ImportResult:
    """Goals and per-row issues from a CSV file's content. Never raises."""
    result = ImportResult()
    if isinstance(data, bytes):
        text, result.encoding = decode_bytes(data)
    else:
        text, result.encoding = str(data), "text"
    text = text.lstrip("\ufeff").replace("\x00", "")
    if not text.strip():
        result.issues.append(Issue(0, "setup.csv.empty"))
        return result
    result.delimiter = sniff_delimiter(text)
    columns: dict[str, int] | None = None
    for number, row in _rows(text, result.delimiter, result):
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns = _column_map(row)
            if columns is not None:
                result.header = True
                continue
            columns = {name: i for i, name in enumerate(POSITIONAL_COLUMNS)}
            result.issues.append(Issue(0, "setup.csv.no_header", skipped=False))
        if len(result.goals) >= MAX_GOALS:
            result.issues.append(Issue(number, "setup.csv.too_many", str(MAX_GOALS)))
            break
        goal, issues = _goal_from_row(row, columns, number)
        result.issues.extend(issues)
        if goal is not None:
            result.goals.append(goal)
        if len(result.issues) >= MAX_ISSUES:
            result.issues.append(Issue(number, "setup.csv.too_many_issues"))
            break
    if not result.goals and not any(i.row == 0 and i.skipped for i in result.issues):
        result.issues.append(Issue(0, "setup.csv.no_goals"))
    return result


def clean_path(typed: str) -> str:
    """A path as typed or pasted: surrounding quotes (from a file manager's drag) and spaces removed."""
    text = typed.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    return text


def read_goals_csv(path: str | Path) -> ImportResult:
    """parse_goals_csv of a file; a file that cannot be read is one file-level issue, not an exception."""
    text = clean_path(str(path))
    if not text:
        return ImportResult(issues=[Issue(0, "setup.csv.no_path")])
    target = Path(text).expanduser()
    try:
        if target.stat().st_size > MAX_FILE_BYTES:
            return ImportResult(issues=[Issue(0, "setup.csv.too_large", str(target))])
        data = target.read_bytes()
    except FileNotFoundError:
        return ImportResult(issues=[Issue(0, "setup.csv.not_found", str(target))])
    except IsADirectoryError:
        return ImportResult(issues=[Issue(0, "setup.csv.is_directory", str(target))])
    except PermissionError:
        return ImportResult(issues=[Issue(0, "setup.csv.no_permission", str(target))])
    except (OSError, ValueError) as exc:
        return ImportResult(issues=[Issue(0, "setup.csv.cannot_read", f"{target}: {exc}")])
    return parse_goals_csv(data)
