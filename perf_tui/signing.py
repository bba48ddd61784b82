"""Signatures and what they protect: the rules a signed record lives by, as pure functions.

Keys -> the confirmation editor asks `signature_problem` before it calls `sign`; the store asks
`unsigning_problem` before it replaces a stored session (every write: autosave, restore of an
earlier version, import), so that no path can take a signature or an amendment away:

- A signature is the signer's recorded name typed again. It matches when the two are equal
  ignoring case, surrounding spaces and width variants (NFKC: "ＡＬＥＸ" is "alex"); a part of the
  name ("王" for 王强) does not match. When no name is recorded yet, the typed name is taken and
  recorded (there is no way back to setup once the meeting has started).
- Once both have signed, a record changes only by dated amendments: a version that lacks either
  signature, carries different ones, or lacks an amendment that the stored one has, is refused.

Works on Record objects and on stored dicts alike (the store never builds a Record to check).
No Textual, no I/O, no clock (the caller passes the time).
"""

from __future__ import annotations

import unicodedata
from typing import Any, NamedTuple

from perf_tui.model import Agreement, Record, SignOff, Status

SIGNERS = ("employee", "supervisor")

# What the versions list shows per version.
DRAFT, IN_PROGRESS, SIGNED = "draft", "in_progress", "signed"


def _normal_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def names_match(recorded: str, typed: str) -> bool:
    """True when `typed` is `recorded` up to case, surrounding spaces and width variants."""
    return bool(_normal_name(typed)) and _normal_name(recorded) == _normal_name(typed)


def signature_problem(record: Record, who: str, typed: str) -> str | None:
    """Why `typed` cannot be taken as `who`'s signature now (a catalog key), or None."""
    confirmation = record.confirmation
    if not typed.strip():
        return "meeting.sign.need_name"
    if confirmation.agreement == Agreement.PENDING:
        return "meeting.sign.need_agreement"
    if confirmation.agreement != Agreement.AGREES and not confirmation.agreement_reason.strip():
        return "meeting.sign.need_reason"
    recorded = getattr(record, who).name
    if recorded.strip() and not names_match(recorded, typed):
        return f"meeting.sign.mismatch.{who}"
    return None


def sign(record: Record, who: str, typed: str, now_iso: str) -> str | None:
    """Take `who`'s signature (the recorded name, stamped `now_iso`) unless there is a problem,
    which is returned as a catalog key and leaves the record unchanged."""
    problem = signature_problem(record, who, typed)
    if problem:
        return problem
    person = getattr(record, who)
    if not person.name.strip():
        person.name = typed.strip()
    setattr(record.confirmation, f"{who}_signoff", SignOff(name=person.name.strip(), signed_at=now_iso))
    return None


# --------------------------------------------------------------------------- stored versions


class SignedState(NamedTuple):
    """What a signed record may never lose: both signatures and every amendment (by id)."""

    signatures: tuple[tuple[str, str], ...]  # (name, signed_at) per signer, in SIGNERS order
    amendments: dict[str, Any]  # id -> the amendment as stored


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _signoffs(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    confirmation = _mapping(data.get("confirmation"))
    out = []
    for who in SIGNERS:
        signoff = _mapping(confirmation.get(f"{who}_signoff"))
        name, at = signoff.get("name", ""), signoff.get("signed_at", "")
        out.append((name if isinstance(name, str) else "", at if isinstance(at, str) else ""))
    return tuple(out)


def is_signed(data: dict[str, Any]) -> bool:
    """Both signed, in a stored dict (as Record.signed for a Record)."""
    return all(name.strip() and at for name, at in _signoffs(data))


def signed_state(data: dict[str, Any]) -> SignedState | None:
    """The part of a stored dict that must survive every later write, or None if not signed."""
    if not is_signed(data):
        return None
    amendments = data.get("amendments")
    kept = {}
    for amendment in amendments if isinstance(amendments, list) else []:
        if isinstance(amendment, dict) and isinstance(amendment.get("id"), str):
            kept[amendment["id"]] = amendment
    return SignedState(_signoffs(data), kept)


def version_status(data: dict[str, Any]) -> str:
    """DRAFT, IN_PROGRESS or SIGNED for a stored dict of any schema version."""
    if is_signed(data):
        return SIGNED
    timing = _mapping(data.get("timing"))
    if data.get("status", Status.DRAFT.value) == Status.DRAFT.value and not timing.get("started_at"):
        return DRAFT
    return IN_PROGRESS


def unsigning_problem(stored: SignedState | None, new: dict[str, Any]) -> str | None:
    """Why writing `new` over a stored version whose signed state is `stored` would un-sign it
    (a catalog key: "unsigned", "amendments"), or None when it may be written."""
    if stored is None:
        return None
    if _signoffs(new) != stored.signatures:
        return "store.error.signed.unsigned"
    now = signed_state(new)
    kept = now.amendments if now else {}
    if any(kept.get(key) != amendment for key, amendment in stored.amendments.items()):
        return "store.error.signed.amendments"
    return None


def with_amendments_of(data: dict[str, Any], stored: SignedState | None) -> dict[str, Any]:
    """`data` (a signed version being restored) with every stored amendment it lacks added, in
    the order they were made: restoring an earlier signed version never drops a later amendment."""
    if stored is None:
        return data
    amendments = [a for a in data.get("amendments") or [] if isinstance(a, dict)]
    have = {a.get("id") for a in amendments}
    missing = [a for key, a in stored.amendments.items() if key not in have]
    if not missing:
        return data
    merged = sorted(amendments + missing, key=lambda a: str(a.get("at", "")))
    return dict(data, amendments=merged)
