"""The moment perf-tui started, taken by the first module the entry point imports.

The app logs the time from here to its first frame (on_ready), so start-up cost is measured
the way a user feels it (posting does the same). Nothing else may live here: it must be free.
"""

from time import perf_counter_ns

STARTED_NS = perf_counter_ns()


def elapsed_ms() -> float:
    return (perf_counter_ns() - STARTED_NS) / 1_000_000
