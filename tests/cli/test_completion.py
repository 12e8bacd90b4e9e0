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
    words = complete(monkeypatch, "dangqun meeting list --unit 桃")
    assert words == ["桃花山镇小学", "桃花山镇小学党支部"]


def test_enum_words_complete(monkeypatch):
    words = complete(monkeypatch, "dangqun meeting add --kind ")
    assert "座谈会" in words and "symposium" in words
    assert complete(monkeypatch, "dangqun opinion list --state 已") == ["已转整改", "已答复"]
