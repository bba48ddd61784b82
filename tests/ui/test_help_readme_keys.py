"""The README's key tables stay in sync with the bindings: every binding id of every screen and
widget (the name a user puts in [keymap]) appears in README.md, in backticks."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def all_translated_classes() -> set[type]:
    from perf_tui.bindings import Translated

    import perf_tui.app  # noqa: F401

    for package in ("perf_tui.screens", "perf_tui.widgets"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            importlib.import_module(info.name)

    found: set[type] = set()
    pending = [Translated]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return found


def binding_ids() -> dict[str, str]:
    """id -> the class that declares it."""
    ids = {}
    for cls in all_translated_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            ids[binding.id] = f"{cls.__module__}.{cls.__name__}"
    return ids


def test_every_binding_has_an_id_description_and_tooltip():
    from perf_tui.i18n import has

    problems = []
    for cls in all_translated_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if not binding.id or not has(binding.description, "en") or not has(binding.tooltip or "", "en"):
                problems.append((cls.__name__, binding.key, binding.id))
    assert problems == []


def test_every_binding_id_is_in_the_readme():
    documented = set(re.findall(r"`([^`\s]+)`", README.read_text(encoding="utf-8")))
    missing = {binding_id: where for binding_id, where in binding_ids().items() if binding_id not in documented}
    assert missing == {}, "add these ids to README.md's key tables"


def test_readme_quick_start_is_exactly_make_demo_and_make_test():
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("##", 1)[0]
    block = quick.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
