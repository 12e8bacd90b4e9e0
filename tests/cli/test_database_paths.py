"""Where the database is: a read never makes one, a write to a new path says so, and the
default database still needs no set-up (issue 16: a typo in --db showed an empty ledger)."""

from __future__ import annotations

import os
import stat

import pytest

from tests.helpers import fails, ok, run

pytestmark = pytest.mark.no_database  # files of the tests' own, whatever the backend


@pytest.fixture
def here(tmp_path):
    """An empty folder of the test's own (tmp_path holds the suite's database and config)."""
    folder = tmp_path / "here"
    folder.mkdir()
    return folder


READS = [
    ("meeting", "list"),
    ("meeting", "show", "1"),
    ("rectify", "list"),
    ("opinion", "list"),
    ("unit", "list"),
    ("status",),
    ("check", "2010Q3"),
    ("summary", "generate", "2010Q3"),
    ("log",),
    ("log", "verify"),
    ("summary", "show", "1"),
    ("export", "items", "--format", "csv", "--output", "-"),
    ("db", "backup", "b.db"),
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_read_of_a_missing_database_is_refused_and_makes_nothing(here, args, monkeypatch):
    monkeypatch.chdir(here)
    typo = here / "dangqun-typo.db"
    line = fails("--db", str(typo), *args)
    assert str(typo) in line and "--db" in line and "DANGQUN_DB" in line
    assert "db upgrade" in line
    assert list(here.iterdir()) == []


def test_a_missing_database_in_dangqun_db_is_refused_without_making_folders(here, monkeypatch):
    missing = here / "no" / "such" / "folder" / "dangqun.db"
    monkeypatch.setenv("DANGQUN_DB", str(missing))
    line = fails("rectify", "list")
    assert str(missing) in line
    assert list(here.iterdir()) == []


def test_a_write_to_a_new_path_makes_it_and_says_so(here):
    new = here / "新台账.db"
    first = ok("--db", str(new), "unit", "add", "学校工会")
    assert f"已新建数据库 {new}" in first.err
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o600
    second = ok("--db", str(new), "unit", "add", "教务处")
    assert "已新建" not in second.err
    assert len(ok("--db", str(new), "unit", "list", "--json").json()) == 2
    upgraded = here / "升级.db"
    assert f"已新建数据库 {upgraded}" in ok("--db", str(upgraded), "db", "upgrade").err
    assert ok("--db", str(upgraded), "meeting", "list", "--json").json() == []


def test_a_write_into_a_missing_folder_is_refused(here, monkeypatch):
    missing = here / "typo-folder" / "dangqun.db"
    line = fails("--db", str(missing), "unit", "add", "学校工会")
    assert str(here / "typo-folder") in line and "文件夹" in line
    monkeypatch.setenv("DANGQUN_DB", str(missing))
    fails("db", "upgrade")
    assert list(here.iterdir()) == []


def test_the_default_database_needs_no_set_up(tmp_path, monkeypatch):
    monkeypatch.delenv("DANGQUN_DB")
    assert ok("meeting", "list", "--json").json() == []
    assert (tmp_path / "config" / "dangqun" / "dangqun.db").is_file()


def _complete(monkeypatch, words: str) -> list[str]:
    monkeypatch.setenv("_DANGQUN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split())))
    result = run()
    assert result.code == 0, result.err
    return result.out.split()


def test_completion_never_makes_a_database(here, tmp_path, monkeypatch):
    typo = here / "typo.db"
    assert _complete(monkeypatch, f"dangqun --db {typo} meeting list --unit ") == []
    monkeypatch.setenv("DANGQUN_DB", str(here / "folder" / "x.db"))
    assert _complete(monkeypatch, "dangqun meeting list --unit ") == []
    assert list(here.iterdir()) == []
    monkeypatch.delenv("DANGQUN_DB")  # not even the default one
    assert _complete(monkeypatch, "dangqun meeting list --unit ") == []
    assert not (tmp_path / "config").exists()
