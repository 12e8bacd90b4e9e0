"""Opening a database, and the one transaction each command runs in.

A command opens the database with :func:`unit_of_work` (writes) or :func:`read_connection`
(lists and reports); the schema is brought up to date on open (one cheap query when it
already is), every change is audited in the same transaction, and leaving the block
commits, or rolls everything back on error. A SQLite file is looked at before it is opened:
another program's database is refused as it is, and a backup is only ever read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from dangqun_cli import interrupts
from dangqun_cli.database.addresses import display_url, sqlite_path
from dangqun_cli.database.engines import get_engine, read_only_engine
from dangqun_cli.database.failures import failed, reason
from dangqun_cli.database.schema import (
    OUR_TABLES,
    SCHEMA_HEAD,
    ensure_schema,
    not_ours,
    refuse_newer,
    stored_revision,
)
from dangqun_cli.database.sequences import sync_sequences
from dangqun_cli.database.sqlite_files import BACKUP_MARK, look_at, refuse_missing
from dangqun_cli.errors import DatabaseError, WriteConflict

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

# How many times a unit of work is tried when PostgreSQL rolls it back to break a
# deadlock or a serialization conflict (SQLSTATE 40P01, 40001: a WriteConflict).
ATTEMPTS = 5


def _engine_for(url: str, *, write: bool) -> Engine:
    """The engine for ``url``. A SQLite file is looked at first, without writing to it:
    another program's database is refused as it is, and a backup is opened read-only
    (a write, or a backup of an older structure, is refused with the way to restore it)."""
    path = None
    with contextlib.suppress(sa.exc.ArgumentError, ValueError):
        path = sqlite_path(url)
    if path is not None and not path.exists():
        refuse_missing(path, write=write)
    seen = look_at(path) if path is not None else None
    if seen is None:
        return get_engine(url)
    mark, tables, rev, rollback = seen
    if tables and not tables >= OUR_TABLES:
        raise not_ours(str(path))
    # A backup made before backups were marked is known by its journal: read it as one.
    if mark == BACKUP_MARK or (rollback and tables):
        refuse_newer(rev, "备份", "请升级 dangqun 后再打开")
        if rev != SCHEMA_HEAD:
            raise DatabaseError(
                f"{path} 是一份较早版本的备份", "请用 dangqun db restore 恢复后再查看"
            )
        if write:
            raise DatabaseError(
                f"{path} 是一份备份，不能在上面修改", "请用 dangqun db restore 恢复后再修改"
            )
        return read_only_engine(path)
    return get_engine(url)


def connect(url: str, *, write: bool) -> Connection:
    engine = _engine_for(url, write=write)
    try:
        conn = engine.connect()
    except (sa.exc.DBAPIError, ValueError) as exc:
        raise DatabaseError(f"无法打开数据库 {display_url(url)}", reason(exc)) from exc
    return conn.execution_options(dangqun_write=write)


@contextmanager
def unit_of_work(url: str, *, actor: str, dry_run: bool = False) -> Iterator[Session]:
    """One command, one transaction: commit on success, roll back on any error.

    Every change made through the session is written to the audit trail before commit.
    """
    from sqlalchemy.orm import Session

    from dangqun_cli.services import audit

    written = None
    with _transaction(url, write=True, dry_run=dry_run) as conn:
        session = Session(bind=conn, expire_on_commit=False)
        session.info["actor"] = actor
        audit.install(session)
        try:
            yield session
            audit.write_pending(session)
            written = None if dry_run else session.info.get(audit.HEAD)
        finally:
            session.close()
    if written is not None:  # committed: this machine now witnesses the new head
        from dangqun_cli import witness

        witness.record(url, *written)


def run_unit_of_work(
    url: str, work: Callable[[Session], Any], *, actor: str, dry_run: bool = False
) -> Any:
    """``work(session)`` in a :func:`unit_of_work`; its result once committed. A write
    conflict rolls the transaction back (it leaves nothing behind) and ``work`` runs again
    in a fresh one, at most :data:`ATTEMPTS` times: ``work`` does database work only — it
    asks nothing and prints nothing, so nothing is asked or printed twice."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with unit_of_work(url, actor=actor, dry_run=dry_run) as session:
                return work(session)
        except WriteConflict:
            if attempt == ATTEMPTS:
                raise
            import random
            import time

            time.sleep(random.uniform(0.05, 0.2) * attempt)  # apart, not in step
    raise AssertionError("unreachable")


@contextmanager
def read_connection(url: str, *, existing: bool = False) -> Iterator[Connection]:
    """A read-only transaction for lists and reports: Core only, no write lock.
    ``existing`` (shell completion): only a database that exists at this version's
    structure; none is made (not even the default one) and none migrated."""
    if existing:
        path = sqlite_path(url)
        if path is not None and not path.is_file():
            raise DatabaseError(f"找不到数据库 {path}")
    with _transaction(url, write=False, migrate=not existing) as conn:
        yield conn


@contextmanager
def _transaction(
    url: str, *, write: bool, dry_run: bool = False, migrate: bool = True
) -> Iterator[Connection]:
    conn = connect(url, write=write)
    try:
        if migrate:
            ensure_schema(conn)
        else:
            with conn.begin():
                if stored_revision(conn) != SCHEMA_HEAD:
                    raise DatabaseError("数据库的结构不是本版本的", "打开一次即会升级")
        with conn.begin() as transaction:
            if write:
                sync_sequences(conn)  # under the write lock, with the schema at its head
            yield conn
            if dry_run:
                transaction.rollback()
            elif write:
                with interrupts.completing(interrupts.SAVED):
                    transaction.commit()
    except sa.exc.DBAPIError as exc:
        raise failed(url, exc) from exc
    finally:
        conn.close()


def upgrade_now(url: str) -> tuple[str | None, str | None]:
    """``dangqun db upgrade``: migrate explicitly; returns the revision before and after."""
    conn = connect(url, write=True)
    try:
        with conn.begin():
            before = stored_revision(conn)
        ensure_schema(conn)
        with conn.begin():
            after = stored_revision(conn)
    except sa.exc.DBAPIError as exc:
        raise failed(url, exc) from exc
    finally:
        conn.close()
    return before, after
