"""Files that are not ours: a read never writes. Another program's database is refused
as it is; a file written by ``db backup`` is read as it is and never changed; ``db
restore`` takes nothing into the database that dangqun's migrations did not make."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from dangqun_cli.database.sqlite_files import BACKUP_MARK, mark_as_backup
from tests.helpers import fails, ok


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def journal_mode(path: Path) -> str:
    """From the file's header (bytes 18 and 19 are 2 in WAL mode): reading it changes nothing."""
    return "wal" if path.read_bytes()[18:20] == b"\x02\x02" else "delete"


def application_id(path: Path) -> int:
    uri = f"{path.resolve().as_uri()}?immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return conn.execute("PRAGMA application_id").fetchone()[0]


def firefox_places(path: Path, mode: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA journal_mode={mode}")
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.executemany(
            "INSERT INTO moz_places (url) VALUES (?)",
            [(f"https://example.org/{i}",) for i in range(5)],
        )
        conn.commit()


@pytest.mark.no_database  # the foreign file is SQLite whatever the backend
@pytest.mark.parametrize("mode", ["delete", "wal"])
@pytest.mark.parametrize(
    "command", [["unit", "list"], ["unit", "add", "学校工会"], ["db", "upgrade"]], ids=" ".join
)
def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path, mode, command):
    places = tmp_path / "places.sqlite"
    firefox_places(places, mode)
    before = places.read_bytes()
    line = fails("--db", str(places), *command)
    assert f"{places} 不是 dangqun 的数据库（请检查 --db）" in line
    assert places.read_bytes() == before
    assert files_beside(places) == ["places.sqlite"]  # no -wal, -shm or journal
    assert journal_mode(places) == mode


@pytest.mark.postgresql_only("另一个程序的 PostgreSQL 数据库")
def test_another_programs_postgresql_database_is_refused_unchanged(new_database):
    other = new_database("other")
    other.execute("CREATE TABLE moz_places (id integer PRIMARY KEY, url text)")
    for command in (["unit", "list"], ["unit", "add", "学校工会"]):
        assert "不是 dangqun 的数据库" in fails("--db", str(other), *command)
    assert other.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 1


