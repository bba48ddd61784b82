"""Exporters: the record as Markdown, HTML, an email draft, calendar entries, a shareable JSON record
or a JSON backup.

All shared formats (md, html, eml, ics, json) are fed by one computed view (`export.view.build_view`):
labels in the chosen language, achievement rates, grades, formatted dates, time per stage. The
view has no private notes, so no shared format can leak them. json is the shareable record for
other programs (export.json_record); backup is the full backup (`store.backup_format`) that
`perf-tui import` reads, and does include the private notes.

API (stable; the CLI uses it):
    FORMATS                      ("md", "html", "eml", "ics", "json", "backup")
    render(record, fmt, lang, *, thresholds=None, now=None, weights=None, paper=None) -> str
    render_bytes(record, fmt, lang, *, ...same...) -> bytes   # UTF-8, for files
    suggested_filename(record, fmt, lang=None) -> str   # in the export's language
    ExportError                  raised for an unknown format (message is one clear line)

`now` (an aware datetime) is the export moment: the .ics DTSTAMP and the .eml Date header. When it
is None the record's updated_at (else created_at) is used, so output is deterministic.
eml and ics use CRLF line endings as their RFCs require; write them with `render_bytes` (or
open files with newline="") so that the line endings are not translated.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # annotations only: `perf-tui --help` lists FORMATS without importing the model
    from perf_tui.model import Record

FORMATS: tuple[str, ...] = ("md", "html", "eml", "ics", "json", "backup")

_MODULES = {
    "md": "perf_tui.export.markdown",
    "html": "perf_tui.export.html",
    "eml": "perf_tui.export.eml",
    "ics": "perf_tui.export.ics",
    "json": "perf_tui.export.json_record",
    "backup": "perf_tui.export.json_export",
}
# The file name's ending for each format: a backup is JSON too, but named so that it is not taken
# for the shareable record (and never written over it by a changed format).
SUFFIXES = {fmt: "." + fmt for fmt in _MODULES} | {"backup": ".backup.json"}


class ExportError(ValueError):
    """A format that does not exist; str(error) is one line for the user."""


def render(record: Record, fmt: str, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None,
           paper: str | None = None) -> str:
    """The record in format `fmt` ("md", "html", "eml", "ics", "json", "backup") and language `lang` ("en"/"zh").

    `weights` are the configured stage weights that split the planned time (None = the defaults);
    `paper` ("a4", "letter"; None = A4) is the page size the HTML record prints on."""
    if fmt not in _MODULES:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    module = import_module(_MODULES[fmt])  # each exporter is imported only when it is used
    extra = {"paper": paper} if fmt == "html" and paper else {}
    return module.render(record, lang, thresholds=thresholds, now=now, weights=weights, **extra)


def render_bytes(record: Record, fmt: str, lang: str, *, thresholds: Mapping[str, float] | None = None,
                 now: datetime | None = None, weights: Mapping[str, float] | None = None,
                 paper: str | None = None) -> bytes:
    """render(...) encoded as UTF-8, line endings untouched (eml/ics keep CRLF)."""
    return render(record, fmt, lang, thresholds=thresholds, now=now, weights=weights, paper=paper).encode("utf-8")


# Never in a file name on any system: path separators, Windows' reserved marks, control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
MAX_FILENAME_BYTES = 200


def _slug(text: str) -> str:
    # Keep letters of any script (张三 stays 张三) but nothing a file system or shell would mind.
    text = unicodedata.normalize("NFKC", text).strip()
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE)
    text = re.sub(r"\.{2,}", ".", text).strip("-._")
    return text[:40]


def _fit_bytes(text: str, limit: int) -> str:
    """`text` cut on a character boundary to at most `limit` bytes of UTF-8."""
    data = text.encode("utf-8")[:max(0, limit)]
    return data.decode("utf-8", errors="ignore").rstrip("-._")


def suggested_filename(record: Record, fmt: str, lang: str | None = None) -> str:
    """The file name offered for an export in `lang` (default: the current language):
    "interview_Zhang-San_2024-Q3_3f2a9c.md" / "绩效面谈_张敏_2026年Q3_3f2a9c.md".

    Safe everywhere: none of / \\ : * ? " < > | or control characters, never empty, at most
    MAX_FILENAME_BYTES bytes of UTF-8 (the name and the period give way first)."""
    from perf_tui import i18n

    if fmt not in _MODULES:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    lang = lang if lang in i18n.LANGUAGES else i18n.current_language()
    prefix = _slug(i18n.t("filename.prefix", lang)) or "interview"
    short_id = _slug(record.id)[:6]
    suffix = SUFFIXES[fmt]
    fixed = len(prefix.encode()) + len(short_id.encode()) + len(suffix.encode()) + 3  # 3 underscores
    room = MAX_FILENAME_BYTES - fixed
    name = _fit_bytes(_slug(record.employee.name), room // 2)
    period = _fit_bytes(_slug(record.period), room - len(name.encode()))
    parts = [prefix, name, period, short_id]
    return "_".join(p for p in parts if p) + suffix
