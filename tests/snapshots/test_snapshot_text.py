"""What the key screens' snapshots show is whole: no word cut without an ellipsis.

A snapshot locks in whatever the screen showed, defects included ("In progre" in the home list,
"^s" without "Save" and "f1 帮" in footers were accepted once). This reads the visible text of every
stored snapshot and checks it against the words the app can show: the catalogs, the prompt
library and the snapshot tests' own sample data. A word that is not one of them is a cut word,
unless an ellipsis follows it.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from pathlib import Path

import pytest

from perf_tui.text import cell_width

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = sorted((Path(__file__).parent / "__snapshots__").rglob("*.svg"))
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


CELL = 12.2  # the width of one terminal cell in Textual's SVG export


def visible_lines(svg: str) -> list[str]:
    """Each row of the terminal as text; a gap between two runs of text is the cells it spans."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in TEXT.finditer(svg):
        rows.setdefault(float(match.group(2)), []).append((float(match.group(1)), html.unescape(match.group(3))))
    lines = []
    for _y, row in sorted(rows.items()):
        line, column = "", 0
        for x, text in sorted(row):
            start = round(x / CELL)
            line += " " * max(0, start - column) + text
            column = start + cell_width(text)
        lines.append(line.replace("\xa0", " "))
    return lines


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def vocabulary() -> tuple[set[str], set[str]]:
    """ASCII words and all CJK text the app and the snapshot tests' data can show."""
    texts: list[str] = []
    for path in (ROOT / "perf_tui").rglob("*.json"):
        texts.extend(_strings(json.loads(path.read_text(encoding="utf-8"))))
    for pattern in ("*.toml", "*.yaml", "*.txt"):
        texts.extend(p.read_text(encoding="utf-8") for p in (ROOT / "perf_tui" / "prompts").rglob(pattern))
    texts.extend(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "snapshots").glob("*.py"))
    texts.extend(p.read_text(encoding="utf-8") for p in (ROOT / "perf_tui").glob("demo.py"))
    texts.extend(calendar.month_abbr[1:] + calendar.day_abbr[:])  # dates as people read them
    words = {w.lower() for text in texts for w in WORD.findall(text)}
    return words, {text.strip() for text in texts}


WORDS, ALL_TEXTS = vocabulary()
FOOTER_KEY = re.compile(r"(?:\^[a-z]|f\d+|esc|⏎|[a-z/])\s+(\S[^▏]*?)(?=\s{2}|\s*▏|$)")


# Words legitimately cut: the field that has the cursor scrolls under it as the user types, like
# every text field; the ellipsis is for fields away from the cursor.
CUT_UNDER_THE_CURSOR = {("test_meeting_review_stage_snapshot_80x24[en]", "projec")}


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_no_word_is_cut_without_an_ellipsis(snapshot: Path) -> None:
    lines = visible_lines(snapshot.read_text(encoding="utf-8"))
    assert lines, snapshot
    cut = []
    for line in lines:
        for match in WORD.finditer(line):
            word = match.group(0)
            followed = line[match.end():match.end() + 1]
            if word.lower() not in WORDS and followed != "…" and (snapshot.stem, word) not in CUT_UNDER_THE_CURSOR:
                cut.append((word, line.strip()))
    assert cut == [], cut


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_the_footer_shows_each_key_with_its_whole_label(snapshot: Path) -> None:
    footer = visible_lines(snapshot.read_text(encoding="utf-8"))[-1]
    assert "▏" in footer, footer  # the palette key is always there, on the right
    keys = footer.split("▏")[0]
    # Every Chinese label in the footer is a whole catalog text ("f1 帮" was a cut "帮助").
    for run in CJK_RUN.findall(keys):
        assert run in ALL_TEXTS, (run, footer)
    # The last thing before the palette key is a label, not a bare key ("^s", "^q").
    assert not re.search(r"(?:\^[a-z]|f\d+)\s*$", keys.rstrip()), footer
