"""The prompt panel: the current stage's suggested questions, statements and tips.

It never takes focus: the meeting screen's keys move the highlight, insert the highlighted prompt
into the notes and mark it asked while the cursor stays where the user is typing.

Each line starts with a mark: "✓" asked, "★" must ask (not yet asked), "·" otherwise; tips are
shown in italics. The prompts come from `perf_tui.prompts.select_prompts`, most relevant first.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from perf_tui.i18n import t


def prompt_label(prompt, asked: bool) -> Table:
    """Mark and text in two columns: the text hangs under itself, and CJK text (which has no
    spaces to wrap at) starts on the mark's line instead of below it."""
    mark = "✓" if asked else "★" if prompt.must_ask else "·"
    style = "dim" if asked else "italic" if prompt.kind == "tip" else ""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(mark, style="bold" if prompt.must_ask and not asked else ""), Text(prompt.text, style=style))
    return grid


class PromptList(OptionList, can_focus=False):
    """An OptionList that the screen drives (so it never steals the typing cursor)."""


class PromptPanel(Vertical):
    DEFAULT_CSS = """
    PromptPanel { height: 1fr; }
    PromptPanel > #prompts-keys { color: $text-muted; height: 1; }
    PromptPanel > PromptList { height: 1fr; border: none; padding: 0; background: transparent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: list = []
        self.asked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(t("meeting.prompts.title", count=0), id="prompts-title", classes="panel-title",
                     markup=False)
        yield Static(t("meeting.prompts.keys"), id="prompts-keys", markup=False)
        yield PromptList(id="prompt-list")

    @property
    def option_list(self) -> PromptList:
        return self.query_one(PromptList)

    def show(self, prompts: Sequence, asked: Iterable[str]) -> None:
        """Show `prompts` (most relevant first), highlighting the first one not yet asked."""
        self.prompts = list(prompts)
        self.asked = set(asked)
        options = self.option_list
        options.set_options(Option(prompt_label(p, p.id in self.asked), id=p.id) for p in self.prompts)
        first_open = next((i for i, p in enumerate(self.prompts) if p.id not in self.asked), 0)
        options.highlighted = first_open if self.prompts else None
        self._update_title()

    def _update_title(self) -> None:
        asked = sum(1 for p in self.prompts if p.id in self.asked)
        self.query_one("#prompts-title", Static).update(
            t("meeting.prompts.title", count=len(self.prompts), asked=asked))

    def move(self, delta: int) -> None:
        if not self.prompts:
            return
        options = self.option_list
        current = options.highlighted if options.highlighted is not None else -delta
        options.highlighted = (current + delta) % len(self.prompts)
        options.scroll_to_highlight()

    @property
    def highlighted(self):
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.prompts):
            return None
        return self.prompts[index]

    def set_asked(self, prompt_id: str, asked: bool) -> None:
        if asked:
            self.asked.add(prompt_id)
        else:
            self.asked.discard(prompt_id)
        for index, prompt in enumerate(self.prompts):
            if prompt.id == prompt_id:
                self.option_list.replace_option_prompt_at_index(index, prompt_label(prompt, asked))
        self._update_title()
