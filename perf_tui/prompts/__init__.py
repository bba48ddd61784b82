"""The prompt library (questions, statements and tips per stage) and its selection.

The built-in library is data: `library.toml` in this package, one `[[prompt]]` table per prompt with
its English and Chinese text, written from the form's process (RECORD.md). Selection is a pure
function of stage, interview type, role level, language and the user's own prompts file.

A prompt applies to a session when its `types` include the session's interview type (empty = every
type) and its `levels` include the role level (empty = every level). `select_prompts` lists the
ones that apply, most relevant first:
  1. must-ask prompts first: they are the stage's steps in the form's process (a positive, specific
     opening; the agenda; ...), and a panel of six lines in an 80x24 terminal must show them even
     when a dozen tailored prompts apply. Among them, in the order of the process (`step`);
  2. then relevance: written for this type AND level, then for this type OR level, then generic;
  3. then higher priority (3 = core of the stage, 2 = useful, 1 = nice to have);
  4. then the user's own prompts before built-in ones, then file order.

The user's prompts file
    `locations.user_prompts_file()` (prompts.toml in the config folder) can add prompts and hide
    built-in ones, per language. Every key except `stage` and the text is optional:

        # Hide built-in prompts by id: in every language, or only in one.
        [hide]
        all = ["opening.notes_shared"]
        zh = ["review.feedback_sources"]

        # A prompt in one language ...
        [[prompt]]
        stage = "review"           # opening | review | root_cause | action_planning | confirmation
        kind = "question"          # question | statement | tip (default: question)
        lang = "en"                # en | zh
        text = "Which customer said that, and when?"
        types = ["improvement"]    # regular | improvement | development | promotion | other (default: all)
        levels = ["staff"]         # staff | manager | executive (default: all)
        must_ask = false           # default: false
        priority = 3               # 1-3 (default: 3, so your prompts come first)
        step = 2                   # must-ask only: place among the stage's must-ask prompts

        # ... or in both languages at once.
        [[prompt]]
        id = "my.budget"           # optional stable id (default: derived from stage and text)
        stage = "action_planning"
        text_en = "What budget does this need, and who approves it?"
        text_zh = "这项措施需要多少预算？由谁审批？"

    The ids of the built-in prompts are in perf_tui/prompts/library.toml (`Prompt.id`). A file
    that cannot be read or has a mistake is ignored as a whole: `load_user_prompts` returns the
    empty set plus one line naming the file and the reason, and the built-in prompts are used.
    Hiding an id that does not exist is not an error (ids are listed in `unknown_hidden`).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from perf_tui import i18n, locations
from perf_tui.model import STAGES, InterviewType, RoleLevel, Stage

Kind = Literal["question", "statement", "tip"]
KINDS: tuple[str, ...] = ("question", "statement", "tip")
LANGUAGES = i18n.LANGUAGES
PRIORITIES = (1, 2, 3)
USER_DEFAULT_PRIORITY = 3
LIBRARY_FILE = "library.toml"


@dataclass(frozen=True)
class PromptEntry:
    """A prompt as stored: texts in every language it has (lang -> text)."""

    id: str
    stage: Stage
    kind: str
    texts: Mapping[str, str]
    must_ask: bool = False
    types: tuple[InterviewType, ...] = ()
    levels: tuple[RoleLevel, ...] = ()
    priority: int = 2
    step: int = 0  # must-ask prompts: place in the stage's process (1 first)
    source: str = "builtin"  # "builtin" | "user"

    def applies_to(self, interview_type: str, role_level: str) -> bool:
        return (not self.types or interview_type in self.types) and \
            (not self.levels or role_level in self.levels)

    def relevance(self, interview_type: str, role_level: str) -> int:
        """2 = written for this type and level, 1 = for one of them, 0 = generic."""
        return int(bool(self.types) and interview_type in self.types) + \
            int(bool(self.levels) and role_level in self.levels)

    def resolve(self, lang: str, relevance: int = 0) -> Prompt:
        return Prompt(id=self.id, stage=self.stage, kind=self.kind, must_ask=self.must_ask,
                      text=self.texts[lang], lang=lang, types=self.types, levels=self.levels,
                      priority=self.priority, relevance=relevance, source=self.source)


@dataclass(frozen=True)
class Prompt:
    """A prompt resolved for one language: what the prompt panel and the guide show."""

    id: str
    stage: Stage
    kind: str  # "question" | "statement" | "tip"
    must_ask: bool
    text: str
    lang: str
    types: tuple[InterviewType, ...] = ()
    levels: tuple[RoleLevel, ...] = ()
    priority: int = 2
    relevance: int = 0
    source: str = "builtin"


@dataclass(frozen=True)
class UserPrompts:
    """What the user's prompts file adds and hides. The empty value changes nothing."""

    prompts: tuple[PromptEntry, ...] = ()
    hidden: Mapping[str, frozenset[str]] = field(default_factory=dict)  # lang -> hidden ids
    unknown_hidden: tuple[str, ...] = ()
    path: Path | None = None

    def hides(self, prompt_id: str, lang: str) -> bool:
        return prompt_id in self.hidden.get(lang, frozenset())


