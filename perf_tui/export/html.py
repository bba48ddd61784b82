"""The record as a standalone HTML page that prints like the form: the Markdown export rendered by
markdown-it-py, with a small embedded stylesheet (no external files).

Safety: typed text reaches the HTML only through the Markdown exporter, which backslash-escapes
every "<", "&"-entity, bracket and backtick, and the parser runs with HTML off, so no typed tag can
come through; the few elements added here (sections, the wet-ink signature lines) carry only our
own labels, escaped.

Print (checked by printing to PDF with headless Chromium, tests/unit/test_html_print.py):
- `@page`: A4 by default, Letter with `[export] paper = "letter"` in the config file; margins, and
  the page number "n / N" at the bottom of every page (a CSS margin box, Chromium 131+).
- Table cells wrap at word boundaries; only a word wider than its column is broken (Chinese still
  breaks between characters).
- Each heading starts a <section> with what follows it; headings never end a page, table rows and
  list items are never split, and a short section (the signatures, the summary) moves to the next
  page whole rather than leave its heading alone at the bottom.
- While a party has not signed, the signatures section ends with lines for a wet-ink signature and
  a date.
"""

from __future__ import annotations

import html as _html
from datetime import datetime
from typing import Mapping

from markdown_it import MarkdownIt
from markdown_it.token import Token

from perf_tui.export import markdown
from perf_tui.export.view import RecordView, build_view
from perf_tui.model import Record

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"

STYLESHEET = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
       "Helvetica Neue", Arial, sans-serif; color: #1f2328; line-height: 1.55; margin: 0; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #1f2328; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
h1, h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; vertical-align: top; text-align: left;
         overflow-wrap: break-word; word-break: normal; }
th { background: #f6f8fa; word-break: keep-all; }  /* a Chinese label stays whole: 责任人, not 责/任/人 */
thead { display: table-header-group; }
tr, li { break-inside: avoid; }
section.keep { break-inside: avoid; }
em { color: #57606a; }
hr { border: 0; border-top: 1px solid #d0d7de; margin-top: 2rem; }
.wet-ink { margin: 1.2rem 0 .5rem; break-inside: avoid; }
.wet-ink .party { display: flex; gap: 1.5rem; align-items: flex-end; margin: 0 0 1.4rem; }
.wet-ink .role { min-width: 5.5rem; font-weight: 600; }
.wet-ink .line { flex: 3; border-bottom: 1px solid #1f2328; height: 3.2rem; position: relative; }
.wet-ink .line.date { flex: 1.3; }
.wet-ink .line span { position: absolute; left: 0; bottom: -1.25rem; font-size: .78rem; color: #57606a; }
@media print {
  main { margin: 0; max-width: none; padding: 0; }
  body { font-size: 10.5pt; }
}
""".strip()

PAGE_RULE = """
@page { size: %(size)s; margin: 16mm 15mm 18mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #57606a; } }
""".strip()

_LANG_TAGS = {"zh": "zh-CN", "en": "en"}
# A section with at most this many rows, paragraphs and list items is kept on one page (a longer
# one would leave too much of the page before it empty); the signatures always are.
_KEEP_WHOLE = 5


def _parser() -> MarkdownIt:
    # CommonMark plus tables, raw HTML off: the Markdown exporter writes none.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_to_html(text: str) -> str:
    """Markdown written by perf-tui's exporter as an HTML fragment."""
    return _parser().render(text)


def _sections(tokens: list[Token]) -> list[list[Token]]:
    """The tokens cut before each h2/h3 heading; a heading directly followed by another heading
    stays with it ("(5) Summary" and "Summary of the interview" are one section)."""
    sections: list[list[Token]] = [[]]
    for token in tokens:
        starts = token.type == "heading_open" and token.level == 0 and token.tag in ("h2", "h3")
        only_a_heading = len(sections[-1]) == 3 and sections[-1][0].type == "heading_open"
        if starts and sections[-1] and not only_a_heading:
            sections.append([])
        sections[-1].append(token)
    return [s for s in sections if s]


def _heading_text(section: list[Token]) -> str:
    headings = [section[i + 1].content for i, t in enumerate(section) if t.type == "heading_open"]
    return headings[-1] if headings else ""


def _is_small(section: list[Token]) -> bool:
    blocks = sum(1 for t in section if t.type in ("tr_open", "paragraph_open", "list_item_open"))
    return blocks <= _KEEP_WHOLE


def _wet_ink(view: RecordView) -> str:
    """Lines for signing by hand and dating, for each party that has not signed in the app."""
    unsigned = [s for s in view.signatures if not s.signed]
    if not unsigned:
        return ""
    signature, date = (_html.escape(view.label(k)) for k in ("sign.wet_signature", "sign.wet_date"))
    parties = "".join(
        f'<div class="party"><div class="role">{_html.escape(s.role_label)}</div>'
        f'<div class="line"><span>{signature}</span></div>'
        f'<div class="line date"><span>{date}</span></div></div>\n'
        for s in unsigned)
    return f'<div class="wet-ink">\n{parties}</div>\n'


def _fragment(view: RecordView, thresholds: Mapping[str, float] | None, *, wet_ink: bool) -> str:
    parser = _parser()
    tokens = parser.parse(markdown.render_view(view, thresholds))
    signatures = view.label("section.signatures")
    out = []
    for section in _sections(tokens):
        body = parser.renderer.render(section, parser.options, {})
        if section[0].type != "heading_open":
            out.append(body)
            continue
        is_signatures = _heading_text(section) == signatures
        if wet_ink and is_signatures:
            body += _wet_ink(view)
        keep = " keep" if is_signatures or _is_small(section) else ""
        out.append(f'<section class="part{keep}">\n{body}</section>\n')
    return "".join(out)


def body_fragment(view: RecordView, thresholds: Mapping[str, float] | None = None) -> str:
    """The record as an HTML fragment (the eml draft puts it after a greeting)."""
    return _fragment(view, thresholds, wet_ink=False)


def page(view: RecordView, body: str, paper: str = DEFAULT_PAPER) -> str:
    """A complete HTML document around `body`, for printing on `paper` ("a4" or "letter")."""
    title = view.title if not view.employee_name else f"{view.title} — {view.employee_name}"
    page_rule = PAGE_RULE % {"size": PAPER_SIZES.get(paper, PAPER_SIZES[DEFAULT_PAPER])}
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_LANG_TAGS.get(view.lang, "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="perf-tui">\n'
        f"<title>{_html.escape(title)}</title>\n<style>\n{STYLESHEET}\n{page_rule}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None,
           paper: str = DEFAULT_PAPER) -> str:
    """The record as a complete HTML page in `lang`. Never contains the private notes."""
    view = build_view(record, lang, thresholds, now, weights)
    return page(view, _fragment(view, thresholds, wet_ink=True), paper)
