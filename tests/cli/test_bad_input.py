"""Bad input found by a sweep of every command: one Chinese line, exit 1 or 2, nothing written."""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import fails, ok, run


@pytest.fixture
def seeded():
    ok("unit", "add", "学校工会")
    ok("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    ok("opinion", "add", "意见", "--meeting", "1")


def everything() -> list:
    return ok("log", "--json", "--all").json()


GBK = "学校工会".encode("gbk").decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["unit", "show", "99999999999999999999"], "没有编号为 99999999999999999999 的单位"),
        (["unit", "show", "²"], "没有名为“²”的单位"),
        (["log", "--record", "meeting:99999999999999999999"], "无法识别的记录"),
        (["log", "--record", "meeting:²"], "无法识别的记录"),
        (["log", "--record", ""], "无法识别的记录"),
        (["unit", "add", GBK], "不是 UTF-8"),
        (["meeting", "list", "--search", "字" * 201], "搜索文字过长"),
        (["meeting", "list", "--search", ""], "搜索文字不能为空"),
        (["meeting", "list", "--kind", ""], "会议类型不能为空"),
        (["meeting", "list", "--period", ""], "不能为空"),
        (["opinion", "list", "--state", ""], "意见状态不能为空"),
        (["unit", "add", "新单位", "--kind", ""], "单位类型不能为空"),
        (["opinion", "reply", "1", "好", "--date", ""], "不能为空"),
        (["log", "--since", ""], "不能为空"),
        (["--as", "\x1b[2J坏人", "unit", "add", "X"], "操作人"),
        (["--as", "某" * 101, "unit", "add", "X"], "操作人"),
        (["--db", "", "unit", "list"], "--db 的值不能为空"),
        (["--db", "mysql://x/y", "unit", "list"], "不支持的数据库：mysql"),
        (["--db", "foo://x", "unit", "list"], "不支持的数据库"),
        (
            ["--db", "postgresql+psycopg://u:secret@127.0.0.1:notaport/db", "unit", "list"],
            "无法识别的数据库地址",
        ),
        (["unit", "add", "\u202e\u202e"], "单位名称不能为空"),
        (["unit", "add", "甲\u202e乙"], "控制字符"),
        (["meeting", "template", "show", "²"], "没有名为“²”的会议模板"),
        (["meeting", "template", "add", "\u202e", "--kind", "党课"], "模板名称不能为空"),
        (["meeting", "template", "add", "甲\u202e乙", "--kind", "党课"], "控制字符"),
        (["meeting", "add", "--template", "", "--date", "2010-09-06"], "模板名称不能为空"),
        (["rectify", "recheck", "99999999999999999999", "--result", "好"], "没有编号为"),
        (["rectify", "recheck", "1", "--result", "好"], "没有编号为 1 的整改事项"),
        (["config", "set", "recheck.days", "\u202e"], "回头看天数不能为空"),
        (["config", "set", "recheck.days", "９０\u202e"], "控制字符"),
        (["unit", "delete", "²", "--yes"], "²"),
        (["meeting", "delete", "0", "--yes"], "没有编号为 0 的会议"),
        (["--as", "没做过事的人", "undo", "--yes"], "没做过事的人 还没有改动过任何记录"),
        (
            ["rectify", "attach", "99999999999999999999", __file__],
            "没有编号为 99999999999999999999",
        ),
        (["rectify", "attachment", "save", "999", "--output", "x"], "没有编号为 999 的附件"),
        (["rectify", "attachment", "list", "7"], "没有编号为 7 的整改事项"),
    ],
)
def test_refused_with_one_chinese_line(seeded, args, expected):
    before = everything()
    message = fails(*args)
    assert expected in message
    assert "secret" not in message
    assert everything() == before


def test_password_never_shown(monkeypatch):
    monkeypatch.setenv("DANGQUN_DB", "postgresql+psycopg://u@127.0.0.1:1/db?password=secret")
    assert "secret" not in ok("db", "path").out


def test_database_path_that_is_no_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    for args in (["unit", "list"], ["db", "upgrade"]):
        message = fails("--db", str(junk), *args)
        assert "不是 dangqun 的数据库文件" in message
    message = fails("--db", str(tmp_path), "unit", "list")
    assert "数据库" in message and "unable" not in message


def test_files_and_editors(seeded, tmp_path, monkeypatch):
    folder = tmp_path / "目录"
    folder.mkdir()
    message = fails("meeting", "edit", "1", "--minutes-file", str(folder))
    assert "是一个目录" in message
    gbk = "会议纪要".encode("gbk")
    result = run("meeting", "edit", "1", "--minutes-file", "-", input=gbk)  # type: ignore[arg-type]
    assert result.code == 1 and "不是 UTF-8" in result.err
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    monkeypatch.delenv("VISUAL", raising=False)
    message = fails("meeting", "minutes", "1")
    assert "找不到编辑器" in message
    script = tmp_path / "gbk_editor.py"
    script.write_text(
        "import sys\nopen(sys.argv[1], 'wb').write('纪要'.encode('gbk'))\n", encoding="utf-8"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert "不是 UTF-8" in fails("meeting", "minutes", "1")


def test_meeting_edit_clears_with_an_empty_value():
    ok(
        "meeting",
        "add",
        "--kind",
        "联席会议",
        "--title",
        "t",
        "--date",
        "2010-09-06 15:00",
        "--end",
        "17:00",
        "--decision",
        "决议一",
        "--attendee",
        "甲",
    )
    ok("meeting", "edit", "1", "--end", "17:30")
    assert ok("meeting", "show", "1", "--json").json()["end"] == "2010-09-06T17:30:00"
    ok("meeting", "edit", "1", "--end", "", "--decision", "", "--attendee", "")
    data = ok("meeting", "show", "1", "--json").json()
    assert (data["end"], data["decisions"], data["attendees"]) == (None, [], [])


def test_today_outside_the_calendar_is_refused(monkeypatch):
    monkeypatch.setenv("DANGQUN_TODAY", "9999-12-31")
    assert "DANGQUN_TODAY" in fails("opinion", "add", "x", "--source", "信")
    monkeypatch.setenv("DANGQUN_TODAY", "0001-01-01")
    assert "DANGQUN_TODAY" in fails("opinion", "add", "x", "--source", "信")


def test_long_input_is_not_echoed_whole():
    message = fails("meeting", "list", "--kind", "会" * 40_000)
    assert len(message) < 300
