"""Engines and locks: one engine per database for the life of the process, and how writers
take turns.

SQLite gets its pragmas (foreign keys, WAL, the busy timeout) and hands ``BEGIN`` back to
us, so that a writer begins with ``BEGIN IMMEDIATE``; PostgreSQL writers take an advisory
lock (:data:`WRITE_LOCK`) first. Either way writers queue instead of deadlocking, and wait
at most :data:`BUSY_TIMEOUT_S` seconds.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from dangqun_cli.database.addresses import display_url, sqlite_path
from dangqun_cli.errors import DatabaseError, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# The drivers' own logs never reach the terminal (Python prints an unhandled warning on
# stderr): when Ctrl-C lands mid-statement, SQLAlchemy's pool logs a traceback and
# psycopg a line naming the server. What went wrong reaches the guard in cli/app.py.
for _library in ("sqlalchemy", "psycopg"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

BUSY_TIMEOUT_S = 10

# Any number will do, as long as every dangqun agrees on it.
WRITE_LOCK = 20101008

_ENGINES: dict[str, Engine] = {}


def get_engine(url: str) -> Engine:
    """One engine per database for the life of the process."""
    if url not in _ENGINES:
        _ENGINES[url] = _create_engine(url)
    return _ENGINES[url]


def dispose_all() -> None:
    """Close every pooled connection (tests, and before a restore replaces the file)."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


def _forget_engines_in_child() -> None:
    # A forked child must not use its parent's pooled connections (drivers share the
    # socket or file handle); dispose(close=False) leaves them to the parent.
    for engine in _ENGINES.values():
        engine.dispose(close=False)
    _ENGINES.clear()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_engines_in_child)


def _create_engine(url: str) -> Engine:
    import sqlalchemy as sa

    from dangqun_cli.database.addresses import FORMS as hint
    from dangqun_cli.database.addresses import check_url

    check_url(url)  # parse errors quote the address: none is chained to what we raise
    u = sa.engine.make_url(url)
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"不支持的数据库：{u.get_backend_name()}", "只支持 SQLite 和 PostgreSQL"
        )
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        # Whatever the server's default; readers raise it (_postgres_writers_take_turns).
        engine = sa.create_engine(url, isolation_level="READ COMMITTED")
    except (ModuleNotFoundError, sa.exc.NoSuchModuleError) as exc:
        raise DatabaseError(
            "缺少 PostgreSQL 驱动",
            "请安装：pip install 'dangqun[postgres]'，地址写 postgresql+psycopg://…",
        ) from exc
    except (sa.exc.ArgumentError, ValueError, TypeError):
        raise DatabaseError(f"无法识别的数据库地址“{display_url(url)}”", hint) from None
    _postgres_writers_take_turns(engine)
    return engine


def _sqlite_engine(url: str, **options) -> Engine:
    import sqlalchemy as sa

    path = sqlite_path(url)
    if path is not None:
        _create_private_file(path)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, **options)
    _sqlite_pragmas(engine)
    return engine


def file_engine(path: Path) -> Engine:
    """An engine of its own, unpooled, for a SQLite file that is not the command's
    database (a backup being written or read)."""
    from sqlalchemy.pool import NullPool

    return _sqlite_engine(f"sqlite:///{path}", poolclass=NullPool)


def read_only_engine(path: Path) -> Engine:
    """A SQLite file opened read-only (``mode=ro``): its journal mode is left as it is."""
    import sqlite3

    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    key = f"read-only:{path}"
    if key not in _ENGINES:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        engine = sa.create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S),
            poolclass=NullPool,
        )
        _sqlite_pragmas(engine, wal=False)
        _ENGINES[key] = engine
    return _ENGINES[key]


def _create_private_file(path: Path) -> None:
    """A new database file is readable by its owner only: it holds people's names."""
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError(
            f"无法创建数据库文件 {path}：{os_reason(exc)}", "检查目录是否存在且可写，或用 --db 指定"
        ) from exc


def _sqlite_pragmas(engine: Engine, *, wal: bool = True) -> None:
    from sqlalchemy import event

    # pysqlite's own transaction handling defers BEGIN and breaks transactional DDL;
    # SQLAlchemy's documented recipe hands BEGIN back to us (and lets writers take
    # the write lock up front, so two writers queue instead of deadlocking).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        if wal:  # a file opened read-only keeps its journal mode
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("dangqun_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _postgres_writers_take_turns(engine: Engine) -> None:
    from sqlalchemy import event

    # The same discipline as SQLite's BEGIN IMMEDIATE: a writer takes the lock first, so
    # writers queue instead of deadlocking, the audit chain grows one writer at a time,
    # and setting the counters (sync_sequences) is safe. lock_timeout makes a stuck queue
    # fail like SQLite. A writer reads committed rows (those of the writer it waited for);
    # a reader sees one moment throughout, as a SQLite reader does, so that a report's
    # several queries agree with each other.
    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("dangqun_write", False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_S}s'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
