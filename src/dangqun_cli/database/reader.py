"""Reads in plain SQL: one SQL text, with named parameters (``:name``), for both databases.

On SQLite the standard library's ``sqlite3`` runs it, so that a list or a report never
imports SQLAlchemy (whose import costs more than all the rest of such a command). On
PostgreSQL, and when a SQLite file must first be made or migrated, SQLAlchemy's ``text()``
runs the same text on a Core connection. Either way the rows come back alike: tuples whose
fields are also read by name (``row.due``), with dates, times and moments as Python objects,
known by the column's name (:data:`dangqun_cli.tables.KINDS`), and parameters are passed
the way SQLAlchemy stores them, so that a comparison with a stored date is a comparison of
like with like.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import namedtuple
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dangqun_cli.tables import DATE, KINDS, MOMENT, TIME

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_PARSE = {
    DATE: dt.date.fromisoformat,
    TIME: dt.time.fromisoformat,
    MOMENT: dt.datetime.fromisoformat,
}


@cache
def _shape(names: tuple[str, ...]):
    """The row type for these result columns, and the parsers of its dated columns."""
    row = namedtuple("Row", names, rename=True)
    parsers = tuple((i, _PARSE[KINDS[n]]) for i, n in enumerate(names) if n in KINDS)
    return row, parsers


def _rows(names: tuple[str, ...], raw: Iterable[tuple]) -> list:
    row, parsers = _shape(names)
    if not parsers:
        return [row._make(r) for r in raw]
    out = []
    for r in raw:
        values = list(r)
        for i, parse in parsers:
            if isinstance(values[i], str):  # SQLite keeps them as text
                values[i] = parse(values[i])
        out.append(row._make(values))
    return out


_AS_IS = frozenset({int, str, float, type(None), bytes})


def _stored(value: Any) -> Any:
    """A parameter as SQLAlchemy stores it in SQLite (dates as ISO text, moments and times
    with microseconds, enums by value), so that text compares with text."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S.%f")
    if isinstance(value, Enum):
        return value.value
    return value


def listed(name: str, values: Iterable) -> tuple[str, dict[str, Any]]:
    """``IN`` over a list, as one SQL text for both databases: ``(:name_0, :name_1 …)`` and
    its parameters (an empty list matches nothing)."""
    params = {f"{name}_{i}": v for i, v in enumerate(values)}
    if not params:
        return "(NULL)", {}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


def ids_in(ids: Iterable[int]) -> str:
    """``IN`` over record ids, written into the SQL: ``(3,7,12)`` (an empty list matches
    nothing). For the long lists of an export: SQLite finds a named parameter by a linear
    search, so binding 2,000 of them costs 2,000² steps (5.7 ms to bind, 0.4 ms to run;
    written in, 0.4 ms both). ``int`` keeps anything but a number out of the text."""
    text = ",".join(str(int(i)) for i in ids)
    return f"({text})" if text else "(NULL)"


class Reader:
    """A read transaction. ``dialect`` is ``sqlite`` or ``postgresql``."""

    dialect: str

    def rows(self, sql: str, /, **params: Any) -> list:
        names, raw = self._run(sql, params)
        return _rows(names, raw.fetchall())

    def first(self, sql: str, /, **params: Any):
        names, raw = self._run(sql, params)
        found = raw.fetchone()
        return None if found is None else _rows(names, (found,))[0]

    def scalar(self, sql: str, /, **params: Any):
        found = self.first(sql, **params)
        return None if found is None else found[0]

    def _run(self, sql: str, params: dict) -> tuple[tuple[str, ...], Any]:
        raise NotImplementedError


class SqliteReader(Reader):
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def _run(self, sql, params):
        cursor = self.conn.execute(sql, {k: _stored(v) for k, v in params.items()})
        return tuple(d[0] for d in cursor.description), cursor


class CoreReader(Reader):
    """The same reads on a SQLAlchemy connection: PostgreSQL's (on SQLite, :func:`as_reader`
    hands the driver's own connection to :class:`SqliteReader` instead)."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.dialect = conn.dialect.name

    def _run(self, sql, params):
        import sqlalchemy as sa

        if self.dialect == "sqlite":
            params = {k: _stored(v) for k, v in params.items()}
        result = self.conn.execute(sa.text(sql), params)
        return tuple(result.keys()), _Fetch(result)


class _Fetch:
    """A Core result read through the DB-API's names (fetchall, fetchone)."""

    def __init__(self, result):
        self._result = result

    def fetchall(self):
        return self._result.all()

    def fetchone(self):
        return self._result.first()


@contextmanager
def open_reader(url: str, *, existing: bool = False) -> Iterator[Reader]:
    """A read transaction on the database at ``url``. ``existing`` (shell completion): only a
    database that exists at this version's structure; none is made and none migrated."""
    from dangqun_cli.database.addresses import plain_sqlite_path

    path = plain_sqlite_path(url)
    conn = _open_plain(path) if path is not None else None
    if conn is None:
        from dangqun_cli.database.transactions import read_connection

        with read_connection(url, existing=existing) as core:
            yield as_reader(core)
        return
    try:
        yield SqliteReader(conn)
    except sqlite3.Error as exc:
        from dangqun_cli.database.failures import reason
        from dangqun_cli.errors import DatabaseError

        raise DatabaseError(f"数据库操作失败：{path}", reason(exc)) from exc
    finally:
        conn.close()  # a read changes nothing: closing ends its transaction


def _open_plain(path: Path) -> sqlite3.Connection | None:
    """The SQLite file at ``path`` opened with the standard library, in a read transaction,
    when it is a dangqun database at this version's structure. None leaves it to the full
    path (:func:`dangqun_cli.database.transactions.read_connection`), which makes, migrates
    or refuses, and says why."""
    from dangqun_cli.database import engines
    from dangqun_cli.database.schema import OUR_TABLES, SCHEMA_HEAD, not_ours
    from dangqun_cli.database.sqlite_files import BACKUP_MARK, look_at

    if not path.is_file():
        return None
    seen = look_at(path)
    if seen is None:
        return None
    mark, tables, rev, rollback = seen
    if not tables or rev != SCHEMA_HEAD:
        return None
    if not tables >= OUR_TABLES:
        raise not_ours(str(path))
    # A backup (marked, or one from before backups were marked: not in WAL) is read as it
    # is, without even a -shm beside it.
    backup = mark == BACKUP_MARK or rollback
    target = path.resolve().as_uri() + ("?mode=ro" if backup else "")
    try:
        conn = sqlite3.connect(
            target, uri=True, timeout=engines.BUSY_TIMEOUT_S, isolation_level=None
        )
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only=ON")  # a read never writes
        conn.execute("BEGIN")
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if found is None or found[0] != SCHEMA_HEAD:  # migrated meanwhile: the full path checks
        conn.close()
        return None
    return conn


def as_reader(conn) -> Reader:
    """A Reader over what a caller holds: a Reader, a SQLAlchemy connection, or a write's
    session (the shared look-ups serve the read side and the services alike)."""
    if isinstance(conn, Reader):
        return conn
    if hasattr(conn, "get_bind"):  # an ORM session: its connection, in its transaction
        conn = conn.connection()
    if conn.dialect.name == "sqlite":  # the driver's own connection, in the same transaction
        return SqliteReader(conn.connection.driver_connection)
    return CoreReader(conn)
