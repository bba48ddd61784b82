"""The few fields of a session that the home screen and `perf-tui list` show."""

from __future__ import annotations

from typing import NamedTuple

from perf_tui.model import Record


class Summary(NamedTuple):
    """Immutable; a NamedTuple rather than a dataclass because list() builds 10,000 of them and a
    tuple is built about ten times faster than a frozen dataclass."""

    id: str
    employee: str
    period: str
    type: str
    status: str
    date: str
    updated_at: str = ""
    supervisor: str = ""

    @classmethod
    def from_record(cls, record: Record) -> "Summary":
        return cls(
            id=record.id,
            employee=record.employee.name,
            period=record.period,
            type=str(record.interview_type),
            status=str(record.status),
            date=record.date,
            updated_at=record.updated_at,
            supervisor=record.supervisor.name,
        )

    @classmethod
    def from_dict(cls, data: dict) -> "Summary":
        return cls(*(str(data.get(k, "")) for k in cls._fields))

    def to_dict(self) -> dict:
        return dict(self._asdict())

    @classmethod
    def from_record_dict(cls, data: dict) -> "Summary":
        """The same as from_record(Record.from_dict(data)), without building the whole record."""

        def name_of(person) -> str:
            return str(person.get("name", "")) if isinstance(person, dict) else ""

        return cls(
            id=str(data.get("id", "")),
            employee=name_of(data.get("employee")),
            period=str(data.get("period", "")),
            type=str(data.get("interview_type", "regular")),
            status=str(data.get("status", "draft")),
            date=str(data.get("date", "")),
            updated_at=str(data.get("updated_at", "")),
            supervisor=name_of(data.get("supervisor")),
        )

    def sort_key(self) -> tuple[str, str, str]:
        """Newest first when sorted in reverse: meeting date, then last change."""
        return (self.date, self.updated_at, self.id)
