"""Fuzz `perf-tui import` with mutated backups and count what happens. Prints one JSON object.

    .venv/bin/python bench/fuzz_import.py [--cases 3000] [--subprocesses 12] [--seed 7]

Valid backups (the demo in en and zh, the stored-format fixtures of versions 0 and 1, a fresh draft)
are mutated: a value's type changed, keys or items deleted, junk keys and items inserted, wrong enum
values, deep nesting, NaN/Infinity, lone surrogates, control characters and ANSI sequences in values
and keys, bad schema_version values, broken envelopes, cut or corrupted bytes, an oversized file;
one to three mutations per case. Each case goes through the real import: cli.main(["import", FILE,
"--new-id"]) in this process (fast), and the first --subprocesses cases also as a real
`python -m perf_tui import` process. Outcomes:
- accepted: exit 0, and the stored session (read back from the store) exports in md, html, eml,
  ics and json; an accepted case whose export raises, or takes over --export-timeout seconds, is a
  failure;
- refused: exit 1 with exactly one line on stderr that starts "perf-tui: ", names no
  "unexpected error" and holds no raw control character (ESC, CR, ...);
- failure: anything else (a traceback, "unexpected error", another exit code, several lines, raw
  control characters, accepted-but-export-fails). The first few of each kind are listed.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perf_tui import cli, export  # noqa: E402
from perf_tui.demo import build_demo_record  # noqa: E402
from perf_tui.model import new_record  # noqa: E402
from perf_tui.store import dump_session, open_repository  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
NOW = __import__("datetime").datetime(2024, 10, 8, 14, 0, tzinfo=__import__("datetime").timezone.utc)

JUNK_VALUES: list[Any] = [0, 1, -1, 1.5, 10**30, "", "x", "2024-13-40", True, False, None, [], {}, [1, "a"],
                          {"a": 1}, "张伟", "\x1b[31mred\x1b[0m", "a\r\nBcc: evil@example.com", "\u202e\x00"]
WRONG_ENUMS = ["signed", "agree", "DRAFT", "higher ", "Lower", "A+", "e", "", "confirmed\n", "calibration"]
BAD_VERSIONS: list[Any] = ["abc", 0.5, None, [], True, False, -1, 2, 99, 10**20, "1", 1.0, {}]


def bases() -> list[dict[str, Any]]:
    out = []
    for lang in ("en", "zh"):
        out.append(json.loads(dump_session(build_demo_record(lang, NOW))))
    out.append(json.loads(dump_session(new_record(now_iso="2024-10-08T14:00:00+00:00"))))
    for name in ("schema_v1_session.json", "schema_v0_session.json"):
        stored = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["record"]["1"]
        envelope = {"format": "perf-tui-session", "record": stored}
        if "schema_version" in stored:
            envelope["schema_version"] = stored["schema_version"]
        out.append(envelope)
    return out


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path inside `value` (the root included)."""
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(paths(item, prefix + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(paths(item, prefix + (index,)))
    return out


def get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def put(root: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    get(root, path[:-1])[path[-1]] = new
    return root


def nest(value: Any, depth: int, rng: random.Random) -> Any:
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def mutate(doc: Any, rng: random.Random) -> tuple[Any, str]:
    """One mutation of the parsed document; returns (document, name)."""
    everything = paths(doc)
    path = rng.choice(everything)
    target = get(doc, path)
    strings = [p for p in everything if isinstance(get(doc, p), str)]
    op = rng.choice(["retype", "delete", "insert", "enum", "deep", "ansi", "surrogate", "nan",
                     "version", "envelope", "ansi_key", "dup_list", "big_text"])
    if op == "retype":
        return put(doc, path, copy.deepcopy(rng.choice(JUNK_VALUES))), op
    if op == "delete":
        if isinstance(target, dict) and target:
            del target[rng.choice(list(target))]
        elif isinstance(target, list) and target:
            del target[rng.randrange(len(target))]
        elif path:
            parent = get(doc, path[:-1])
            del parent[path[-1]]
        return doc, op
    if op == "insert":
        junk = copy.deepcopy(rng.choice(JUNK_VALUES))
        if isinstance(target, dict):
            target[rng.choice(["junk", "extra", "schema_version", "id", "x" * 50, "名字"])] = junk
        elif isinstance(target, list):
            target.insert(rng.randrange(len(target) + 1), junk)
        else:
            return put(doc, path, junk), op
        return doc, op
    if op == "enum" and strings:
        return put(doc, rng.choice(strings), rng.choice(WRONG_ENUMS)), op
    if op == "deep":
        return put(doc, path, nest(target, rng.randint(60, 200), rng)), op
    if op == "ansi" and strings:
        where = rng.choice(strings)
        return put(doc, where, get(doc, where) + "\x1b]0;title\x07\x1b[2J\x9b31m"), op
    if op == "surrogate" and strings:
        return put(doc, rng.choice(strings), rng.choice(["\ud800", "a\udfffb", "\udc80"])), op
    if op == "nan":
        return put(doc, path, rng.choice([float("nan"), float("inf"), float("-inf")])), op
    if op == "version":
        where = rng.choice([("schema_version",), ("record", "schema_version")])
        if isinstance(doc, dict) and (where[0] != "record" or isinstance(doc.get("record"), dict)):
            return put(doc, where, copy.deepcopy(rng.choice(BAD_VERSIONS))), op
    if op == "envelope" and isinstance(doc, dict):
        choice = rng.choice(["format", "record", "list", "format_value"])
        if choice == "list":
            return [doc], op
        if choice == "format_value":
            doc["format"] = rng.choice(JUNK_VALUES)
        else:
            doc.pop(choice, None)
        return doc, op
    if op == "ansi_key" and isinstance(target, dict):
        target["\x1b[31mkey\x1b[0m"] = "v"
        return doc, op
    if op == "dup_list" and isinstance(target, list) and target:
        target.extend(copy.deepcopy(target) * rng.randint(1, 3))
        return doc, op
    if op == "big_text" and strings:
        return put(doc, rng.choice(strings), "长" * rng.randint(2_000, 50_000)), op
    return put(doc, path, copy.deepcopy(rng.choice(JUNK_VALUES))), "retype"


def encode(doc: Any, rng: random.Random) -> tuple[bytes, str | None]:
    """The JSON bytes, sometimes damaged at the byte level."""
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1]))
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: only an ASCII file can carry them (as \\ud800)
        raw = json.dumps(doc, ensure_ascii=True).encode("ascii")
    roll = rng.random()
    if roll < 0.04:
        return raw[: rng.randrange(len(raw))], "truncate"
    if roll < 0.07:
        at = rng.randrange(len(raw))
        return raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1:], "byte"
    if roll < 0.08:
        return b"\xef\xbb\xbf" + raw, "bom"
    return raw, None


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except BaseException as exc:  # noqa: BLE001 - a crash is what we count
            import traceback

            err.write("Traceback (in-process)\n" + "".join(traceback.format_exception(exc)))
            code = -1
    return code, out.getvalue(), err.getvalue()


