"""Shell completion: commands, enum words and the names of units in the database."""

from __future__ import annotations

import pytest

from tests.helpers import ok, run


def complete(monkeypatch, words: str) -> list[str]:
    monkeypatch.setenv("_DANGQUN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
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
