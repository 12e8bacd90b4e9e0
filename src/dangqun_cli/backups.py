"""``db backup`` and ``db restore``: a consistent copy while others write, and the way back.

A backup is always one SQLite file, whatever the database: SQLite's online backup API
copies a SQLite database; a PostgreSQL database is copied row by row inside one snapshot
(REPEATABLE READ), so the copy is consistent while others keep writing. The file is a
whole dangqun database (``--db 文件`` opens it), readable anywhere, and ``db restore``
reads it back into SQLite or PostgreSQL — which also moves an office's ledger from a
laptop to a shared server and back.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import sqlalchemy as sa

from dangqun_cli import interrupts
from dangqun_cli.database.addresses import sqlite_path
from dangqun_cli.database.engines import dispose_all, file_engine
from dangqun_cli.database.schema import (
    ensure_schema,
    has_records,
    refuse_newer,
    stored_revision,
    upgrade,
)
from dangqun_cli.database.sequences import carry_high_water, sync_sequences
from dangqun_cli.database.sqlite_files import (
    copy_sqlite,
    mark_as_backup,
    refuse_missing,
    whole_file,
)
from dangqun_cli.database.transactions import connect
from dangqun_cli.errors import DatabaseError

CHUNK = 5_000
# Rows at a time of a table that holds files (attachment_blob): each may be as large as
# limits.ATTACHMENT_MAX, so a few at a time, streamed from the server.
FILE_CHUNK = 4


def backup(url: str, dest: Path) -> None:
    """A consistent copy of the database at ``url`` in the SQLite file ``dest``, marked as
    a backup (``sqlite_files.BACKUP_MARK``: opening it with --db reads it and never changes it)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        refuse_missing(path, write=False)  # a path typed in --db or DANGQUN_DB
        raise DatabaseError(f"数据库不存在：{path}", "请检查 --db")
    conn = connect(url, write=False)
    try:
        # The copy keeps the database's structure version: a backup taken before an
        # upgrade must not be the thing that upgrades it.
        if path is not None:
            with conn.begin():
                _check_revision(conn)
            driver = conn.connection.driver_connection
            copy_sqlite(driver, dest, backup=True, done=interrupts.BACKED_UP)
            return
        # A reader's transaction on PostgreSQL is one snapshot (REPEATABLE READ): every
        # table is copied as it was at one moment while others keep writing.
        with conn.begin():
            _write_sqlite(conn, dest, _check_revision(conn))
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            "备份时数据库出错", "请稍后重试；设置 DANGQUN_DEBUG=1 可查看详情"
        ) from exc
    finally:
        conn.close()


def _check_revision(conn: sa.Connection) -> str:
    rev = stored_revision(conn)
    if rev is None:
        raise DatabaseError("这里还没有 dangqun 的数据库", "请检查 --db")
    refuse_newer(rev, "数据库", "请用写入它的新版 dangqun 备份")
    return rev


def _write_sqlite(source: sa.Connection, dest: Path, rev: str) -> None:
    """Every row of ``source`` (at structure version ``rev``) into a new SQLite database
    at ``dest`` with the same structure (whole, or nothing: its temporary file goes on any
    failure or interrupt)."""
    with whole_file(dest, done=interrupts.BACKED_UP) as tmp:
        copy = file_engine(tmp)
        try:
            with copy.connect() as target:
                upgrade(target, rev)
                with target.begin():
                    _copy_rows(source, target, _reflected(target))
                    carry_high_water(target)
                # One file, as copy_sqlite leaves it (outside any transaction: to the driver).
                mark_as_backup(target.connection.driver_connection)
                target.connection.driver_connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.dispose()