NO_USER_PROMPTS = UserPrompts()


class PromptFileError(ValueError):
    """A mistake in a prompts file; the message is translated and names the place."""


# --------------------------------------------------------------------------- selection


def select_prompts(stage: Stage | str, interview_type: InterviewType | str, role_level: RoleLevel | str,
                   lang: str, user_prompts: UserPrompts | None = None) -> list[Prompt]:
    """The prompts for one stage of a session, most relevant first (see the module docstring).

    Unknown type or level values (e.g. from a newer file) match generic prompts only.
    """
    stage, lang = str(stage), _lang(lang)
    interview_type, role_level = str(interview_type), str(role_level)
    user = user_prompts or NO_USER_PROMPTS
    candidates = [e for e in user.prompts if e.stage == stage] + \
        [e for e in library() if e.stage == stage and not user.hides(e.id, lang)]
    ranked = []
    for order, entry in enumerate(candidates):
        if lang not in entry.texts or not entry.applies_to(interview_type, role_level):
            continue
        relevance = entry.relevance(interview_type, role_level)
        step = entry.step if entry.must_ask else 0
        key = (not entry.must_ask, step, -relevance, -entry.priority, entry.source != "user", order)
        ranked.append((key, entry.resolve(lang, relevance)))
    ranked.sort(key=lambda pair: pair[0])
    return _unique([prompt for _, prompt in ranked])


def must_ask_unasked(stage: Stage | str, interview_type: InterviewType | str, role_level: RoleLevel | str,
                     asked_ids: Iterable[str], lang: str,
                     user_prompts: UserPrompts | None = None) -> list[Prompt]:
    """The stage's must-ask prompts not yet in `asked_ids`, in panel order (for the reminder)."""
    asked = set(asked_ids)
    return [p for p in select_prompts(stage, interview_type, role_level, lang, user_prompts)
            if p.must_ask and p.id not in asked]


def prompt_by_id(prompt_id: str, lang: str, user_prompts: UserPrompts | None = None) -> Prompt | None:
    """Any prompt (built-in or the user's) by id, in `lang` (falling back to the other language)."""
    user = user_prompts or NO_USER_PROMPTS
    for entry in (*user.prompts, *library()):
        if entry.id == prompt_id:
            chosen = _lang(lang) if _lang(lang) in entry.texts else next(iter(entry.texts))
            return entry.resolve(chosen)
    return None


def _unique(prompts: list[Prompt]) -> list[Prompt]:
    # A user prompt with the id of a built-in one replaces it (the user's comes first).
    seen: set[str] = set()
    out = []
    for prompt in prompts:
        if prompt.id not in seen:
            seen.add(prompt.id)
            out.append(prompt)
    return out


