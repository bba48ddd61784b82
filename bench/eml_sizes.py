"""Email draft (.eml) export of a record with one huge field: time and peak memory, 1, 5, 10 MB.

    .venv/bin/python bench/eml_sizes.py [--sizes 1,5,10] [--timeout 120] [--code PATH]

Each case runs in its own process, so that its peak memory (ru_maxrss) is its own:
- name_words: the employee's name is words with spaces ("word word …"); it lands in To, Subject,
  the greeting and both bodies. The `email` package's header folder was quadratic in the words.
- name_one_word: the same length without a space (one word to fold in To and Subject).
- summary_cjk: the summary is Chinese text (only the bodies grow; base64 / quoted-printable).
`--code PATH` runs the cases against another checkout (e.g. the code before a change, made with
`git worktree add /tmp/before <commit>`). A case that passes `--timeout` seconds is reported as
{"timeout": seconds}. Prints one JSON object. Figures are information, not asserts (the machine
is shared).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = r"""
import json, resource, sys, time
from perf_tui import export
from perf_tui.model import Person, new_record

field, size = sys.argv[1], int(sys.argv[2])
record = new_record(now_iso="2024-10-08T14:00:00+08:00", lang="en", supervisor=Person("Morgan Li", "Manager"))
record.employee = Person("Alex Chen", "Analyst")
record.period = "2024 Q3"
if field == "name_words":
    record.employee = Person(("word " * (size // 5 + 1))[:size], "Analyst")
elif field == "name_one_word":
    record.employee = Person("W" * size, "Analyst")
elif field == "summary_cjk":
    record.confirmation.summary = ("绩效面谈记录" * (size // 18 + 1))[: size // 3]  # 3 bytes a character
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
text = export.render(record, "eml", "en")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": round(seconds, 3), "peak_mb": round(peak / 1024, 1),
                  "peak_over_start_mb": round((peak - before) / 1024, 1), "output_mb": round(len(text) / 1e6, 2)}))
"""


def run_case(code: Path, field: str, megabytes: int, timeout: float) -> dict:
    try:
        done = subprocess.run([sys.executable, "-c", CASE, field, str(megabytes * 1_000_000)],
                              capture_output=True, text=True, timeout=timeout, cwd=code,
                              env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1]}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,10", help="field sizes in MB, comma-separated")
    parser.add_argument("--fields", default="name_words,name_one_word,summary_cjk")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose perf_tui is measured")
    args = parser.parse_args()
    results: dict = {"code": str(args.code.resolve()), "python": sys.version.split()[0], "cases": {}}
    for field in args.fields.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            results["cases"][f"{field}_{size}MB"] = run_case(args.code, field, size, args.timeout)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
