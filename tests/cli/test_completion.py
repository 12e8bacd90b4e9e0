"""Shell completion: commands, enum words and the names of units in the database."""

from __future__ import annotations

import re

import pytest

from tests.helpers import fails, ok, run


def bash_asks(words: str) -> dict[str, str]:
    """What bash sets when Tab is pressed after ``words``."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_DANGQUN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


def complete(monkeypatch, words: str) -> list[str]:
    for name, value in bash_asks(words).items():
        monkeypatch.setenv(name, value)
    result = run()
    assert result.code == 0, result.err
    return result.out.split()


@pytest.fixture
def units():
    ok("unit", "add", "桃花山镇小学")
    ok("unit", "add", "桃花山镇小学党支部")
    ok("unit", "add", "学校工会")


def test_commands_complete(monkeypatch):
    assert {"meeting", "opinion"} <= set(complete(monkeypatch, "dangqun "))
    assert "minutes" in complete(monkeypatch, "dangqun meeting m")


def test_unit_names_complete(monkeypatch, units):
    ok("unit", "add", "Écoles联盟")
    ok("unit", "add", "Alliance团委")
    words = complete(monkeypatch, "dangqun meeting list --unit 桃")
    assert words == ["桃花山镇小学", "桃花山镇小学党支部"]
    # The shell shows names that begin with the letters as typed, in either database.
    assert complete(monkeypatch, "dangqun meeting list --unit All") == ["Alliance团委"]
    assert complete(monkeypatch, "dangqun meeting list --unit Éc") == ["Écoles联盟"]
    assert complete(monkeypatch, "dangqun meeting list --unit éc") == []


def test_only_names_the_shell_will_show_are_fetched(monkeypatch, units):
    from dangqun_cli.queries import units as queries

    for name in ("ALLIANCE一", "ALLIANCE二", "Alliance团委"):
        ok("unit", "add", name)
    monkeypatch.setattr(queries, "COMPLETION_MAX", 2)
    assert complete(monkeypatch, "dangqun meeting list --unit All") == ["Alliance团委"]


def test_enum_words_complete(monkeypatch):
    words = complete(monkeypatch, "dangqun meeting add --kind ")
    assert "座谈会" in words and "symposium" in words
    assert complete(monkeypatch, "dangqun opinion list --state 已") == ["已转整改", "已答复"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dangqun rectify list --state ", {"待整改", "open", "逾期", "overdue", "全部", "all"}),
        ("dangqun rule add --per ", {"每月", "month", "每季度", "quarter", "year"}),
        ("dangqun export ", {"items", "整改台账", "meetings", "opinions", "all", "整本台账"}),
        ("dangqun export items --format ", {"csv", "xlsx", "json"}),
        ("dangqun export items --state 已", {"已销号", "已答复"}),
        ("dangqun export meetings --kind 座", {"座谈会"}),
        ("dangqun import 台账.csv --type ", {"items", "意见建议"}),
        ("dangqun summary export 1 --format ", {"md", "docx"}),
        ("dangqun meeting export 1 --format d", {"docx"}),
        ("dangqun summary generate 上", {"上季度", "上月"}),
        ("dangqun check 本", {"本季度", "本月"}),
        ("dangqun meeting list --period 今", {"今年"}),
        ("dangqun log --record 整", {"整改事项:"}),
        ("dangqun log --record ", {"会议:", "meeting:", "item:", "单位:"}),
    ],
)
def test_every_closed_set_of_words_completes(monkeypatch, words, expected):
    got = set(complete(monkeypatch, words))
    assert expected <= got, got
    typed = words.rsplit(" ", 1)[1]
    assert all(w.startswith(typed) for w in got), got


def test_offered_periods_all_parse():
    from dangqun_cli import dates

    for word in dates.PERIOD_WORDS:
        dates.parse_period(word)


@pytest.mark.no_database
def test_completion_is_installed_in_chinese(monkeypatch, tmp_path):
    import shellingham

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    result = ok("--install-completion")
    assert "已为 bash 安装命令补全" in result.err and "重新打开终端后生效" in result.err
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", result.err.replace(str(tmp_path), "")), result
    assert "_DANGQUN_COMPLETE" in "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    script = ok("--show-completion").out
    assert "_DANGQUN_COMPLETE" in script


@pytest.mark.no_database
def test_an_unknown_shell_is_refused_in_chinese(monkeypatch):
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("tcsh", "/bin/tcsh"))
    message = fails("--install-completion")
    assert "tcsh" in message and "不支持" in message


def test_completing_loads_only_the_sub_app_the_words_name(units):
    """The shell's words name the sub-app: only its module is loaded (each tab pays for
    the start); a word still being typed loads them all, as the names must be offered."""
    import os

    from tests.helpers import run_in_fresh_process

    def loaded(words: str) -> tuple[list[str], set[str]]:
        done = run_in_fresh_process([], dict(os.environ) | bash_asks(words), ["dangqun_cli"])
        modules = set(re.findall(r"'(dangqun_cli\.cli\.\w+)'", done.stderr.splitlines()[-1]))
        return done.stdout.split(), modules

    offered, modules = loaded("dangqun --as 王书记 rectify list --unit 学")
    assert offered == ["学校工会"]
    assert "dangqun_cli.cli.rectify" in modules
    assert not modules & {"dangqun_cli.cli.meeting", "dangqun_cli.cli.opinion"}
    offered, modules = loaded("dangqun re")
    assert "rectify" in offered
    assert {"dangqun_cli.cli.meeting", "dangqun_cli.cli.rectify"} <= modules
