"""Planned time per stage in exports follows the configured stage weights, as the meeting screen does."""

from __future__ import annotations

from datetime import datetime

import pytest

from perf_tui import agenda, export
from perf_tui.cli import main
from perf_tui.export.view import build_view
from perf_tui.model import STAGES, new_record
from perf_tui.store import open_repository

CUSTOM_WEIGHTS = {"opening": 5.0, "review": 1.0, "root_cause": 1.0, "action_planning": 2.0, "confirmation": 1.0}
NOW = datetime(2026, 3, 2, 10, 0)


def _record(minutes: int = 90):
    return new_record(now_iso="2026-03-02T09:00:00", planned_minutes=minutes)


def _markdown_planned_minutes(text: str) -> list[int]:
    """The 'Planned (min)' column of the Markdown timing table, one number per stage."""
    section = text.split("## Time planned and spent per stage")[1]
    rows = [line for line in section.splitlines() if line.startswith("|") and "---" not in line]
    assert "Planned (min)" in rows[0]
    return [int(row.split("|")[2].strip()) for row in rows[1:1 + len(STAGES)]]


@pytest.mark.parametrize("minutes", [30, 60, 90, 150])
def test_view_planned_seconds_match_split_timeboxes_with_the_given_weights(minutes):
    boxes = agenda.split_timeboxes(minutes, CUSTOM_WEIGHTS)
    view = build_view(_record(minutes), "en", now=NOW, weights=CUSTOM_WEIGHTS)
    assert [s.planned_seconds for s in view.stage_times] == [boxes[stage] for stage in STAGES]
    assert boxes != agenda.split_timeboxes(minutes)  # the weights really change the split


def test_view_without_weights_uses_the_default_split():
    boxes = agenda.split_timeboxes(90)
    view = build_view(_record(), "en", now=NOW)
    assert [s.planned_seconds for s in view.stage_times] == [boxes[stage] for stage in STAGES]


def test_view_with_damaged_weights_falls_back_to_the_default_split():
    boxes = agenda.split_timeboxes(90)
    view = build_view(_record(), "en", now=NOW, weights={"opening": -1})
    assert [s.planned_seconds for s in view.stage_times] == [boxes[stage] for stage in STAGES]


@pytest.mark.parametrize("fmt", ["md", "html", "eml", "ics", "json"])
def test_every_format_accepts_weights(fmt):
    assert export.render_bytes(_record(), fmt, "en", now=NOW, weights=CUSTOM_WEIGHTS)


def test_markdown_export_planned_minutes_follow_the_weights():
    boxes = agenda.split_timeboxes(90, CUSTOM_WEIGHTS)
    text = export.render(_record(), "md", "en", now=NOW, weights=CUSTOM_WEIGHTS)
    assert _markdown_planned_minutes(text) == agenda.whole_minutes_summing([boxes[stage] for stage in STAGES])


def test_cli_export_uses_the_configured_stage_weights(capsys, config_dir, data_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        "[meeting]\nstage_weights = { opening = 5, review = 1, root_cause = 1, action_planning = 2,"
        " confirmation = 1 }\n", encoding="utf-8")
    record = _record()
    open_repository(data_dir).create(record)
    assert main(["export", record.id, "--format", "md"]) == 0
    boxes = agenda.split_timeboxes(90, CUSTOM_WEIGHTS)
    assert _markdown_planned_minutes(capsys.readouterr().out) == agenda.whole_minutes_summing([boxes[stage] for stage in STAGES])


@pytest.mark.parametrize("minutes", range(15, 181))
def test_markdown_planned_minutes_add_up_to_the_planned_length(minutes):
    """Each stage rounded on its own showed 5 + 16 + 16 + 16 + 8 = 61 of 60."""
    text = export.render(_record(minutes), "md", "en", now=NOW)
    assert sum(_markdown_planned_minutes(text)) == minutes
    view = build_view(_record(minutes), "en", now=NOW)
    assert view.total_planned_minutes == minutes


def test_actual_minutes_add_up_to_their_total():
    record = _record(60)
    record.timing.elapsed = {"opening": 90.0, "review": 90.0, "root_cause": 90.0, "action_planning": 30.0,
                             "confirmation": 29.0}
    view = build_view(record, "en", now=NOW)
    assert [s.actual_minutes for s in view.stage_times] == [2, 2, 1, 0, 0]  # ties: earlier stage
    assert view.total_actual_minutes == 5  # 329 s
