"""Prompts check each answer as it is given; the editor is a plain one when none is set,
and an empty buffer changes nothing (issue 16)."""

from __future__ import annotations

import sys

import pytest

from tests.helpers import fails, ok, run


@pytest.fixture
def in_a_terminal(monkeypatch):
    from dangqun_cli.cli import meeting

    monkeypatch.setattr(meeting, "interactive", lambda: True)


def test_a_bad_answer_is_refused_at_once_and_asked_again(in_a_terminal):
    answers = "茶话会\n座谈会\n   \n教师座谈会\n2010年2月30日\n2010年9月6日下午3点\n"
    result = ok("meeting", "add", input=answers)
    assert "无法识别的会议类型" in result.err
    assert "会议主题不能为空" in result.err
    assert "2月没有30日" in result.err
    assert result.out.count("会议类型") == 2 and result.out.count("会议时间") == 2
    rows = ok("meeting", "list", "--json").json()
    assert [(r["kind"], r["title"], r["date"]) for r in rows] == [
        ("symposium", "教师座谈会", "2010-09-06T15:00:00")
    ]


def test_ctrl_d_at_a_prompt_is_the_clean_message(in_a_terminal):
    result = run("meeting", "add", input="茶话会\n")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.strip().splitlines()[-1] == "错误：已取消输入，未做任何修改"
    assert ok("meeting", "list", "--json").json() == []


@pytest.fixture
def meeting_with_minutes():
    return ok(
        *["meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06"],
        *["--minutes", "原来的纪要"],
    ).id


def _script(folder, name: str, body: str):
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_an_empty_buffer_keeps_the_minutes(meeting_with_minutes, tmp_path, monkeypatch):
    editor = _script(tmp_path, "blank.py", "open(sys.argv[1], 'w').write('  \\n\\n')")
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    assert "内容是空的" in fails("meeting", "minutes", meeting_with_minutes)
    shown = ok("meeting", "show", meeting_with_minutes, "--json").json()
    assert shown["minutes"] == "原来的纪要"
    entries = ok("log", "--json").json()
    assert [e["action"] for e in entries if e["record_type"] == "meeting"] == ["create"]


def test_without_editor_a_plain_one_is_used_and_named(meeting_with_minutes, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    called = tmp_path / "called"
    for surprise in ("editor", "vi", "vim"):  # never these
        _script(bin_dir, surprise, f"open({str(called)!r}, 'a').write({surprise!r})")
    _script(bin_dir, "nano", "open(sys.argv[1], 'w', encoding='utf-8').write('nano 写的纪要')")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = ok("meeting", "minutes", meeting_with_minutes)
    assert "nano" in result.err and not called.exists()
    shown = ok("meeting", "show", meeting_with_minutes, "--json").json()
    assert shown["minutes"] == "nano 写的纪要"
    (bin_dir / "nano").unlink()
    line = fails("meeting", "minutes", meeting_with_minutes)
    assert "nano" in line and "EDITOR" in line and not called.exists()


@pytest.mark.parametrize("body", ["pass", "open(sys.argv[1], 'a').write('\\n')"])
def test_an_editor_session_that_changes_nothing_says_so(
    meeting_with_minutes, tmp_path, monkeypatch, body
):
    """Closed without saving, or saved as it was: 没有改动 (exit 1), as every other edit."""
    editor = _script(tmp_path, "same.py", body)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    sid = ok("summary", "generate", "2010Q3", "--save").id
    entries = len(ok("log", "--all", "--json").json())
    assert fails("meeting", "minutes", meeting_with_minutes).startswith("错误：没有改动")
    assert fails("summary", "edit", sid).startswith("错误：没有改动")
    assert len(ok("log", "--all", "--json").json()) == entries
