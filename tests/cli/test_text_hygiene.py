"""Text hygiene: nothing reaches a terminal that can drive it, nothing invisible is stored in
a name, and names that only look different are one name (issue 13)."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import fails, ok, run

# What a terminal obeys: C0 but newline and tab, DEL, C1 (ESC [ 2 J clears the screen,
# ESC ] 2 ; … BEL retitles the window), and bidi controls that turn text around.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2028\u2029]")


def shows_nothing_raw(*texts: str) -> None:
    for text in texts:
        found = RAW.search(text)
        assert found is None, f"{found.group()!r} reached the terminal: {text[:300]!r}"


def test_import_report_shows_the_cell_without_its_control_sequences(tmp_path):
    ok("unit", "add", "教务处")
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "问题描述,整改措施,责任单位,责任人,整改时限,\x1b]2;表头\x07\n"
        "清屏\x1b[2J之后,措施,教务处,张三,2010-10-01,x\n"
        "改标题\x1b]2;title\x07之后,措施,教务处\x1b[31m,李四,2010-10-01,x\n",
        encoding="utf-8",
    )
    for dry_run in ([], ["--dry-run"]):
        result = run("import", str(ledger), "--type", "items", *dry_run)
        assert result.code == 1
        shows_nothing_raw(result.out, result.err)
        assert "清屏\\x1b[2J之后" in result.out  # shown, made visible
        assert "改标题\\x1b]2;title\\x07之后" in result.out
    assert ok("rectify", "list", "--json").json() == []


@pytest.mark.parametrize(
    "args",
    [
        ["meeting", "list", "--kind", "\x1b]2;x\x07"],
        ["unit", "show", "\x1b[31m红"],
        ["\x1b[2J"],
        ["meeting", "list", "--knd\x1b[2J"],
        ["rectify", "list", "--unit", "不存在\u202e的单位"],
        ["meeting", "show", "1\x9b31m"],
    ],
)
def test_errors_quote_arguments_without_control_sequences(args):
    result = run(*args)
    assert result.code in (1, 2)
    shows_nothing_raw(result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1


def test_text_stored_before_the_rules_is_shown_made_visible(hermetic):
    # Rows written when these characters were still accepted, or by another program.
    ok("unit", "list")  # the database, made
    hermetic.execute(
        "INSERT INTO unit (name, kind, note, created_at) VALUES "
        "('旧单位\x1b[2J', 'other', '备注\u202e反了\x9b', '2010-09-01 00:00:00')"
    )
    listed = ok("unit", "list")
    shown = ok("unit", "show", "旧单位\x1b[2J")
    shows_nothing_raw(listed.out, listed.err, shown.out, shown.err)
    assert "旧单位\\x1b[2J" in listed.out and "备注<U+202E>反了\\x9b" in shown.out
    # JSON escapes them, so it is safe on a terminal too, and still gives the same text.
    raw = ok("unit", "list", "--json").out
    shows_nothing_raw(raw)
    assert json.loads(raw)[0]["note"] == "备注\u202e反了\x9b"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("学校工会\u200b", "单位名称含有不可见字符 U+200B"),
        ("学校\u202e工会", "单位名称含有文字方向控制字符 U+202E"),
        ("学校\u200f工会", "U+200F"),
        ("学校工会\u2028", "单位名称含有换行符 U+2028"),
        ("\ufeff学校工会", "U+FEFF"),
        ("学校\u00ad工会", "U+00AD"),
        ("学校\x85工会", "单位名称含有控制字符 U+0085"),
        ("学校\u2066工会\u2069", "U+2066"),
    ],
)
def test_single_line_fields_refuse_invisible_characters(name, expected):
    assert expected in fails("unit", "add", name)
    assert ok("unit", "list", "--json").json() == []


def test_the_operator_follows_the_same_rule():
    assert "操作人（--as 或 DANGQUN_USER）含有不可见字符 U+200B" in fails(
        "--as", "张\u200b三", "unit", "add", "学校工会"
    )
    assert "操作人（--as 或 DANGQUN_USER）含有控制字符 U+001B" in fails(
        "--as", "\x1b]2;张三\x07", "unit", "add", "学校工会"
    )
    ok("--as", "张三", "unit", "add", "学校工会")
    units = [e for e in ok("log", "--json").json() if e["record_type"] == "unit"]
    assert [e["actor"] for e in units] == ["张三"]


def test_multiline_fields_keep_lines_and_refuse_what_reorders_them():
    minutes = "一、开会\u2028二、讨论\u2029三、散会\t完\n家庭 👨\u200d👩\u200d👧 零宽\u200b空格"
    meeting = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06",
        "--minutes", minutes,
    ).id  # fmt: skip
    stored = ok("meeting", "show", str(meeting), "--json").json()["minutes"]
    assert stored == "一、开会\n二、讨论\n\n三、散会\t完\n家庭 👨\u200d👩\u200d👧 零宽\u200b空格"
    for bad, code in (("\u202e", "U+202E"), ("\x9b", "U+009B"), ("\x1b", "U+001B")):
        message = fails("meeting", "edit", str(meeting), "--minutes", f"正文{bad}正文")
        assert "会议纪要含有" in message and code in message


def test_names_that_only_look_different_are_one_name():
    ok("unit", "add", "ABC工会")
    message = fails("unit", "add", "ＡＢＣ工会")
    assert "与已有的单位“ABC工会”只是写法不同" in message
    assert ok("unit", "show", "ＡＢＣ工会", "--json").json()["name"] == "ABC工会"
    meeting = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06",
        "--unit", "ＡＢＣ工会",
    ).id  # fmt: skip
    assert ok("meeting", "show", str(meeting), "--json").json()["unit"] == "ABC工会"
    # A unit may be renamed to another spelling of its own name; names keep what was typed
    # (NFKC would also turn the full-width brackets of Chinese names into ASCII).
    ok("unit", "edit", "ABC工会", "--name", "ＡＢＣ工会（筹）")
    assert ok("unit", "show", "ABC工会(筹)", "--json").json()["name"] == "ＡＢＣ工会（筹）"
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["ＡＢＣ工会（筹）"]


def test_names_stored_before_still_match(hermetic):
    ok("unit", "list")  # the database, made
    hermetic.execute(
        "INSERT INTO unit (name, kind, created_at) VALUES "
        "('ＤＥＦ工会', 'other', '2010-09-01 00:00:00'), "
        "('学校工会\u200b', 'other', '2010-09-01 00:00:00'), "
        "('ＧＨ工会', 'other', '2010-09-01 00:00:00'), "
        "('GH\u200b工会', 'other', '2010-09-01 00:00:00')"
    )
    assert ok("unit", "show", "ＤＥＦ工会", "--json").json()["id"] == 1  # exactly
    assert ok("unit", "show", "DEF工会", "--json").json()["id"] == 1  # after NFKC
    assert ok("unit", "show", "学校工会", "--json").json()["id"] == 2  # less the zero-width
    assert ok("unit", "show", "学校工会\u200b", "--json").json()["id"] == 2
    assert "只是写法不同" in fails("unit", "add", "学校工会")
    assert "只是写法不同" in fails("unit", "add", "DEF工会")
    assert ok("unit", "show", "ＧＨ工会", "--json").json()["id"] == 3  # the exact one wins
    message = fails("unit", "show", "GH工会")
    assert "可以指 2 个写法相近的单位" in message and "编号 3" in message and "编号 4" in message


def test_import_finds_a_unit_by_another_spelling(tmp_path):
    ok("unit", "add", "ABC工会")
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "问题描述,责任单位,责任人,整改时限\n问题,ＡＢＣ工会,张三,2010-10-01\n", encoding="utf-8"
    )
    ok("import", str(ledger), "--type", "items")
    assert [r["unit"] for r in ok("rectify", "list", "--json").json()] == ["ABC工会"]
    assert len(ok("unit", "list", "--json").json()) == 1
