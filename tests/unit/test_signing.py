"""A signed record stays signed: signatures must match the recorded names, and no write through
the store (autosave, restore of an earlier version, import) can take a signature or an
amendment away. Versions list their status."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from perf_tui import signing
from perf_tui.clock import FakeClock, iso
from perf_tui.model import Agreement, Amendment, Person, new_record
from perf_tui.store import SessionExists, open_repository
from perf_tui.store.errors import SessionLocked, SignedRecordProtected, is_refusal


def unsigned(clock: FakeClock):
    record = new_record(now_iso=iso(clock()), supervisor=Person("王强", "经理"))
    record.employee.name = "Alex Chen"
    record.confirmation.agreement = Agreement.AGREES
    record.set_notes("opening", "before the signatures")
    return record


def sign_both(record, clock: FakeClock) -> None:
    assert signing.sign(record, "employee", " alex CHEN ", iso(clock())) is None
    assert signing.sign(record, "supervisor", "王强", iso(clock())) is None
    assert record.signed


@pytest.fixture
def repo(data_dir: Path, clock: FakeClock):
    repository = open_repository(data_dir, clock=clock)
    yield repository
    repository.close()


# ----------------------------------------------------------------- names


@pytest.mark.parametrize("typed", ["Alex Chen", "alex chen", "  ALEX CHEN\t", "Ａｌｅｘ Ｃｈｅｎ", "Alex Chen\u3000"])
def test_a_signature_matches_the_recorded_name_up_to_case_and_spaces(typed) -> None:
    assert signing.names_match("Alex Chen", typed)


@pytest.mark.parametrize("recorded, typed", [("王强", "王"), ("王强", "强"), ("Alex Chen", "Alex"),
                                             ("Alex Chen", "AlexChen"), ("Alex Chen", ""), ("", "")])
def test_part_of_a_name_or_another_name_does_not_match(recorded, typed) -> None:
    assert not signing.names_match(recorded, typed)


def test_sign_refuses_a_name_that_is_not_the_signers_and_leaves_the_record_unsigned(clock) -> None:
    record = unsigned(clock)
    assert signing.sign(record, "supervisor", "王", iso(clock())) == "meeting.sign.mismatch.supervisor"
    assert signing.sign(record, "employee", "Alex", iso(clock())) == "meeting.sign.mismatch.employee"
    assert not record.confirmation.supervisor_signoff.signed
    assert not record.confirmation.employee_signoff.signed


def test_sign_stores_the_recorded_spelling_and_the_time(clock) -> None:
    record = unsigned(clock)
    assert signing.sign(record, "employee", "  alex chen ", "2024-10-08T15:40:00+08:00") is None
    assert record.confirmation.employee_signoff.name == "Alex Chen"
    assert record.confirmation.employee_signoff.signed_at == "2024-10-08T15:40:00+08:00"


def test_with_no_name_recorded_the_signature_is_taken_and_recorded(clock) -> None:
    record = unsigned(clock)
    record.employee.name = ""
    assert signing.sign(record, "employee", " Sam Lee ", iso(clock())) is None
    assert record.employee.name == "Sam Lee"
    assert record.confirmation.employee_signoff.name == "Sam Lee"


def test_the_other_checks_come_first(clock) -> None:
    record = unsigned(clock)
    assert signing.sign(record, "employee", "   ", iso(clock())) == "meeting.sign.need_name"
    record.confirmation.agreement = Agreement.PENDING
    assert signing.sign(record, "employee", "Alex Chen", iso(clock())) == "meeting.sign.need_agreement"


def test_version_status_of_stored_dicts(clock) -> None:
    record = unsigned(clock)
    assert signing.version_status(record.to_dict()) == signing.DRAFT
    record.timing.started_at = iso(clock())
    assert signing.version_status(record.to_dict()) == signing.IN_PROGRESS
    sign_both(record, clock)
    assert signing.version_status(record.to_dict()) == signing.SIGNED
    assert signing.version_status({"id": "x", "schema_version": 0}) == signing.DRAFT


# ----------------------------------------------------------------- the store keeps it signed


def signed_session(repo, clock):
    """A session with an unsigned version, then a signed one with one amendment, all stored."""
    record = repo.create(unsigned(clock))
    clock.advance(minutes=2)
    sign_both(record, clock)
    repo.save(record, backup=True)
    clock.advance(minutes=2)
    record.amendments.append(Amendment(at=iso(clock()), author="王强", section="review", text="补充：数据更正"))
    repo.save(record, backup=True)
    return record


def test_versions_list_their_status(repo, clock) -> None:
    record = signed_session(repo, clock)
    statuses = [b.status for b in repo.backups(record.id)]
    assert statuses == ["signed", "signed", "draft"]


def test_restoring_a_version_from_before_the_signatures_is_refused_and_changes_nothing(repo, clock) -> None:
    record = signed_session(repo, clock)
    before = repo.backups(record.id)
    oldest = before[-1]
    assert oldest.status == "draft"
    with pytest.raises(SignedRecordProtected) as caught:
        repo.restore_backup(record.id, oldest.name)
    assert "\n" not in str(caught.value) and "signed" in str(caught.value)
    assert is_refusal(caught.value)
    fresh = open_repository(repo.root, clock=clock)
    try:
        stored = fresh.get(record.id)
    finally:
        fresh.close()
    assert stored.signed and stored.confirmation.supervisor_signoff.name == "王强"
    assert [a.text for a in stored.amendments] == ["补充：数据更正"]
    assert [b.name for b in repo.backups(record.id)] == [b.name for b in before]


def test_restoring_a_signed_version_keeps_the_amendments_added_after_it(repo, clock) -> None:
    record = signed_session(repo, clock)
    signed_without_amendment = repo.backups(record.id)[1]
    assert signed_without_amendment.status == "signed"
    restored = repo.restore_backup(record.id, signed_without_amendment.name)
    assert restored.signed and [a.text for a in restored.amendments] == ["补充：数据更正"]
    assert repo.get(record.id).amendments == restored.amendments


def test_restoring_any_version_of_an_unsigned_session_works_as_before(repo, clock) -> None:
    record = repo.create(unsigned(clock))
    [first] = repo.backups(record.id)
    clock.advance(minutes=2)
    record.set_notes("opening", "changed")
    repo.save(record)
    assert repo.restore_backup(record.id, first.name).notes_for("opening") == "before the signatures"


def test_a_save_without_the_signatures_is_refused(repo, clock) -> None:
    record = signed_session(repo, clock)
    stale = unsigned(clock)
    stale.id = record.id
    with pytest.raises(SignedRecordProtected):
        repo.save(stale)
    with pytest.raises(SignedRecordProtected):  # a second repository (another process) too
        other = open_repository(repo.root, clock=clock)
        try:
            other.save_snapshot(stale.to_dict())
        finally:
            other.close()
    assert repo.get(record.id).signed


def test_a_save_that_drops_or_changes_an_amendment_is_refused_one_that_adds_one_is_not(repo, clock) -> None:
    record = signed_session(repo, clock)
    dropped = repo.get(record.id)
    dropped.amendments.clear()
    with pytest.raises(SignedRecordProtected) as caught:
        repo.save(dropped)
    assert caught.value.reason_key == "store.error.signed.amendments"
    changed = repo.get(record.id)
    changed.amendments[0].text = "rewritten"
    with pytest.raises(SignedRecordProtected):
        repo.save(changed)
    added = repo.get(record.id)
    added.amendments.append(Amendment(at=iso(clock()), text="second"))
    added.private_notes = "private notes stay editable"
    repo.save(added)
    assert [a.text for a in repo.get(record.id).amendments] == ["补充：数据更正", "second"]


# ----------------------------------------------------------------- imports racing


def test_the_import_that_loses_a_race_says_the_session_exists(data_dir, clock) -> None:
    """The winner holds the session's lock while it writes; the loser waits for it and then
    answers SessionExists (it used to say SessionLocked: "open in another window")."""
    record = unsigned(clock)
    winner, loser = open_repository(data_dir, clock=clock), open_repository(data_dir, clock=clock)
    outcome: list[BaseException | str] = []

    def import_it() -> None:
        try:
            outcome.append(loser.import_record(record.to_dict()).id)
        except Exception as exc:  # noqa: BLE001
            outcome.append(exc)

    try:
        lease = winner.acquire(record.id)  # the winner is mid-import: lock held, file not there yet
        thread = threading.Thread(target=import_it)
        thread.start()
        time.sleep(0.2)
        assert not outcome, "the loser waits for the lock instead of giving up"
        winner.import_record(record.to_dict())
        lease.release()
        thread.join(10)
    finally:
        winner.close()
        loser.close()
    [result] = outcome
    assert isinstance(result, SessionExists), result


def test_an_import_with_new_id_that_loses_the_race_takes_a_fresh_id(data_dir, clock) -> None:
    record = unsigned(clock)
    winner, loser = open_repository(data_dir, clock=clock), open_repository(data_dir, clock=clock)
    try:
        with winner.acquire(record.id):
            thread_result: list = []
            thread = threading.Thread(
                target=lambda: thread_result.append(loser.import_record(record.to_dict(), new_id=True)))
            thread.start()
            time.sleep(0.2)
            winner.import_record(record.to_dict())
        thread.join(10)
        [copy] = thread_result
        assert copy.id != record.id and {s.id for s in winner.list()} == {record.id, copy.id}
    finally:
        winner.close()
        loser.close()


def test_a_lock_held_with_no_session_coming_still_says_locked(data_dir, clock) -> None:
    record = unsigned(clock)
    holder, other = open_repository(data_dir, clock=clock), open_repository(data_dir, clock=clock)
    try:
        with holder.acquire(record.id):
            with pytest.raises(SessionLocked):
                other._take_lock_of_new(record.id, other._path(record.id), wait=0.05)
    finally:
        holder.close()
        other.close()


def test_create_under_a_read_only_lease_is_refused(repo, clock) -> None:
    from perf_tui.store import ReadOnlySession

    record = unsigned(clock)
    repo.acquire(record.id, read_only=True)
    with pytest.raises(ReadOnlySession):
        repo.create(record)
    assert not repo._path(record.id).exists()
