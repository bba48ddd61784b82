"""Exporters: the record as Markdown, HTML, an email draft, calendar entries or a JSON backup.

All shared formats (md, html, eml, ics) are fed by one computed view (`export.view.build_view`):
labels in the chosen language, achievement rates, grades, formatted dates, time per stage. The
view has no private notes, so no shared format can leak them. json is the full backup
(`store.backup_format`) and does include the private notes.

API (stable; the CLI uses it):
    FORMATS                      ("md", "html", "eml", "ics", "json")
    render(record, fmt, lang, *, thresholds=None, now=None, weights=None, paper=None) -> str
    render_bytes(record, fmt, lang, *, ...same...) -> bytes   # UTF-8, for files
    suggested_filename(record, fmt) -> str
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

FORMATS: tuple[str, ...] = ("md", "html", "eml", "ics", "json")

_MODULES = {
    "md": "perf_tui.export.markdown",
    "html": "perf_tui.export.html",
    "eml": "perf_tui.export.eml",
    "ics": "perf_tui.export.ics",
    "json": "perf_tui.export.json_export",
}


class ExportError(ValueError):
    """A format that does not exist; str(error) is one line for the user."""


def render(record: Record, fmt: str, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None,
           paper: str | None = None) -> str:
    """The record in format `fmt` ("md", "html", "eml", "ics", "json") and language `lang` ("en"/"zh").

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


def _slug(text: str) -> str:
    # Keep letters of any script (张三 stays 张三) but nothing a file system or shell would mind.
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE)
    text = re.sub(r"\.{2,}", ".", text).strip("-._")
    return text[:40]


def suggested_filename(record: Record, fmt: str) -> str:
    """e.g. "interview_Zhang-San_2024-Q3_3f2a9c.md"; only safe characters, never empty."""
    if fmt not in _MODULES:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    parts = ["interview", _slug(record.employee.name), _slug(record.period), _slug(record.id)[:6]]
    return "_".join(p for p in parts if p) + "." + fmt