def restore(url: str, source: Path, *, replace: bool) -> str:
    """The backup becomes the database; a database with records needs ``replace``.
    Returns the backup's schema revision.

    The backup is copied first and only the copy is checked and read (the file cannot
    change in between, and is never written). Ctrl-C before the commit leaves the
    database as it was; the commit itself runs whole (``interrupts.completing``)."""
    with _temporary_folder() as folder:
        copy = folder / "backup.db"
        _take_copy(source, copy)
        rev = _check_backup(copy, source)
        ledger, head = _check_history(copy, source)
        path = sqlite_path(url)
        conn = connect(url, write=True)
        try:
            if path is None:
                ensure_schema(conn)  # the rows are copied into the current structure
                _load_from_sqlite(copy, conn, replace=replace)
            else:
                with conn.begin():
                    _refuse_to_overwrite(conn, path, replace)
                # One write transaction of SQLite's: the whole file, or nothing.
                with (
                    closing(sqlite3.connect(copy)) as backup_conn,
                    interrupts.completing(interrupts.RESTORED),
                ):
                    backup_conn.backup(conn.connection.driver_connection)
        except sa.exc.DBAPIError as exc:
            raise DatabaseError(
                "恢复时数据库出错，未做任何修改", "设置 DANGQUN_DEBUG=1 可查看详情"
            ) from exc
        finally:
            conn.close()
    dispose_all()
    if head is not None:  # this machine has written the restored history now
        from dangqun_cli import witness

        witness.record(url, ledger, head)
    return rev


def _check_history(copy: Path, source: Path) -> tuple[str, tuple[int, str] | None]:
    """Bring the copy to the current structure and verify its audit trail with this
    machine's key (services/integrity.py): a backup whose history was rewritten, or
    whose records differ from their history, replaces nothing."""
    from dangqun_cli.services.integrity import check_backup

    engine = file_engine(copy)
    try:
        with engine.connect() as conn:
            ensure_schema(conn)
            with conn.begin():
                return check_backup(conn, str(source))
    finally:
        engine.dispose()


@contextmanager
def _temporary_folder() -> Iterator[Path]:
    """A private folder for the restore's working copies, removed however it ends (made
    in one piece: TemporaryDirectory loses it to a Ctrl-C between making and using it)."""
    folder: Path | None = None
    try:
        with interrupts.deferred():
            folder = Path(tempfile.mkdtemp(prefix="dangqun-restore-"))
        yield folder
    finally:
        if folder is not None:
            with interrupts.deferred():  # a Ctrl-C now would stop the clean-up halfway
                shutil.rmtree(folder, ignore_errors=True)


def _refuse_to_overwrite(conn: sa.Connection, where: Path | None, replace: bool) -> None:
    if not replace and has_records(conn):
        raise DatabaseError(
            f"{where or '数据库'} 里已有记录，恢复会覆盖它们",
            "确认覆盖请加 --yes；建议先用 db backup 备份",
        )


def _take_copy(source: Path, copy: Path) -> None:
    """The backup file, copied as it is (read-only) to ``copy``, without the backup mark:
    what is restored is a database again."""
    try:
        uri = f"{source.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as src, closing(sqlite3.connect(copy)) as dst:
            src.backup(dst)
            mark_as_backup(dst, False)
    except sqlite3.Error:
        raise DatabaseError(f"{source} 不是 dangqun 的备份文件", "请检查路径") from None


def _check_backup(copy: Path, source: Path) -> str:
    """Whether the copy of the backup ``source`` may become the database: whole, at a
    structure version this dangqun knows, with dangqun's tables and nothing more (no
    table, view or trigger of anyone else's). Returns its structure version. Every check
    of a backup before it replaces anything belongs here."""
    try:
        with closing(sqlite3.connect(copy)) as conn:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            ok = conn.execute("PRAGMA quick_check").fetchone()
            found = _schema(conn)
    except sqlite3.Error:
        raise DatabaseError(f"{source} 不是 dangqun 的备份文件", "请检查路径") from None
    if not rev or ok != ("ok",):
        raise DatabaseError(f"{source} 已损坏或不是 dangqun 的备份", "请换一份备份")
    refuse_newer(rev[0], "备份", "请升级 dangqun 后再恢复")
    expected = _schema_at(rev[0], copy.parent)
    for (kind, name), sql in sorted(found.items()):
        if (kind, name) not in expected or (kind != "table" and expected[kind, name] != sql):
            raise DatabaseError(
                f"{source} 里有 dangqun 之外的{_KINDS[kind]}“{name[:40]}”，不能恢复",
                "这不是 dangqun 原样写出的备份；请换一份备份",
            )
    if missing := sorted(expected.keys() - found.keys()):
        kind, name = missing[0]
        raise DatabaseError(
            f"{source} 缺少 dangqun 的{_KINDS[kind]}“{name}”，不能恢复", "请换一份备份"
        )
    return rev[0]