@pytest.mark.no_database
def test_an_empty_file_or_a_new_path_becomes_a_new_database(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    ok("--db", str(empty), "unit", "add", "学校工会")
    ok("--db", str(tmp_path / "new.db"), "unit", "add", "学校工会")
    for path in (empty, tmp_path / "new.db"):
        names = ok("--db", str(path), "unit", "list", "--json").json()
        assert [u["name"] for u in names] == ["学校工会"]


def test_a_backup_opened_with_db_is_read_and_never_changed(hermetic, tmp_path):
    ok("unit", "add", "学校工会")
    copy = tmp_path / "backup.db"
    ok("db", "backup", str(copy))
    assert application_id(copy) == BACKUP_MARK
    before = copy.read_bytes()
    units = ok("--db", str(copy), "unit", "list", "--json").json()
    assert [u["name"] for u in units] == ["学校工会"]
    ok("--db", str(copy), "log", "verify")
    for command in (["unit", "add", "教务处"], ["db", "upgrade"], ["db", "restore", str(copy)]):
        line = fails("--db", str(copy), *command)
        assert "是一份备份，不能在上面修改（请用 dangqun db restore 恢复后再修改）" in line
    # A backup of the backup is a backup too (and the backup is still untouched).
    ok("--db", str(copy), "db", "backup", str(tmp_path / "again.db"))
    assert application_id(tmp_path / "again.db") == BACKUP_MARK
    assert copy.read_bytes() == before
    assert files_beside(copy) == ["backup.db"]
    assert journal_mode(copy) == "delete"


def test_an_older_backup_is_refused_with_the_way_to_restore_it(hermetic, tmp_path):
    from tests.test_migrations import fill_at_the_oldest_revision

    fill_at_the_oldest_revision(hermetic)
    copy = tmp_path / "old-backup.db"
    ok("db", "backup", str(copy))
    before = copy.read_bytes()
    for command in (["unit", "list"], ["unit", "add", "教务处"]):
        line = fails("--db", str(copy), *command)
        assert line == f"错误：{copy} 是一份较早版本的备份（请用 dangqun db restore 恢复后再查看）"
    assert copy.read_bytes() == before
    assert files_beside(copy) == ["old-backup.db"]  # no .bak of a migration either


def test_a_restored_database_is_no_longer_a_backup(hermetic, tmp_path, new_database):
    ok("unit", "add", "学校工会")
    ok("db", "backup", str(tmp_path / "b.db"))
    laptop = tmp_path / "laptop.db"
    ok("--db", str(laptop), "db", "restore", str(tmp_path / "b.db"))
    assert application_id(laptop) == 0
    ok("--db", str(laptop), "unit", "add", "教务处")
    server = new_database()
    ok("--db", str(server), "db", "restore", str(tmp_path / "b.db"))
    ok("--db", str(server), "unit", "add", "教务处")
    assert application_id(tmp_path / "b.db") == BACKUP_MARK  # the backup itself is as it was


ADDITIONS = {
    "trigger": (
        "CREATE TRIGGER rewrite AFTER INSERT ON audit_entry "
        "BEGIN UPDATE audit_entry SET actor = '别人' WHERE id = NEW.id; END",
        "触发器“rewrite”",
    ),
    "view": ("CREATE VIEW people AS SELECT name FROM unit", "视图“people”"),
    "table": ("CREATE TABLE hidden (secret TEXT)", "表“hidden”"),
}


@pytest.mark.parametrize("kind", ADDITIONS)
def test_restore_refuses_a_backup_with_anything_the_migrations_did_not_make(
    hermetic, tmp_path, kind
):
    ok("unit", "add", "学校工会")
    copy = tmp_path / "b.db"
    ok("db", "backup", str(copy))
    sql, named = ADDITIONS[kind]
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute(sql)
        conn.commit()
    ok("unit", "add", "教务处")
    before = hermetic.dump()
    line = fails("db", "restore", str(copy), "--yes")
    assert f"{copy} 里有 dangqun 之外的{named}，不能恢复" in line
    assert hermetic.dump() == before


def test_restore_refuses_a_trigger_rewritten_under_a_name_of_ours(hermetic, tmp_path, monkeypatch):
    """Were a migration to make a trigger, one of the same name doing something else
    would be refused too: triggers and views are compared by their SQL."""
    from dangqun_cli import backups

    ok("unit", "add", "学校工会")
    copy = tmp_path / "b.db"
    ok("db", "backup", str(copy))
    ours = "CREATE TRIGGER keep AFTER INSERT ON unit BEGIN SELECT 1; END"
    real = backups._schema_at

    def with_our_trigger(rev, folder):
        return {**real(rev, folder), ("trigger", "keep"): ours}

    monkeypatch.setattr(backups, "_schema_at", with_our_trigger)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("CREATE TRIGGER keep AFTER INSERT ON unit BEGIN DELETE FROM unit; END")
        conn.commit()
    assert "触发器“keep”" in fails("db", "restore", str(copy), "--yes")


@pytest.mark.no_database
def test_a_path_of_a_user_who_does_not_exist_is_a_clean_refusal():
    line = fails("--db", "~nouser/x.db", "unit", "list")
    assert "没有名为 nouser 的用户" in line
    assert "没有名为 nouser 的用户" in fails("db", "restore", "~nouser/b.db")


def test_a_directory_where_the_backup_would_keep_its_temporary_file(hermetic, tmp_path):
    ok("unit", "add", "学校工会")
    (tmp_path / ".b.db.part").mkdir()
    ok("db", "backup", str(tmp_path / "b.db"))
    assert (tmp_path / ".b.db.part").is_dir()
    assert [u["name"] for u in ok("--db", str(tmp_path / "b.db"), "unit", "list", "--json").json()]


def _as_an_earlier_dangqun_made_it(backup: Path) -> None:
    """Backups made before backups were marked: the same file without the mark."""
    with closing(sqlite3.connect(backup)) as conn:
        mark_as_backup(conn, False)


def test_a_backup_made_before_the_mark_is_still_never_changed(hermetic, tmp_path):
    ok("unit", "add", "学校工会")
    copy = tmp_path / "backup.db"
    ok("db", "backup", str(copy))
    _as_an_earlier_dangqun_made_it(copy)
    before = copy.read_bytes()
    units = ok("--db", str(copy), "unit", "list", "--json").json()
    assert [u["name"] for u in units] == ["学校工会"]
    assert "是一份备份" in fails("--db", str(copy), "unit", "add", "教务处")
    assert copy.read_bytes() == before
    assert files_beside(copy) == ["backup.db"] and journal_mode(copy) == "delete"


def test_an_older_backup_made_before_the_mark_is_not_migrated_in_place(hermetic, tmp_path):
    from tests.test_migrations import fill_at_the_oldest_revision

    fill_at_the_oldest_revision(hermetic)
    copy = tmp_path / "old-backup.db"
    ok("db", "backup", str(copy))
    _as_an_earlier_dangqun_made_it(copy)
    before = copy.read_bytes()
    assert "是一份较早版本的备份" in fails("--db", str(copy), "unit", "list")
    assert copy.read_bytes() == before
    assert files_beside(copy) == ["old-backup.db"]  # no .bak of a migration either
    ok("db", "restore", str(copy), "--yes")  # the way it can be read