def run_subprocess(args: list[str]) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "perf_tui", *args], capture_output=True, text=True,
                          env=env, timeout=120, errors="surrogateescape")
    return done.returncode, done.stdout, done.stderr


def clean_line(stderr: str) -> bool:
    lines = stderr.splitlines()
    return (len(lines) == 1 and stderr.endswith("\n") and lines[0].startswith("perf-tui: ")
            and lines[0].isprintable() and "unexpected error" not in lines[0] and "Traceback" not in stderr)


class TimedOut(Exception):
    pass


def _alarm(signum, frame):
    raise TimedOut()


def exports_ok(data_dir: Path, session_id: str, seconds: int) -> str | None:
    """None if the stored session renders in every format and language, each within `seconds`."""
    repo = open_repository(data_dir)
    fmt = "get"
    try:
        record = repo.get(session_id)
        for fmt in export.FORMATS:
            for lang in ("en", "zh"):
                signal.alarm(seconds)
                try:
                    export.render_bytes(record, fmt, lang, now=NOW)
                finally:
                    signal.alarm(0)
    except TimedOut:
        return f"{fmt}: export took over {seconds} s"
    except Exception as exc:  # noqa: BLE001
        return f"{fmt}: {type(exc).__name__}: {exc}"[:300]
    finally:
        repo.close()
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--subprocesses", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--export-timeout", type=int, default=10, help="seconds per export before it counts as a failure")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    originals = bases()
    counts: Counter[str] = Counter()
    by_op: dict[str, Counter[str]] = {}
    failures: list[dict[str, Any]] = []
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perf-tui-fuzz-") as tmp:
        tmp_path = Path(tmp)
        os.environ["PERF_TUI_CONFIG_DIR"] = str(tmp_path / "config")  # never the user's config
        data_dir = tmp_path / "data-0"
        for case in range(args.cases):
            if case % 250 == 0:  # a fresh folder now and then keeps each import's index small
                data_dir = tmp_path / f"data-{case}"
            doc = copy.deepcopy(rng.choice(originals))
            ops = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                doc, op = mutate(doc, rng)
                ops.append(op)
            raw, damage = encode(doc, rng)
            if damage:
                ops.append(damage)
            if case % 997 == 0:  # a file over the size limit now and then
                raw, ops = raw + b" " * (20 * 1024 * 1024), ops + ["oversize"]
            file = tmp_path / "case.json"
            file.write_bytes(raw)
            argv = ["--data-dir", str(data_dir), "--lang", rng.choice(["en", "zh"]), "import", str(file), "--new-id"]
            real = case < args.subprocesses
            code, out, err = (run_subprocess if real else run_in_process)(argv)
            if code == 0:
                problem = exports_ok(data_dir, out.strip(), args.export_timeout)
                outcome = "accepted" if problem is None else "failure"
                detail = problem
            elif code == 1 and clean_line(err):
                outcome, detail = "refused", None
            else:
                outcome, detail = "failure", f"exit {code}: {err[-500:]!r}"
            counts[outcome] += 1
            counts["subprocess" if real else "in_process"] += 1
            for op in ops:
                by_op.setdefault(op, Counter())[outcome] += 1
            if outcome == "failure":
                kinds[(detail or "?").split(":")[0]] += 1
            if outcome == "failure" and len(failures) < 20:
                failures.append({"case": case, "ops": ops, "detail": detail})
    print(json.dumps({
        "cases": args.cases, "seed": args.seed,
        "accepted": counts["accepted"], "refused": counts["refused"], "failures": counts["failure"],
        "in_process": counts["in_process"], "subprocesses": counts["subprocess"],
        "seconds": round(time.perf_counter() - started, 1),
        "failure_kinds": dict(kinds),
        "by_mutation": {op: dict(c) for op, c in sorted(by_op.items())},
        "failure_examples": failures,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
