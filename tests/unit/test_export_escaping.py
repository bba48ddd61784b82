"""Typed text can never break the exported layout: properties over arbitrary text in every field.

The Markdown is parsed back with markdown-it-py (CommonMark + tables, raw HTML off like the HTML
exporter) and checked for its exact structure: the same tables with the same rows and cells, no
heading, list, quote, code, link or HTML that the user's text could have made, and every typed
text found again in its cell, in the list under its table (when it has more than one line), or in
its paragraph.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from perf_tui import export
from perf_tui.export.markdown import escape_cell, escape_paragraph
from perf_tui.export.view import clean
from perf_tui.model import (
    Achievement,
    Action,
    Amendment,
    Checkpoint,
    Confirmation,
    Goal,
    KeyEvent,
    Person,
    Problem,
    Record,
    SignOff,
)

TRICKY = [
    "|", "a | b", "\\|", "\\", "line1\nline2", "\r\n", "`code`", "```", "~~~", "<script>alert(1)</script>",
    "<b>bold</b>", "# heading", "## h2", "> quote", "- item", "* item", "+ item", "1. one", "2) two", "---", "===",
    "    indented code", "\tTab", "**strong**", "_em_", "[link](http://x)", "![img](x.png)", "&amp;", "&#60;",
    "中文｜测试", "客户投诉率≤5%", "ｓｃｒｉｐｔ", "<!-- c -->", "<http://auto.link>", "[^1]", "~~del~~", "\x00nul",
    "a\n\n\nb", "  \n  ", "* * *", "<br>", "\\n", "1\\. x", "$math$", "😀 emoji", "\u2028sep", "\x85nel",
]
user_text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30),
                      st.lists(st.sampled_from(TRICKY), max_size=4).map("".join))

MD = MarkdownIt("commonmark", {"html": False}).enable("table")
SEE_BELOW = "(see below)"


def norm(text: str) -> str:
    return " ".join(clean(text).split())


def inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def tables(tokens) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    out, row = [], None
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            row = []
            out[-1].append(row)
        elif token.type in ("th_open", "td_open"):
            row.append(inline_text(tokens[i + 1]) if tokens[i + 1].type == "inline" else "")
    return out


def details(tokens) -> str:
    """The text of every list under a table (top-level bullet lists), normalised."""
    out, depth = [], 0
    for token in tokens:
        if token.type == "bullet_list_open" and token.level == 0:
            depth = 1
        elif token.type == "bullet_list_close" and token.level == 0:
            depth = 0
        elif depth and token.type == "inline":
            out.append(inline_text(token))
    return norm(" ".join(out))


def shown(cell: str, typed: str, below: str) -> bool:
    """A typed text is in its cell when it is one line, else its cell points below where it is."""
    lines = [line for line in clean(typed).split("\n") if line.strip()]
    if len(lines) <= 1:
        return norm(cell) == norm(typed)
    return cell == SEE_BELOW and norm(typed) in below


def record_from(texts: list[str]) -> Record:
    it = iter(texts)
    nxt = lambda: next(it)  # noqa: E731
    record = Record(
        employee=Person(nxt(), nxt()), supervisor=Person(nxt(), nxt()), date="2024-10-08", start_time=nxt(),
        end_time=nxt(), location=nxt(), period=nxt(), interview_type="other", interview_type_other=nxt(),
        private_notes="PRIVATE-" + nxt(),
    )
    record.goals = [Goal(name=nxt(), target=nxt(), actual=nxt(), notes=nxt(), grade_override=nxt()) for _ in range(2)]
    record.key_events = [KeyEvent(date="2024-09-01", fact="fact " + nxt())]
    record.achievements = [Achievement(title=nxt(), case=nxt())]
    record.problems = [Problem(description=nxt(), whys=[nxt(), nxt()], employee_view=nxt(), supervisor_view=nxt())]
    record.actions = [Action(measure=nxt(), steps=[nxt(), nxt()], owner=nxt(), deadline_text=nxt(), support=nxt(),
                             links=[record.problems[0].id],
                             checkpoints=[Checkpoint(date="2024-10-20", description=nxt(), note=nxt())])]
    record.confirmation = Confirmation(summary="summary " + nxt(), employee_comments="comments " + nxt(),
                                       agreement_reason=nxt(), employee_signoff=SignOff(nxt(), "2024-10-08T15:00:00+08:00"))
    record.amendments = [Amendment(at="2024-10-09T09:00:00+08:00", author=nxt(), section=nxt(), text=nxt())]
    record.stage_notes = {"opening": "notes " + nxt()}
    return record


FIELDS = 46  # texts record_from consumes


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(user_text, min_size=FIELDS, max_size=FIELDS))
def test_markdown_structure_survives_any_typed_text(texts):
    record = record_from(texts)
    md = export.render(record, "md", "en")
    tokens = MD.parse(md)
    found = tables(tokens)
    # basic, goals, key events, problems, plan, signatures, follow-up, amendments, timing ("#" first)
    shapes = [(len(t), {len(r) for r in t}) for t in found]
    assert shapes == [(9, {2}), (3, {7}), (2, {4}), (2, {3}), (2, {7}), (3, {3}), (2, {6}), (2, {5}), (7, {3})]
    below = details(tokens)

    goals = found[1]
    for number, (goal, row) in enumerate(zip(record.goals, goals[1:]), 1):
        assert row[0] == str(number)
        for cell, typed in zip(row[1:4] + row[6:], (goal.name, goal.target, goal.actual, goal.notes)):
            assert shown(cell, typed, below), (cell, typed)
    assert shown(found[3][1][1], record.problems[0].description, below)
    problem = record.problems[0]
    for typed in (problem.employee_view, problem.supervisor_view, *problem.whys):
        assert norm(typed) in below
    plan = found[4][1]
    action = record.actions[0]
    assert shown(plan[3], action.owner, below) and shown(plan[5], action.support, below)
    for typed in (*action.steps, action.checkpoints[0].description):
        assert norm(typed) in below
    assert shown(found[7][1][4], record.amendments[0].text, below)

    types = [t.type for t in tokens]
    assert types.count("heading_open") == 17  # only the exporter's own headings
    for forbidden in ("html_block", "blockquote_open", "fence", "code_block", "hr_open"):
        assert forbidden not in types, forbidden
    assert [t.level for t in tokens if t.type == "ordered_list_open" and t.level == 0] in ([], [0])
    assert types.count("hr") == 1
    inline_children = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not [c for c in inline_children if c.type in ("html_inline", "link_open", "image", "code_inline")]
    assert sum(1 for c in inline_children if c.type == "em_open") == 1  # the exporter's agreement note
    # Bold only for the keys of the lists under the tables: a row number or a field's label.
    keys = [inline_children[i + 1].content for i, c in enumerate(inline_children) if c.type == "strong_open"]
    assert all(key.isdigit() or key in {"Location", "Employee (position)", "Supervisor (position)",
                                        "Date and time", "Performance period", "Interview type",
                                        "Employee", "Supervisor"} for key in keys), keys
    assert "<br>" not in md  # a typed "<br>" is escaped: "\\<br\\>"
    if not any("<br" in text.lower() for text in texts):
        assert "&lt;br" not in MD.render(md).lower()

    paragraphs = [norm(inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert norm(record.confirmation.employee_comments) in paragraphs
    assert norm(record.stage_notes["opening"]) in paragraphs
    assert "PRIVATE-" not in md


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "section", "div", "span", "h1", "h2",
                "h3", "table", "thead", "tbody", "tr", "th", "td", "p", "ol", "ul", "li", "br", "em", "strong",
                "hr"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(user_text, min_size=FIELDS, max_size=FIELDS))
def test_html_contains_only_the_exporters_own_tags(texts):
    record = record_from(texts)
    page = export.render(record, "html", "en")
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= ALLOWED_TAGS
    assert page.lower().count("<script") == 0
    assert "PRIVATE-" not in page


def test_script_typed_in_a_goal_is_shown_as_text_in_html():
    record = Record(goals=[Goal(name="<script>alert(1)</script>")])
    page = export.render(record, "html", "en")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()


def test_escape_cell_examples():
    assert escape_cell("a|b") == "a\\|b"
    assert escape_cell("line1\nline2") == "line1 line2"  # never HTML; the tables move such text below
    assert escape_cell("`x` *y* <z>") == "\\`x\\` \\*y\\* \\<z\\>"
    assert escape_cell("&amp; & R&D") == "\\&amp; & R&D"
    assert escape_cell("中文｜测试") == "中文｜测试"


def test_escape_paragraph_examples():
    assert escape_paragraph("# not a heading\n- not a list\n1. not ordered\n    not code") == (
        "\\# not a heading\\\n\\- not a list\\\n1\\. not ordered\\\nnot code")
    assert escape_paragraph("a\n\n\nb") == "a\\\nb"
