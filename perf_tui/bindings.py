"""Bindings as data, translated per instance.

Screens declare `BINDINGS` with catalog keys instead of text:
    Binding("ctrl+n,f8", "next_stage", "keys.next_stage", tooltip="keys.next_stage.tip", id="next_stage")
and mix in `Translated`, which replaces each description and tooltip with its text in the current
language when the widget is created. Thus one class serves both languages (tests render en and
zh in one process), and the user's keymap (config [keymap], applied with App.set_keymap) still
finds every binding by its id.

`retranslate_bindings()` redoes the translation from the class's untranslated bindings; the app
calls it on itself when the user switches language (screens are simply rebuilt).
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


def translated_map(bindings: BindingsMap) -> BindingsMap:
    translated = BindingsMap()
    for _key, binding in bindings:
        translated._add_binding(translate_binding(binding))
    return translated


class Translated:
    """Mixin for App, Screen and Widget subclasses: translates their bindings on creation."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translated_map(self._bindings)  # type: ignore[attr-defined]

    def retranslate_bindings(self) -> None:
        """Translate again, from the class's catalog keys, into the current language."""
        self._bindings = translated_map(type(self)._merged_bindings)  # type: ignore[attr-defined]
        refresh = getattr(self, "refresh_bindings", None)
        if refresh is not None:
            refresh()


def bindings_for(screen) -> list[tuple[object, Binding]]:
    """Our bindings that `screen` offers, most specific first: the focused widget and its
    ancestors, the screen, then the app; with the user's keymap applied; one entry per binding id
    (bindings of one node with the same action and description are shown once, keys joined by ",").

    The help screen and the command palette both list this, so they never disagree.
    """
    focused = screen.focused
    nodes = list(focused.ancestors_with_self) if focused is not None else [screen, screen.app]
    if screen not in nodes:
        nodes.insert(-1, screen)
    keymap = getattr(screen.app, "_keymap", {}) or {}
    out: list[tuple[object, Binding]] = []
    seen: dict[tuple[int, str], int] = {}  # (node, action+description) -> index in out
    for node in nodes:
        if not isinstance(node, Translated):
            continue
        bindings = node._bindings.copy()  # type: ignore[attr-defined]
        if keymap:
            bindings.apply_keymap(keymap)
        for key, binding in bindings:
            if binding.system or not binding.description or binding.id is None:
                continue  # Textual's own (tab, copy...) have no id; ours always do
            ident = (id(node), f"{binding.action}\0{binding.description}")
            if ident in seen:
                index = seen[ident]
                previous = out[index][1]
                out[index] = (node, replace(previous, key=f"{previous.key},{key}"))
                continue
            seen[ident] = len(out)
            out.append((node, replace(binding, key=key)))
    return out
