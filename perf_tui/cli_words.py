"""argparse's own words, in the user's language.

argparse builds its headings, the -h help and its error messages with `gettext` (module-level
`_` and `ngettext` in argparse). `install()` points those two names at the catalog
(perf_tui/locales/<lang>/words.json, keys "argparse.*"): each English message argparse asks for
is looked up by its exact text, in the language current at that moment, so the same process can
print English and Chinese help; a message argparse has that the catalog lacks stays English.
The texts keep argparse's %-placeholders (%(prog)s, %s, %r), which argparse fills in afterwards.

Metavars ("PATH", "COMMAND", "FILE", the positional "id") are words too: `local_metavar()` gives
the catalog's word for the known ones ("cli.metavar.*"), so `--data-dir 路径` reads as Chinese.

Headless: no Textual, imported only by the CLI.
"""

from __future__ import annotations

import argparse
import builtins
import re

from perf_tui import i18n
from perf_tui.i18n import t
from perf_tui.text import cell_width

# argparse's message (Python 3.11-3.13) -> catalog key
MESSAGES: dict[str, str] = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "optional arguments": "argparse.options",
    "show this help message and exit": "argparse.help",
    "subcommands": "argparse.subcommands",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse.unknown_parser",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "not allowed with argument %s": "argparse.not_allowed",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "unexpected option string: %s": "argparse.unexpected_option",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "%(prog)s: error: %(message)s\n": "argparse.error",
}

# ngettext's (singular, plural) -> catalog key (the text has no plural forms in Chinese)
PLURAL_MESSAGES: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "argparse.expected_n",
}

METAVARS = ("PATH", "COMMAND", "FILE", "id")


def gettext(message: str) -> str:
    key = MESSAGES.get(message)
    return t(key) if key and i18n.has(key, "en") else message


def ngettext(singular: str, plural: str, n: int) -> str:
    key = PLURAL_MESSAGES.get((singular, plural))
    if key is None or i18n.current_language() == "en" or not i18n.has(key, "en"):
        return singular if n == 1 else plural
    return t(key)


def _cells_len(obj) -> int:
    """argparse lines up its columns with len(); a Chinese word is two cells per character."""
    if isinstance(obj, str) and not obj.isascii():
        return cell_width(obj)
    return builtins.len(obj)


# A run of CJK breaks anywhere; anything else breaks at spaces.
_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_CJK_HEADING = re.compile(r"^(\S[^\n]*[\u2e80-\u9fff]):$", re.M)
_NO_LINE_START = frozenset("，。、；：！？）」』】》…”,.;:!?)")


def wrap_cells(text: str, width: int) -> list[str]:
    """One paragraph of help as lines of at most `width` cells (a word longer stays whole)."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            line += " " if line else ""
            continue
        if not line or cell_width(line + token) <= width or token[0] in _NO_LINE_START:
            line += token
            continue
        lines.append(line.rstrip())
        line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """Help text wrapped by terminal cells, so Chinese lines are as wide as English ones."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_cells(text, width)

    def _format_action(self, action: argparse.Action) -> str:
        # argparse pads the invocation ("--data-dir 路径") with "%-*s", which counts characters:
        # take out the spaces a wide character already fills.
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = cell_width(invocation) - builtins.len(invocation)
        head = " " * self._current_indent + invocation
        if extra > 0 and text.startswith(head + " " * (extra + 2)):
            text = head + text[builtins.len(head) + extra:]
        return text

    def format_help(self) -> str:
        # argparse ends each heading with an ASCII colon; a Chinese heading takes the full-width one.
        return _CJK_HEADING.sub(r"\1：", super().format_help())

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_cells(text, width - builtins.len(indent)))


def install() -> None:
    """argparse asks the catalog from now on (in whatever language is current) and measures
    its columns in terminal cells."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    argparse.len = _cells_len  # type: ignore[attr-defined]


def local_metavar(metavar: str | None) -> str | None:
    """The word shown for a value placeholder, in the current language."""
    if metavar in METAVARS:
        return t(f"cli.metavar.{metavar.lower()}")
    return metavar
