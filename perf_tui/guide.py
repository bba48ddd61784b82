"""The printed interview guide (`perf-tui guide`): Markdown to read or print before the meeting.

It follows the form's process (RECORD.md): the aim set by the interview type, the before-meeting
checklist, the five stages with their timeboxes, start times, aims and prompts (must-ask ones
marked, all of them always listed), and the steps after the meeting. Pure: no clock, no I/O, no
Textual; the caller passes the start time if it wants wall-clock times.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Mapping

from perf_tui import i18n
from perf_tui.agenda import format_duration, split_timeboxes, validate_minutes
from perf_tui.model import CHECKLIST_ITEMS, STAGES, InterviewType, RoleLevel, Stage
from perf_tui.prompts import Prompt, UserPrompts, select_prompts

DEFAULT_MAX_PROMPTS = 8  # per stage, must-ask ones not counted against it: enough for one page
AFTER_STEPS = ("record", "track", "next_cycle")


def validate_guide_args(interview_type: str, role_level: str, minutes: object,
                        lang: str | None = None) -> None:
    """Check the guide's arguments: ValueError (translated into `lang`) naming the valid types or
    levels, or the allowed range of minutes. Returns None when they are fine."""
    parse_guide_args(interview_type, role_level, minutes, lang)


def parse_guide_args(interview_type: str, role_level: str, minutes: object,
                     lang: str | None = None) -> tuple[InterviewType, RoleLevel, int]:
    """The arguments as enums and int (any case: "Improvement" is fine); ValueError as above."""
    return (
        _choice(InterviewType, interview_type, "guide.error.type", lang),
        _choice(RoleLevel, role_level, "guide.error.level", lang),
        validate_minutes(minutes, lang),
    )


def render_guide(interview_type: str, role_level: str, minutes: int, lang: str,
                 start: time | None = None, user_prompts: UserPrompts | None = None,
                 weights: Mapping[str, float] | None = None,
                 max_prompts: int | None = DEFAULT_MAX_PROMPTS) -> str:
    """The guide as Markdown in `lang`.

    `start` gives wall-clock start times per stage; without it, offsets from the start ("+05:13").
    `max_prompts` caps the optional prompts per stage (None = all); must-ask ones always appear.
    ValueError (translated) for invalid arguments, as validate_guide_args.
    """
    lang = i18n.normalize_language(lang) or i18n.DEFAULT_LANGUAGE
    kind, level, minutes = parse_guide_args(interview_type, role_level, minutes, lang)
    boxes = split_timeboxes(minutes, weights, lang=lang)
    starts = _stage_offsets(boxes)
    sections = [
        _header(kind, level, minutes, start, lang),
        _before(lang),
        _agenda_table(boxes, starts, start, lang),
        *(_stage_section(number, stage, boxes[stage], starts[stage], start, kind, level, lang,
                         user_prompts, max_prompts)
          for number, stage in enumerate(STAGES, start=1)),
        _after(lang),
    ]
    return "\n\n".join(sections) + "\n"


# --------------------------------------------------------------------------- sections


def _header(kind: InterviewType, level: RoleLevel, minutes: int, start: time | None, lang: str) -> str:
    t = _translator(lang)
    lines = [
        f"# {t('guide.title', type=t(f'type.{kind}'))}",
        "",
        t("guide.meta", level=t(f"level.{level}"), minutes=minutes),
    ]
    if start is not None:
        lines[-1] += t("guide.meta_time", start=_clock_time(start, 0),
                       end=_clock_time(start, minutes * 60))
    lines += [
        "",
        t("guide.aim_line", aim=t(f"guide.type_aim.{kind}")),
        "",
        t("guide.focus_line", focus=t(f"guide.level_focus.{level}")),
    ]
    return "\n".join(lines)


def _before(lang: str) -> str:
    t = _translator(lang)
    items = [f"- [ ] {t(f'checklist.{item}')}" for item in CHECKLIST_ITEMS]
    return "\n".join([f"## {t('guide.before')}", "", *items])


def _agenda_table(boxes: Mapping[Stage, int], starts: Mapping[Stage, int], start: time | None,
                  lang: str) -> str:
    t = _translator(lang)
    rows = [
        f"## {t('guide.during')}",
        "",
        f"| {t('guide.col.stage')} | {t('guide.col.timebox')} | {t('guide.col.starts')} |",
        "|---|---:|---:|",
    ]
    for number, stage in enumerate(STAGES, start=1):
        rows.append(f"| {number}. {t(f'stage.{stage}')} | {format_duration(boxes[stage])} "
                    f"| {_start_text(start, starts[stage])} |")
    total = sum(boxes.values())
    rows.append(f"| **{t('guide.total')}** | **{format_duration(total)}** "
                f"| {t('guide.ends_at', time=_start_text(start, total))} |")
    return "\n".join(rows)


def _stage_section(number: int, stage: Stage, box: int, offset: int, start: time | None,
                   kind: InterviewType, level: RoleLevel, lang: str,
                   user_prompts: UserPrompts | None, max_prompts: int | None) -> str:
    t = _translator(lang)
    heading = t("guide.stage_heading", number=number, stage=t(f"stage.{stage}"),
                timebox=format_duration(box), start=_start_text(start, offset))
    lines = [f"### {heading}", "", t("guide.stage_aim_line", aim=t(f"guide.stage_aim.{stage}")), ""]
    chosen = select_prompts(stage, kind, level, lang, user_prompts)
    shown = _capped(chosen, max_prompts)
    lines += [_prompt_line(prompt, lang) for prompt in shown]
    hidden = len(chosen) - len(shown)
    if hidden:
        lines += ["", f"*{t('guide.more_prompts', count=hidden)}*"]
    return "\n".join(lines)


def _after(lang: str) -> str:
    t = _translator(lang)
    steps = [f"- [ ] {t(f'guide.after.{step}')}" for step in AFTER_STEPS]
    return "\n".join([f"## {t('guide.after')}", "", *steps, "", f"*{t('guide.footer')}*"])


# --------------------------------------------------------------------------- helpers


def _prompt_line(prompt: Prompt, lang: str) -> str:
    t = _translator(lang)
    # The catalogs place the colon outside the emphasis in Chinese: CommonMark does not close
    # "**" that follows punctuation and precedes a CJK character.
    label = t(f"prompts.kind.{prompt.kind}")
    if prompt.kind == "tip":  # advice for the supervisor: nothing to tick
        return "- " + t("guide.tip_line", kind=label, text=prompt.text)
    key = "guide.prompt_line_must" if prompt.must_ask else "guide.prompt_line"
    return "- [ ] " + t(key, kind=label, text=prompt.text)


def _capped(prompts: list[Prompt], max_prompts: int | None) -> list[Prompt]:
    if max_prompts is None:
        return prompts
    must = [p for p in prompts if p.must_ask]
    optional = [p for p in prompts if not p.must_ask][:max(0, max_prompts)]
    keep = {p.id for p in must + optional}
    return [p for p in prompts if p.id in keep]


def _stage_offsets(boxes: Mapping[Stage, int]) -> dict[Stage, int]:
    offsets, elapsed = {}, 0
    for stage in STAGES:
        offsets[stage] = elapsed
        elapsed += boxes[stage]
    return offsets


def _start_text(start: time | None, offset_s: int) -> str:
    if start is None:
        return "+" + format_duration(offset_s)
    return _clock_time(start, offset_s)


def _clock_time(start: time, offset_s: int) -> str:
    moment = datetime.combine(datetime(2000, 1, 1).date(), start) + timedelta(seconds=offset_s)
    return moment.strftime("%H:%M")


def _choice(enum_type, value: str, message_key: str, lang: str | None):
    try:
        return enum_type(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(member.value for member in enum_type)
        raise ValueError(i18n.t(message_key, lang, value=value, valid=valid)) from None


def _translator(lang: str):
    def t(key: str, **values) -> str:
        return i18n.t(key, lang, **values)

    return t