_KINDS = {"table": "表", "view": "视图", "trigger": "触发器"}


def _schema(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """A SQLite file's tables, views and triggers (SQLite's own excepted), with their SQL
    (blanks normalised)."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')"
    )
    return {
        (kind, name): " ".join((sql or "").split())
        for kind, name, sql in rows
        if not name.startswith("sqlite_")
    }


def _schema_at(rev: str, folder: Path) -> dict[tuple[str, str], str]:
    """What the migrations make at structure version ``rev``: built afresh in ``folder``."""
    fresh = folder / f"fresh-{rev}.db"
    engine = file_engine(fresh)
    try:
        with engine.connect() as conn:
            upgrade(conn, rev)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(fresh)) as conn:
        return _schema(conn)


def _load_from_sqlite(current: Path, target: sa.Connection, *, replace: bool) -> None:
    """Replace every row of ``target`` by those of the backup's copy ``current``, in one
    transaction that holds the write lock from the check for records on. An older backup
    is first brought up to date (the copy: the file itself is not touched)."""
    engine = file_engine(current)
    try:
        with engine.connect() as backup_conn:
            ensure_schema(backup_conn)
            with backup_conn.begin(), target.begin() as transaction:
                _refuse_to_overwrite(target, None, replace)
                _copy_rows(backup_conn, target, _tables())
                sync_sequences(target)
                with interrupts.completing(interrupts.RESTORED):
                    transaction.commit()
    finally:
        engine.dispose()


def _tables() -> list[sa.Table]:
    """dangqun's tables, parents before children (the schema is at the head revision)."""
    from sqlmodel import SQLModel

    import dangqun_cli.models  # noqa: F401  (registers the tables)

    return SQLModel.metadata.sorted_tables


def _reflected(conn: sa.Connection) -> list[sa.Table]:
    """dangqun's tables as they are in ``conn`` (at whatever structure version)."""
    meta = sa.MetaData()
    meta.reflect(bind=conn)
    return [t for t in meta.sorted_tables if t.name != "alembic_version"]


def _copy_rows(source: sa.Connection, target: sa.Connection, tables: list[sa.Table]) -> None:
    """``target`` ends up holding exactly ``source``'s rows in ``tables`` (parents first;
    the migrations' seeds go)."""
    for table in reversed(tables):
        target.execute(table.delete())
    for table in tables:
        # A row may point at one of its own table that comes later (a unit moved under a
        # unit added after it): such links are written once every row is in.
        links = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
        files = any(isinstance(c.type, sa.LargeBinary) for c in table.columns)
        size = FILE_CHUNK if files else CHUNK
        query = sa.select(table).order_by(*table.primary_key.columns)
        rows = source.execute(query.execution_options(yield_per=size) if files else query)
        while chunk := rows.mappings().fetchmany(size):
            target.execute(table.insert(), [{**r, **dict.fromkeys(links)} for r in chunk])
        if links:
            _link_rows(source, target, table, links)


def _link_rows(
    source: sa.Connection, target: sa.Connection, table: sa.Table, links: list[str]
) -> None:
    """Set the self-referencing columns ``links`` of ``table``'s copied rows."""
    (pk,) = table.primary_key.columns
    keys = {name: sa.bindparam(f"new_{name}") for name in links}
    update = table.update().where(pk == sa.bindparam("old_pk")).values(keys)
    linked = sa.or_(*(table.c[name].is_not(None) for name in links))
    rows = source.execute(sa.select(pk, *(table.c[n] for n in links)).where(linked))
    while chunk := rows.mappings().fetchmany(CHUNK):
        values = [{"old_pk": r[pk.name], **{f"new_{n}": r[n] for n in links}} for r in chunk]
        target.execute(update, values)
