"""CSV import of goals: encodings, delimiters, headers in both languages, per-row issues."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from perf_tui import i18n
from perf_tui.goals_csv import (
    MAX_GOALS,
    Issue,
    clean_path,
    decode_bytes,
    header_field,
    parse_direction,
    parse_goals_csv,
    read_goals_csv,
    sniff_delimiter,
)
from perf_tui.model import Direction

ZH_FORM_CSV = "核心目标,目标值,单位,方向,备注（关键事件/数据）\n交付项目X,1,个,,提前5天上线\n客户投诉率,≤5%,%,越低越好,两次投诉\n"


def test_goals_csv_reads_english_header_in_any_order_and_case():
    result = parse_goals_csv("Notes,TARGET,Goal,Unit,Direction\nlaunched early,1,Deliver project X,project,higher\n")
    assert result.header
    assert [g.name for g in result.goals] == ["Deliver project X"]
    goal = result.goals[0]
    assert (goal.target, goal.unit, goal.direction, goal.notes) == ("1", "project", Direction.HIGHER, "launched early")
    assert result.issues == []


def test_goals_csv_reads_the_forms_chinese_labels_as_utf8_with_bom():
    result = parse_goals_csv(codecs.BOM_UTF8 + ZH_FORM_CSV.encode("utf-8"))
    assert result.encoding == "utf-8-sig"
    assert [(g.name, g.target, g.direction) for g in result.goals] == [
        ("交付项目X", "1", Direction.HIGHER),
        ("客户投诉率", "≤5%", Direction.LOWER),
    ]
    assert result.goals[0].notes == "提前5天上线"


def test_goals_csv_reads_gbk_encoded_excel_file():
    result = parse_goals_csv(ZH_FORM_CSV.replace("≤", "<=").encode("gbk"))
    assert result.encoding == "gb18030"
    assert [g.name for g in result.goals] == ["交付项目X", "客户投诉率"]
    assert result.goals[1].direction is Direction.LOWER


def test_goals_csv_reads_utf16_with_bom_and_tabs():
    text = "goal\ttarget\tunit\nSales\t1,200\tk USD\n"
    result = parse_goals_csv(text.encode("utf-16"))
    assert result.delimiter == "\t"
    assert [(g.name, g.target, g.unit) for g in result.goals] == [("Sales", "1,200", "k USD")]


def test_goals_csv_sniffs_semicolon_pipe_and_fullwidth_comma():
    assert sniff_delimiter("goal;target;unit\na;1;x\n") == ";"
    assert sniff_delimiter("goal|target\n") == "|"
    assert sniff_delimiter("核心目标，目标值\n") == "，"
    assert sniff_delimiter('"a;b",c\n') == ","
    assert sniff_delimiter("just one column\n") == ","
    result = parse_goals_csv("核心目标，目标值，单位\n投诉率，≤5%，%\n")
    assert [(g.name, g.target, g.direction) for g in result.goals] == [("投诉率", "≤5%", Direction.LOWER)]


def test_goals_csv_quoted_cells_keep_delimiters_and_newlines():
    result = parse_goals_csv('goal,target,notes\n"Cut costs, fast",">= 10%","line one\nline two"\n')
    assert result.goals[0].name == "Cut costs, fast"
    assert result.goals[0].notes == "line one\nline two"
    assert result.goals[0].direction is Direction.HIGHER


def test_goals_csv_without_header_reads_columns_by_position_and_says_so():
    result = parse_goals_csv("Deliver X,1,project,higher,early\nComplaint rate,<5%,%,,slow replies\n")
    assert not result.header
    assert [g.name for g in result.goals] == ["Deliver X", "Complaint rate"]
    assert result.goals[1].direction is Direction.LOWER
    assert Issue(0, "setup.csv.no_header", skipped=False) in result.issues


def test_goals_csv_row_without_a_name_is_skipped_with_its_row_number():
    result = parse_goals_csv("goal,target\nA,1\n,2\n\nB,3\n")
    assert [g.name for g in result.goals] == ["A", "B"]
    assert result.issues == [Issue(3, "setup.csv.no_name")]


def test_goals_csv_unknown_direction_is_imported_with_a_suggestion_and_an_issue():
    result = parse_goals_csv("goal,target,direction\nDefects,≤3,sideways\n")
    assert result.goals[0].direction is Direction.LOWER
    assert result.issues == [Issue(2, "setup.csv.bad_direction", "sideways", skipped=False)]


def test_goals_csv_direction_words_in_both_languages():
    assert parse_direction("Lower is better") is Direction.LOWER
    assert parse_direction("lower-is-better") is Direction.LOWER
    assert parse_direction("越低越好") is Direction.LOWER
    assert parse_direction("↓") is Direction.LOWER
    assert parse_direction(" HIGHER ") is Direction.HIGHER
    assert parse_direction("越高越好") is Direction.HIGHER
    assert parse_direction("maybe") is None


def test_goals_csv_header_aliases_ignore_brackets_and_spacing():
    assert header_field("备注（关键事件/数据）") == "notes"
    assert header_field("Target value") == "target"
    assert header_field("goal_name") == "name"
    assert header_field("\ufeffGoal") == "name"
    assert header_field("完成值") == "actual"
    assert header_field("colour") is None


def test_goals_csv_empty_and_header_only_files_are_clear_issues():
    assert parse_goals_csv(b"").issues == [Issue(0, "setup.csv.empty")]
    assert parse_goals_csv("  \n\n").issues == [Issue(0, "setup.csv.empty")]
    assert parse_goals_csv("goal,target\n").issues == [Issue(0, "setup.csv.no_goals")]


def test_goals_csv_stops_at_the_goal_limit():
    text = "goal\n" + "".join(f"g{i}\n" for i in range(MAX_GOALS + 5))
    result = parse_goals_csv(text)
    assert len(result.goals) == MAX_GOALS
    assert result.issues[-1].key == "setup.csv.too_many"


def test_goals_csv_file_errors_are_issues_not_exceptions(tmp_path):
    assert read_goals_csv("").issues == [Issue(0, "setup.csv.no_path")]
    missing = read_goals_csv(tmp_path / "nope.csv")
    assert missing.issues[0].key == "setup.csv.not_found"
    assert read_goals_csv(tmp_path).issues[0].key == "setup.csv.is_directory"
    good = tmp_path / "goals.csv"
    good.write_bytes(codecs.BOM_UTF8 + ZH_FORM_CSV.encode("utf-8"))
    assert len(read_goals_csv(f'"{good}"').goals) == 2


def test_goals_csv_clean_path_strips_quotes_from_pasted_paths():
    assert clean_path("  '/tmp/a b.csv' ") == "/tmp/a b.csv"
    assert clean_path('"x.csv"') == "x.csv"
    assert clean_path("x.csv") == "x.csv"


def test_goals_csv_decode_prefers_utf8_then_gb18030():
    assert decode_bytes("目标".encode("utf-8")) == ("目标", "utf-8")
    assert decode_bytes("目标".encode("gbk")) == ("目标", "gb18030")


def test_goals_csv_every_issue_key_has_text_in_both_languages():
    keys = {"setup.csv.no_name", "setup.csv.bad_direction", "setup.csv.unreadable_row", "setup.csv.empty",
            "setup.csv.no_header", "setup.csv.too_many", "setup.csv.too_many_issues", "setup.csv.no_goals",
            "setup.csv.no_path", "setup.csv.too_large", "setup.csv.not_found", "setup.csv.is_directory",
            "setup.csv.no_permission", "setup.csv.cannot_read"}
    for lang in i18n.LANGUAGES:
        missing = {key for key in keys if not i18n.has(key, lang)}
        assert not missing, (lang, missing)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_goals_csv_never_raises_on_any_bytes(data):
    result = parse_goals_csv(data)
    assert all(goal.name.strip() for goal in result.goals)
    assert all(issue.row >= 0 for issue in result.issues)
    assert len(result.goals) <= MAX_GOALS


_cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_cell_text, min_size=0, max_size=6), max_size=20), st.sampled_from([",", ";", "\t"]))
def test_goals_csv_never_raises_on_any_table_and_counts_rows_consistently(rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in rows)
    result = parse_goals_csv(text)
    skipped_rows = [i for i in result.issues if i.row > 0 and i.skipped]
    assert len(result.goals) + len(skipped_rows) <= max(len(text.splitlines()), 1) + 1
    assert all(goal.direction in (Direction.HIGHER, Direction.LOWER) for goal in result.goals)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(
    st.text(alphabet="abc 目标值XYZ", min_size=1, max_size=10).filter(lambda s: s.strip()),
    st.sampled_from(["1", "≤5%", ">=90", "100 件", ""]),
), min_size=1, max_size=10))
def test_goals_csv_round_trips_well_formed_tables(goals):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["goal", "target"])
    writer.writerows(goals)
    result = parse_goals_csv(buffer.getvalue().encode("utf-8"))
    assert [(g.name, g.target) for g in result.goals] == [(n.strip(), t) for n, t in goals]


def test_goals_csv_never_imports_textual():
    import subprocess
    import sys

    code = "import sys, perf_tui.goals_csv; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
