"""The prompt panel: the current stage's suggested questions, statements and tips.

It never takes focus: the meeting screen's keys move the highlight, insert the highlighted prompt
into the notes and mark it asked while the cursor stays where the user is typing.

Each line starts with a mark: "✓" asked, "★" must ask (not yet asked), "·" otherwise; tips are
shown in italics. The prompts come from `perf_tui.prompts.select_prompts`, most relevant first.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from perf_tui.i18n import t
from perf_tui.widgets.wrap import hanging


def prompt_label(prompt, asked: bool, width: int) -> Text:
    """Mark and text, wrapped to `width` cells with the text hanging under itself (CJK text starts
    on the mark's line; see widgets/wrap.py)."""
    mark = "✓ " if asked else "★ " if prompt.must_ask else "· "
    style = "dim" if asked else "italic" if prompt.kind == "tip" else ""
    label = Text(hanging(mark, prompt.text, width), style=style, no_wrap=True, overflow="crop")
    if prompt.must_ask and not asked:
        label.stylize("bold", 0, 1)
    return label


DEFAULT_LABEL_WIDTH = 23  # the sidebar's, until the panel knows its size


class PromptList(OptionList, can_focus=False):
    """An OptionList that the screen drives (so it never steals the typing cursor)."""


class PromptPanel(Vertical):
    DEFAULT_CSS = """
    PromptPanel { height: 1fr; }
    PromptPanel > #prompts-keys { color: $text-muted; height: 1; }
    PromptPanel > PromptList {
        height: 1fr; border: none; padding: 0; background: transparent; scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: list = []
        self.asked: set[str] = set()
        self._filled_width = 0

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
        self._fill()
        first_open = next((i for i, p in enumerate(self.prompts) if p.id not in self.asked), 0)
        self.option_list.highlighted = first_open if self.prompts else None
        self._update_title()

    def _label_width(self) -> int:
        width = self.option_list.scrollable_content_region.width
        return width if width > 4 else DEFAULT_LABEL_WIDTH

    def _fill(self) -> None:
        options = self.option_list
        highlighted = options.highlighted
        width = self._label_width()
        options.set_options(Option(prompt_label(p, p.id in self.asked, width), id=p.id) for p in self.prompts)
        if highlighted is not None and highlighted < len(self.prompts):
            options.highlighted = highlighted
        self._filled_width = width

    def on_resize(self) -> None:
        if self.prompts and self._label_width() != self._filled_width:
            self._fill()

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
                self.option_list.replace_option_prompt_at_index(
                    index, prompt_label(prompt, asked, self._label_width()))
        self._update_title()
