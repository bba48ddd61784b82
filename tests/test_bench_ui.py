"""bench/ui.py runs end to end: a real subprocess on its cheapest case, JSON out with the figure,
its baseline from the same run, the ratio between them and the goal from issue 10."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_ui_quick_home_prints_figure_baseline_and_ratio(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ui.py"), "--quick", "--only", "home"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["runs"] == 2
    home = result["home"]
    assert home["rows"] == 201  # 200 demo sessions and the one with long notes: the list was shown
    assert home["value_ms"] > 0 and home["baseline_ms"] > 0
    assert home["ratio"] == round(home["value_ms"] / home["baseline_ms"], 2)
    assert home["goal"] == 1.15
    assert set(result) == {"runs", "notes_lines", "size", "python", "home", "load_average"}
