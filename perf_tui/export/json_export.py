"""The JSON backup: the WHOLE record, private notes included.

Unlike md/html/eml/ics this is not for sharing: it is the full session in the store's backup
format ({"format": "perf-tui-session", "schema_version": N, "record": record.to_dict()}), which
`perf_tui.store.backup_format.load_session` reads back unchanged. `lang`, `thresholds` and `now`
do not change a backup; they are accepted so that every exporter has the same signature.
"""

from __future__ import annotations

from datetime import datetime
from typing import Mapping

from perf_tui.model import Record
from perf_tui.store.backup_format import dump_session


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    return dump_session(record)
