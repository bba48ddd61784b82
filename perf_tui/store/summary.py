"""The few fields of a session that the home screen and `perf-tui list` show."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from perf_tui.model import Record


@dataclass(frozen=True)
class Summary:
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
        return cls(**{k: str(data.get(k, "")) for k in cls.__dataclass_fields__})

    def to_dict(self) -> dict:
        return asdict(self)

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