def _lang(lang: str | None) -> str:
    return i18n.normalize_language(lang) or i18n.DEFAULT_LANGUAGE


# --------------------------------------------------------------------------- the built-in library


@lru_cache(maxsize=1)
def library() -> tuple[PromptEntry, ...]:
    """The built-in prompts, in file order. Raises PromptFileError if the packaged file is broken.

    Parsed once and cached. tomllib is pure Python: the first call costs about 40 ms on an idle
    machine (the 44 kB file; JSON would be 1 ms but has no comments), so a screen that must show
    prompts instantly can warm it in a worker thread.
    """
    text = (resources.files(__name__) / LIBRARY_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    entries = tuple(_parse_entry(raw, index, source="builtin", lang=None)
                    for index, raw in enumerate(data.get("prompt", []), start=1))
    _check_unique_ids(entries, None)
    return entries


# --------------------------------------------------------------------------- the user's file


def load_user_prompts(path: Path | None = None, lang: str | None = None) -> tuple[UserPrompts, str | None]:
    """Read the user's prompts file: (prompts, None), or (empty, one-line message) when broken.

    A missing file is not an error. `lang` is the language of the message (default: current).
    """
    path = path or locations.user_prompts_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserPrompts(path=path), None
    except OSError as exc:
        return UserPrompts(path=path), _file_message(path, exc.strerror or str(exc), lang)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        return parse_user_prompts(data, path=path, lang=lang), None
    except UnicodeDecodeError:
        return UserPrompts(path=path), _file_message(path, i18n.t("prompts.error.encoding", lang), lang)
    except tomllib.TOMLDecodeError as exc:
        return UserPrompts(path=path), _file_message(path, str(exc), lang)
    except PromptFileError as exc:
        return UserPrompts(path=path), _file_message(path, str(exc), lang)


def parse_user_prompts(data: Mapping[str, Any], path: Path | None = None,
                       lang: str | None = None) -> UserPrompts:
    """UserPrompts from an already parsed TOML document; PromptFileError (translated) on a mistake."""
    unknown = set(data) - {"prompt", "hide"}
    if unknown:
        raise PromptFileError(i18n.t("prompts.error.top_level", lang, keys=", ".join(sorted(unknown))))
    raw_prompts = data.get("prompt", [])
    if not isinstance(raw_prompts, list):
        raise PromptFileError(i18n.t("prompts.error.prompt_not_list", lang))
    entries = tuple(_parse_entry(raw, index, source="user", lang=lang)
                    for index, raw in enumerate(raw_prompts, start=1))
    _check_unique_ids(entries, lang)
    hidden = _parse_hide(data.get("hide", {}), lang)
    known = {entry.id for entry in library()}
    unknown_hidden = tuple(sorted({i for ids in hidden.values() for i in ids} - known))
    return UserPrompts(prompts=entries, hidden=hidden, unknown_hidden=unknown_hidden, path=path)


def _file_message(path: Path, reason: str, lang: str | None) -> str:
    reason = " ".join(reason.split())
    if not reason.endswith((".", "。")):  # tomllib's messages have no full stop
        reason += i18n.t("prompts.error.full_stop", lang)
    return i18n.t("prompts.error.file", lang, path=str(path), reason=reason)


def _parse_hide(raw: Any, lang: str | None) -> dict[str, frozenset[str]]:
    if isinstance(raw, list):  # `hide = [...]` at the top level: every language
        raw = {"all": raw}
    if not isinstance(raw, dict):
        raise PromptFileError(i18n.t("prompts.error.hide", lang, valid=", ".join(("all",) + LANGUAGES)))
    hidden: dict[str, set[str]] = {code: set() for code in LANGUAGES}
    for key, ids in raw.items():
        if key not in ("all",) + LANGUAGES or not _is_str_list(ids):
            raise PromptFileError(i18n.t("prompts.error.hide", lang, valid=", ".join(("all",) + LANGUAGES)))
        for code in (LANGUAGES if key == "all" else (key,)):
            hidden[code].update(ids)
    return {code: frozenset(ids) for code, ids in hidden.items()}


_ENTRY_KEYS = {"id", "stage", "kind", "must_ask", "step", "types", "levels", "priority",
               "lang", "text", "text_en", "text_zh"}


def _parse_entry(raw: Any, index: int, source: str, lang: str | None) -> PromptEntry:
    def fail(message_key: str, **values: Any) -> PromptFileError:
        return PromptFileError(i18n.t("prompts.error.entry", lang, index=index,
                                      reason=i18n.t(message_key, lang, **values)))

    if not isinstance(raw, dict):
        raise fail("prompts.error.not_table")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise fail("prompts.error.unknown_keys", keys=", ".join(sorted(unknown)))
    stage = _choice(raw.get("stage"), STAGES, "stage", fail)
    kind = _choice(raw.get("kind", "question"), KINDS, "kind", fail)
    types = tuple(_choice(v, tuple(InterviewType), "types", fail) for v in _str_list(raw, "types", fail))
    levels = tuple(_choice(v, tuple(RoleLevel), "levels", fail) for v in _str_list(raw, "levels", fail))
    must_ask = raw.get("must_ask", False)
    if not isinstance(must_ask, bool):
        raise fail("prompts.error.bool", key="must_ask")
    default_priority = USER_DEFAULT_PRIORITY if source == "user" else 2
    priority = raw.get("priority", default_priority)
    if isinstance(priority, bool) or priority not in PRIORITIES:
        raise fail("prompts.error.priority", valid=", ".join(map(str, PRIORITIES)))
    step = raw.get("step", 0)
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise fail("prompts.error.step")
    texts = _texts(raw, fail)
    prompt_id = raw.get("id") or _derived_id(stage, texts)
    if not isinstance(prompt_id, str) or not prompt_id.strip():
        raise fail("prompts.error.id")
    return PromptEntry(id=prompt_id.strip(), stage=Stage(stage), kind=kind, texts=texts,
                       must_ask=must_ask, types=tuple(InterviewType(t) for t in types),
                       levels=tuple(RoleLevel(v) for v in levels), priority=priority, step=step,
                       source=source)


def _texts(raw: Mapping[str, Any], fail) -> dict[str, str]:
    texts: dict[str, str] = {}
    if "text" in raw or "lang" in raw:
        code = raw.get("lang")
        if code not in LANGUAGES:
            raise fail("prompts.error.lang", valid=", ".join(LANGUAGES))
        texts[code] = raw.get("text")
    for code in LANGUAGES:
        if f"text_{code}" in raw:
            texts[code] = raw[f"text_{code}"]
    if not texts:
        raise fail("prompts.error.no_text")
    for code, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise fail("prompts.error.empty_text", language=code)
    return {code: " ".join(text.split()) for code, text in texts.items()}


def _choice(value: Any, valid: Iterable[str], key: str, fail) -> str:
    valid = tuple(str(v) for v in valid)
    if value not in valid:
        raise fail("prompts.error.choice", key=key, value=value, valid=", ".join(valid))
    return value


def _str_list(raw: Mapping[str, Any], key: str, fail) -> list[str]:
    value = raw.get(key, [])
    if not _is_str_list(value):
        raise fail("prompts.error.list", key=key)
    return list(value)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _derived_id(stage: str, texts: Mapping[str, str]) -> str:
    # Stable across reordering of the file; changes only when the text itself changes.
    basis = stage + "\n" + "\n".join(f"{code}={texts[code]}" for code in sorted(texts))
    return "user." + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10]


def _check_unique_ids(entries: Iterable[PromptEntry], lang: str | None) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise PromptFileError(i18n.t("prompts.error.duplicate_id", lang, id=entry.id))
        seen.add(entry.id)
