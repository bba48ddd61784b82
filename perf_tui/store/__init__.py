"""Session storage behind a small repository interface.

Screens and the CLI only ever use `open_repository(root)` and the `Repository` methods below;
the engine underneath (TinyDB files, index, locks) can change without touching them.
"""

from perf_tui.store.errors import SessionNotFound, StoreError
from perf_tui.store.repository import Repository, open_repository
from perf_tui.store.summary import Summary

__all__ = ["Repository", "SessionNotFound", "StoreError", "Summary", "open_repository"]
