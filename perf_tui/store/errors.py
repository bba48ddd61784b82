"""Errors the store raises.

Every error is a `StoreError`; `str(error)` is one translated line a user can act on (the UI shows
it in the status bar, the CLI prints it and exits non-zero). Extra attributes carry the details a
screen may want to show differently (the lock owner, where a damaged file went).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perf_tui.i18n import t


class StoreError(Exception):
    """Something in the data folder could not be read or written."""


class SessionNotFound(StoreError):
    def __init__(self, session_id: str) -> None:
        super().__init__(t("store.error.not_found", id=session_id))
        self.session_id = session_id


class SessionExists(StoreError):
    """An import would overwrite a session that already exists (pass new_id=True to copy it)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(t("store.error.exists", id=session_id))
        self.session_id = session_id


class DamagedFile(StoreError):
    """A file exists but does not hold valid data. Never treated as empty."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(t("store.error.damaged_file", file=str(path), reason=reason))
        self.path = Path(path)
        self.reason = reason


class UnreadableFile(StoreError):
    """A file in the data folder that perf-tui will not read: a symbolic link (never followed out of
    the data folder), a folder or other special file where a file belongs, a file it has no permission
    to read, or a session file holding another session. It is left where it is and reported, never
    skipped silently; `kind` says which ("link", "folder", "special", "denied", "other_id", "error")."""

    def __init__(self, path: Path, kind: str, detail: str = "") -> None:
        self.path = Path(path)
        self.kind = kind
        self.detail = detail
        self.reason = t(f"store.unreadable.{kind}", detail=detail)
        super().__init__(t("store.error.unreadable", file=str(path), reason=self.reason))


class ReadOnlyFolder(StoreError):
    """The data folder cannot be written (a read-only disk or folder): sessions can be read only."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("store.error.read_only_folder", path=str(path)))
        self.path = Path(path)


class SessionDamaged(StoreError):
    """get() found the session's file damaged; it was moved to the quarantine folder."""

    def __init__(self, session_id: str, moved_to: Path) -> None:
        super().__init__(t("store.error.session_damaged", id=session_id, moved_to=str(moved_to)))
        self.session_id = session_id
        self.moved_to = Path(moved_to)


@dataclass(frozen=True)
class LockOwner:
    """Who holds a session open for writing."""

    pid: int
    host: str
    since: str  # ISO 8601: when the holder took the lock
    user: str = ""  # the holder's login name, when the platform tells it

    def describe(self) -> str:
        if self.user:
            return t("store.lock.owner_user", pid=self.pid, host=self.host, since=self.since, user=self.user)
        return t("store.lock.owner", pid=self.pid, host=self.host, since=self.since)


class SessionLocked(StoreError):
    """Another copy of the app holds this session open for writing. `owner` says who."""

    def __init__(self, session_id: str, owner: LockOwner | None) -> None:
        if owner is None:
            message = t("store.error.locked_unknown", id=session_id)
        else:
            message = t("store.error.locked", id=session_id, owner=owner.describe())
        super().__init__(message)
        self.session_id = session_id
        self.owner = owner


class ReadOnlySession(StoreError):
    """A save of a session this repository opened read-only."""

    def __init__(self, session_id: str) -> None:
        super().__init__(t("store.error.read_only", id=session_id))
        self.session_id = session_id


class NewerSchema(StoreError):
    """The stored record was written by a newer perf-tui; saving over it could drop its fields."""

    def __init__(self, session_id: str, found: int, known: int) -> None:
        super().__init__(t("store.error.newer_schema", id=session_id, found=found, known=known))
        self.session_id = session_id
        self.found = found
        self.known = known


class SaveFailed(StoreError):
    """Writing failed for a reason that may pass (disk full, read-only folder): worth retrying."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(t("store.error.save_failed", file=str(path), reason=reason))
        self.path = Path(path)
        self.errno = error.errno


class InvalidSessionData(StoreError):
    """Imported or loaded data is not a perf-tui session."""

    def __init__(self, reason: str) -> None:
        super().__init__(t("store.error.invalid_data", reason=reason))
        self.reason = reason


class BackupNotFound(StoreError):
    def __init__(self, session_id: str, name: str) -> None:
        super().__init__(t("store.error.backup_not_found", id=session_id, name=name))
        self.session_id = session_id
        self.name = name


class SignedRecordProtected(StoreError):
    """A write that would take a signature or an amendment away from a signed session (a restore
    of a version from before the signatures, an import over it): refused, the file is unchanged.
    `reason_key` is the catalog key of the one-line reason (perf_tui.signing)."""

    def __init__(self, session_id: str, reason_key: str) -> None:
        super().__init__(t(reason_key, id=session_id))
        self.session_id = session_id
        self.reason_key = reason_key


# Errors that refuse an operation on purpose (the data is fine, the user asked for something
# not allowed now) rather than report a failure: logged as one INFO line, without a traceback.
REFUSALS: tuple[type[StoreError], ...] = (
    SessionExists, SessionLocked, ReadOnlySession, NewerSchema, SignedRecordProtected,
)


def is_refusal(error: BaseException) -> bool:
    return isinstance(error, REFUSALS)
