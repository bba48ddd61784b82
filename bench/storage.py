"""Storage benchmark: autosave, list and open at N sessions, against TinyDB's defaults.

    .venv/bin/python bench/storage.py --sessions 10000

Builds N realistic sessions (about 5 KB each, mixed English and Chinese, from perf_tui.model) in a
temp folder. The session files are written directly in the store's file layout for speed (setup is
not measured); everything measured goes through the real code paths:
- autosave_*: Repository.save() of one session after a small notes edit, holding its lease, with
  fsync (file and folder), the index update and the once-a-minute backup included.
- naive_*: the same edits through TinyDB's default JSONStorage with all sessions in one table (no
  fsync: that is its default; it rewrites the whole ~50 MB file per edit).
- list_ms: open_repository() + list() as at start-up (index read; the folder unchanged since the
  index was written), median of five runs. list_after_edits_ms: list() after the autosaves, when the
  folder has changed and every session file is stat'ed.
- open_ms: open_repository() + get(id) of one session, what `perf-tui open ID` costs in storage.
Prints one JSON object. Figures are information, not asserts (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import TinyDB  # noqa: E402

from perf_tui.model import (  # noqa: E402
    Achievement, Action, Checkpoint, Direction, Goal, InterviewType, Person, Problem, Status, new_record,
)
from perf_tui.store import open_repository  # noqa: E402
from perf_tui.store.atomic_storage import encode  # noqa: E402

EN = ["delivered the release five days early", "customer complaints rose after the migration",
      "needs support from the marketing team", "collect fifty more samples", "weekly one-on-one",
      "escalation process for urgent requests was unclear"]
ZH = ["项目提前5天上线，客户满意度95%", "投诉率超标，主要是紧急需求响应慢", "样本量不足导致报告延期10天",
      "需要市场部提供渠道支持", "每周一对一跟进进度", "跨部门协调，设计到开发的交接效率提升30%"]


def sentence(rng: random.Random, words: int = 3) -> str:
    return "；".join(rng.choice(ZH) if rng.random() < 0.5 else rng.choice(EN) for _ in range(words))


def build_record(i: int, rng: random.Random):
    record = new_record(now_iso=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+08:00",
                        lang=rng.choice(["en", "zh"]), supervisor=Person("王经理", "Team lead"))
    record.id = f"s{i:07d}"
    record.employee = Person(rng.choice(["张伟", "李娜", "Alice Chen", "Bob Li"]) + f" {i}", "Engineer")
    record.date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    record.period = f"2024 Q{1 + i % 4}"
    record.interview_type = rng.choice(list(InterviewType))
    record.status = rng.choice(list(Status))
    record.goals = [Goal(name=sentence(rng, 1), target="≤5%", actual="8%", unit="%",
                         direction=rng.choice(list(Direction)), notes=sentence(rng, 3)) for _ in range(4)]
    record.achievements = [Achievement(title=sentence(rng, 1), case=sentence(rng, 3)) for _ in range(3)]
    record.problems = [Problem(description=sentence(rng, 2), whys=[sentence(rng, 1) for _ in range(5)],
                               employee_view=sentence(rng, 2), supervisor_view=sentence(rng, 2))]
    record.actions = [Action(measure=sentence(rng, 2), steps=[sentence(rng, 1) for _ in range(3)],
                             owner="张伟", deadline="2024-10-20", support=sentence(rng, 1),
                             checkpoints=[Checkpoint(date="2024-11-05", description=sentence(rng, 1))])
                      for _ in range(2)]
    for stage in ("opening", "review", "root_cause", "action_planning", "confirmation"):
        record.set_notes(stage, sentence(rng, 3))
    record.private_notes = sentence(rng, 2)
    return record


def write_sessions(root: Path, n: int, rng: random.Random) -> tuple[list[str], list[dict], int]:
    sessions = root / "sessions"
    sessions.mkdir(parents=True, mode=0o700)
    ids, sizes, naive = [], 0, []
    for i in range(n):
        data = build_record(i, rng).to_dict()
        payload = encode({"record": {"1": data}})
        fd = os.open(sessions / f"{data['id']}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, payload)
        os.close(fd)
        ids.append(data["id"])
        sizes += len(payload)
        naive.append(data)
    return ids, naive, sizes // max(n, 1)


def write_naive_db(path: Path, records: list[dict]) -> None:
    # The file TinyDB's JSONStorage would hold after inserting all sessions into one table.
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"_default": {str(i + 1): r for i, r in enumerate(records)}}, handle)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure_autosave(root: Path, ids: list[str], edits: int, rng: random.Random):
    repo = open_repository(root)
    repo.list()  # the home screen was shown first, as in the app
    timings = []
    for session_id in rng.sample(ids, 4):
        with repo.acquire(session_id):
            record = repo.get(session_id)
            for k in range(edits // 4):
                record.set_notes("review", record.notes_for("review") + rng.choice(["好", "a", " ", "进"]))
                start = time.perf_counter()
                repo.save(record)
                timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    repo.list()  # back on the home screen after typing: the folder changed, so one stat per file
    list_after_edits = time.perf_counter() - start
    repo.close()
    return timings, list_after_edits


def measure_naive(path: Path, edits: int, n: int, rng: random.Random) -> list[float]:
    db = TinyDB(path)  # the default JSONStorage
    table = db.table("_default")
    timings = []
    doc_id = rng.randint(1, n)
    notes = table.get(doc_id=doc_id)["stage_notes"]
    for k in range(edits):
        notes["review"] = notes.get("review", "") + "好"
        start = time.perf_counter()
        table.update({"stage_notes": dict(notes)}, doc_ids=[doc_id])
        timings.append(time.perf_counter() - start)
    db.close()
    return timings


def fsync_cost(folder: Path) -> float:
    """The median cost of one fsynced 5 KB file write plus the folder fsync: the floor of a save."""
    timings = []
    for _ in range(21):
        start = time.perf_counter()
        path = folder / "fsync-probe"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, b"x" * 5000)
        os.fsync(fd)
        os.close(fd)
        dfd = os.open(folder, os.O_RDONLY)
        os.fsync(dfd)
        os.close(dfd)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=200, help="autosaves measured through our store")
    parser.add_argument("--naive-edits", type=int, default=10, help="edits through TinyDB's defaults")
    parser.add_argument("--dir", help="work folder (default: a new temp folder)")
    args = parser.parse_args(argv)
    rng = random.Random(42)
    root = Path(args.dir or tempfile.mkdtemp(prefix="perf-tui-bench-")) / "data"

    start = time.perf_counter()
    ids, naive_records, avg_size = write_sessions(root, args.sessions, rng)
    setup_s = time.perf_counter() - start

    start = time.perf_counter()
    open_repository(root).list()  # no index yet: built from the session files
    index_build_ms = ms(time.perf_counter() - start)

    list_runs, list_cpu = [], []
    for _ in range(5):  # the median of five: the machine is shared, single runs are noisy
        start, cpu = time.perf_counter(), time.process_time()
        repo = open_repository(root)
        summaries = repo.list()
        list_runs.append(time.perf_counter() - start)
        list_cpu.append(time.process_time() - cpu)
    assert len(summaries) == args.sessions, len(summaries)
    start = time.perf_counter()
    repo.list()
    list_again_ms = ms(time.perf_counter() - start)

    start = time.perf_counter()
    open_repository(root).get(rng.choice(ids))
    open_ms = ms(time.perf_counter() - start)

    ours, list_after_edits = measure_autosave(root, ids, args.edits, rng)

    naive_path = root.parent / "naive.json"
    write_naive_db(naive_path, naive_records)
    del naive_records
    naive = measure_naive(naive_path, args.naive_edits, args.sessions, rng)

    p95 = percentile(ours, 95)
    naive_p95 = percentile(naive, 95)
    result = {
        "sessions": args.sessions,
        "avg_session_bytes": avg_size,
        "autosave_p50_ms": ms(statistics.median(ours)),
        "autosave_p95_ms": ms(p95),
        "autosave_max_ms": ms(max(ours)),
        "autosave_edits": len(ours),
        "naive_autosave_p50_ms": ms(statistics.median(naive)),
        "naive_autosave_p95_ms": ms(naive_p95),
        "naive_edits": len(naive),
        "naive_db_mb": round(naive_path.stat().st_size / 1e6, 1),
        "autosave_ratio": round(naive_p95 / p95, 1),
        "list_ms": ms(statistics.median(list_runs)),
        "list_runs_ms": [ms(x) for x in list_runs],
        # CPU time of the same runs: what list() costs when the shared machine's cores are busy.
        "list_cpu_ms": ms(statistics.median(list_cpu)),
        "list_after_edits_ms": ms(list_after_edits),
        "list_again_ms": list_again_ms,
        "open_ms": open_ms,
        "index_build_ms": index_build_ms,
        "setup_s": round(setup_s, 1),
        "fsync": True,
        "fsync_pair_p50_ms": ms(fsync_cost(root.parent)),
        "load_average": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
