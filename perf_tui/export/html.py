"""The record as a standalone HTML page: the Markdown export rendered by markdown-it-py, with a
small embedded stylesheet (no external files, prints well).

Safety: typed text reaches the HTML only through the Markdown exporter, which backslash-escapes
every "<", "&"-entity, bracket and backtick, so markdown-it renders it as text. Raw HTML is
enabled in the parser only for the "<br>" line breaks the Markdown exporter writes inside table
cells; no typed "<" can reach the parser unescaped, so no typed tag can come through.
"""

from __future__ import annotations

import html as _html
from datetime import datetime
from typing import Mapping

from markdown_it import MarkdownIt

from perf_tui.export import markdown
from perf_tui.export.view import RecordView, build_view
from perf_tui.model import Record

STYLESHEET = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
       "Helvetica Neue", Arial, sans-serif; color: #1f2328; line-height: 1.55; margin: 0; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #1f2328; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #f6f8fa; }
em { color: #57606a; }
hr { border: 0; border-top: 1px solid #d0d7de; margin-top: 2rem; }
@media print { main { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
""".strip()

_LANG_TAGS = {"zh": "zh-CN", "en": "en"}


def _parser() -> MarkdownIt:
    # "commonmark" plus tables; html=True only for our own <br> in cells (see the module docstring).
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown_to_html(text: str) -> str:
    """Markdown written by perf-tui's exporter as an HTML fragment."""
    return _parser().render(text)


def body_fragment(view: RecordView, thresholds: Mapping[str, float] | None = None) -> str:
    """The record as an HTML fragment (the eml draft puts it after a greeting)."""
    return markdown_to_html(markdown.render_view(view, thresholds))


def page(view: RecordView, body: str) -> str:
    """A complete HTML document around `body`."""
    title = view.title if not view.employee_name else f"{view.title} — {view.employee_name}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_LANG_TAGS.get(view.lang, "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="perf-tui">\n'
        f"<title>{_html.escape(title)}</title>\n<style>\n{STYLESHEET}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    """The record as a complete HTML page in `lang`. Never contains the private notes."""
    view = build_view(record, lang, thresholds, now, weights)
    return page(view, body_fragment(view, thresholds))
