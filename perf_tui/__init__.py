"""perf-tui: a keyboard-only companion for performance interviews.

Kept to the version string on purpose: the CLI imports this first and must stay cheap.
"""

__version__ = "0.1.0"
