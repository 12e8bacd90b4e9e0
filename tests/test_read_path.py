"""The read path (issue 17): every read a secretary waits for runs, on SQLite, on the
standard library's sqlite3 — SQLAlchemy (and pydantic, through SQLModel) is never imported —
and a row read that way is the row SQLAlchemy reads, on both databases."""

from __future__ import annotations

import os

import pytest

from tests.helpers import ok, run_in_fresh_process

READS = [
    ("meeting", "list"),
    ("meeting", "show", "1"),
    ("rectify", "list"),
    ("rectify", "list", "--all", "--unit", "学校工会", "--search", "师"),
    ("rectify", "show", "1"),
    ("opinion", "list"),
    ("opinion", "show", "1"),
    ("unit", "list"),
    ("unit", "show", "学校工会"),
    ("status",),
    ("status", "--json"),
    ("check", "2010Q3"),
    ("summary", "generate", "2010Q3"),
    ("summary", "generate", "2010Q3", "--json"),
    ("summary", "generate", "2010Q3", "--unit", "桃花山镇小学", "--json"),
    ("summary", "list"),
    ("log",),
    ("log", "--record", "整改事项:1"),
    ("config", "list"),
    ("rule", "list"),
    ("meeting", "template", "list"),
    ("meeting", "template", "show", "支委会"),
    ("calendar", "--output", "-"),
]
DATABASE_LAYER = ["sqlalchemy", "pydantic", "sqlmodel", "alembic"]


@pytest.mark.sqlite_only("the standard library's sqlite3 is the SQLite read path")
@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_a_read_on_sqlite_loads_no_database_layer(examples, argv):
    done = run_in_fresh_process(argv, dict(os.environ), DATABASE_LAYER)
    assert "LOADED []" in done.stderr.splitlines(), done.stderr
    assert done.stdout.strip()  # it did read, and showed what it read
    ok(*argv)


@pytest.mark.sqlite_only("the standard library's sqlite3 is the SQLite read path")
def test_completing_a_unit_name_loads_no_database_layer(examples):
    env = dict(os.environ)
    env |= {"_DANGQUN_COMPLETE": "complete_bash", "COMP_WORDS": "dangqun rectify list --unit 学"}
    env["COMP_CWORD"] = "4"
    done = run_in_fresh_process([], env, DATABASE_LAYER)
    assert "学校工会" in done.stdout.split()
    assert "LOADED []" in done.stderr.splitlines(), done.stderr


def test_every_table_reads_the_same_through_both_executors(examples):
    """Each table of the examples, read whole as plain SQL (sqlite3 on SQLite) and through
    SQLAlchemy's typed views: the same rows, the same Python types (dates, times, moments)."""
    import sqlalchemy as sa

    from dangqun_cli import config, tables
    from dangqun_cli.database.reader import open_reader
    from dangqun_cli.database.transactions import read_connection

    url = config.to_url(config.db_target(None))
    with open_reader(url) as plain, read_connection(url) as core:
        for name, (table, columns) in tables.TABLES.items():
            # By the ids (attachment_blob has none: by its key, the first column).
            order = ", ".join(c for c in columns if c.endswith("id")) or next(iter(columns))
            view = getattr(tables, name)
            expected = core.execute(sa.select(view).order_by(sa.text(order))).all()
            got = plain.rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            assert [tuple(r) for r in got] == [tuple(r) for r in expected], table
            assert [[type(v) for v in r] for r in got] == [
                [type(v) for v in r] for r in expected
            ], table
        assert any(plain.rows("SELECT due FROM rectification_item WHERE due IS NOT NULL"))


@pytest.mark.no_database
@pytest.mark.parametrize(
    "path", ["/tmp/a.db", "rel/ative.db", "/tmp/空 格/党群.db", "/tmp/x:y.db", "C:/Users/a.db"]
)
def test_a_plain_sqlite_address_names_the_file_sqlalchemy_names(path):
    from dangqun_cli.database.addresses import plain_sqlite_path, sqlite_path

    url = f"sqlite:///{path}"
    assert plain_sqlite_path(url) == sqlite_path(url)


@pytest.mark.no_database
@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///a.db?mode=ro", "sqlite:///a%20b.db"]
)
def test_other_sqlite_addresses_take_the_full_path(url):
    from dangqun_cli.database.addresses import plain_sqlite_path

    assert plain_sqlite_path(url) is None


def test_ids_written_into_the_sql_are_numbers_only():
    """Export and the calendar write long id lists into the SQL (a named parameter each
    would cost SQLite n² to bind): only integers get in, and no ids match nothing."""
    from dangqun_cli.database.reader import ids_in

    assert ids_in([3, 7, 12]) == "(3,7,12)"
    assert ids_in([]) == "(NULL)"
    with pytest.raises(ValueError):
        ids_in(["1) OR (1=1"])


@pytest.mark.sqlite_only("a write on SQLite needs no other database's dialect")
def test_a_write_on_sqlite_loads_no_postgresql_dialect(examples):
    """Writes go through SQLModel, but on SQLite they load SQLAlchemy's SQLite dialect only
    (PostgreSQL's costs ~40 ms of every command's start)."""
    argv = ["rectify", "note", "1", "公示栏已更新"]
    done = run_in_fresh_process(argv, dict(os.environ), ["sqlalchemy"])
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy.dialects.sqlite'" in loaded  # it did write, through SQLAlchemy
    assert "sqlalchemy.dialects.postgresql" not in loaded
