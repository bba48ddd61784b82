"""Bindings as data, translated per instance.

Screens declare `BINDINGS` with catalog keys instead of text:
    Binding("ctrl+n,f8", "next_stage", "keys.next_stage", tooltip="keys.next_stage.tip", id="next_stage")
and mix in `Translated`, which replaces each description and tooltip with its text in the current
language when the widget is created. Thus one class serves both languages (tests render en and
zh in one process), and the user's keymap (config [keymap], applied with App.set_keymap) still
finds every binding by its id.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap

from perf_tui.i18n import t


def translate_binding(binding: Binding) -> Binding:
    return replace(
        binding,
        description=t(binding.description) if binding.description else "",
        tooltip=t(binding.tooltip) if binding.tooltip else "",
    )


class Translated:
    """Mixin for App, Screen and Widget subclasses: translates their bindings on creation."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translated = BindingsMap()
        for _key, binding in self._bindings:  # type: ignore[attr-defined]
            translated._add_binding(translate_binding(binding))
        self._bindings = translated  # type: ignore[attr-defined]
