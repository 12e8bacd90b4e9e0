"""The error guard: usage errors and help in Chinese, one line, the right exit code."""

from __future__ import annotations

import re

import pytest

from tests.helpers import fails, ok, run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["会议"], "没有这个命令：会议"),
        (["meeting", "lst"], "没有这个命令：lst"),
        (["meeting", "list", "--knd", "joint"], "没有这个选项：--knd"),
        (["meeting", "show"], "缺少参数 会议编号"),
        (["meeting", "show", "abc"], "会议编号 的值无效：“abc”不是有效的整数"),
        (["meeting", "list", "--limit", "0"], "--limit 的值无效：“0”应在 1 到 100000 之间"),
        (["meeting", "list", "--limit", "99999999999999999999"], "--limit 的值无效"),
        (["meeting", "list", "--kind"], "选项 --kind 需要一个值"),
        (["meeting", "show", "1", "2"], "多余的参数：2"),
        (["opinion", "decline", "1"], "缺少选项 --reason"),
    ],
)
def test_usage_errors_are_one_chinese_line_with_exit_2(args, expected):
    message = fails(*args, code=2)
    assert expected in message
    assert "Error" not in message and "Usage" not in message


def test_help_is_chinese():
    english = re.compile(r"Usage:|Options|Commands|Arguments|Show this message|\[required\]")
    for args in (
        ["--help"],
        ["meeting", "--help"],
        ["meeting", "add", "--help"],
        ["log", "--help"],
    ):
        out = ok(*args).out
        assert not english.search(out), out
        assert "用法：" in out
    assert "必填" in ok("opinion", "decline", "--help").out


def test_bare_command_shows_help():
    result = run("meeting")
    assert result.code == 0
    assert "add" in result.out and "用法：" in result.out


def test_unexpected_failure_is_one_line_without_traceback(monkeypatch):
    from dangqun_cli.queries import units

    def broken(*_a, **_k):
        raise ZeroDivisionError

    monkeypatch.setattr(units, "list_units", broken)
    message = fails("unit", "list")
    assert "内部错误" in message and "DANGQUN_DEBUG=1" in message


def test_debug_shows_the_traceback(monkeypatch):
    from dangqun_cli.queries import units

    monkeypatch.setattr(units, "list_units", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        from dangqun_cli.cli.app import main

        main(["--debug", "unit", "list"])


def test_version():
    assert ok("--version").out.startswith("dangqun ")


def test_unreadable_database_is_a_clear_error(tmp_path):
    folder = tmp_path / "不是文件"
    folder.mkdir()
    message = fails("--db", str(folder), "unit", "list")
    assert "数据库" in message


ITEM = ["--unit", "学校工会", "--owner", "王", "--ongoing"]
MISSING = {
    "unit": "没有编号为 9 的单位（用 dangqun unit list 查看已有单位）",
    "meeting": "没有编号为 9 的会议（用 dangqun meeting list 查看会议编号）",
    "opinion": "没有编号为 9 的意见（用 dangqun opinion list 查看意见编号）",
    "item": "没有编号为 9 的整改事项（用 dangqun rectify list 查看整改事项编号）",
    "summary": "没有编号为 9 的工作总结（用 dangqun summary list 查看工作总结编号）",
    "rule": "没有编号为 9 的制度要求（用 dangqun rule list 查看编号）",
}


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("unit", ["unit", "show", "9"]),
        ("meeting", ["meeting", "show", "9"]),
        ("meeting", ["meeting", "edit", "9", "--title", "x"]),
        ("meeting", ["opinion", "add", "x", "--meeting", "9"]),
        ("opinion", ["opinion", "show", "9"]),
        ("opinion", ["opinion", "reply", "9", "x"]),
        ("opinion", ["rectify", "add", "--problem", "x", "--from-opinion", "9", *ITEM]),
        ("item", ["rectify", "show", "9"]),
        ("item", ["rectify", "note", "9", "x"]),
        ("summary", ["summary", "show", "9"]),
        ("summary", ["summary", "finalize", "9"]),
        ("rule", ["rule", "remove", "9", "--yes"]),
    ],
)
def test_a_missing_record_is_named_alike_by_reads_and_writes(kind, args):
    """One rule for "no such record" (records.py): the read side and every write say the
    same line for a kind, with the same way to find the right number."""
    ok("unit", "add", "学校工会")
    assert fails(*args) == f"错误：{MISSING[kind]}"
