"""`python -m perf_tui` runs the same entry point as the `perf-tui` script."""

from perf_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
