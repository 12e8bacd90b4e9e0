"""SQLite files as files: a whole, private copy of a live database, and the mark that tells
a backup from a working database.

``db backup`` marks its copy in the SQLite header's field for the program a file belongs
to (PRAGMA application_id); ``db restore`` clears it. A marked file is read as it is —
never migrated, never written — so opening a backup with --db cannot change it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dangqun_cli import interrupts
from dangqun_cli.errors import DatabaseError, os_reason

BACKUP_MARK = 0x64714271  # "dqBq"


def refuse_missing(path: Path, *, write: bool) -> None:
    """A SQLite file that does not exist yet. The default database
    (``config.default_db_path``) is made on first use, folder and all. Any other path is
    one the secretary typed (--db, DANGQUN_DB): a read never makes it (a typo must not
    show an empty ledger), a write makes it only in a folder that exists."""
    from dangqun_cli import config
    from dangqun_cli.errors import NotFound

    if path.resolve() == config.default_db_path().resolve():
        return
    if not write:
        raise NotFound(
            f"找不到数据库 {path}",
            "请检查 --db 或 DANGQUN_DB 的拼写；若要在这里新建，"
            f"先做一次写入，如 dangqun --db {path} db upgrade",
        )
    if not path.parent.is_dir():
        raise NotFound(
            f"数据库所在的文件夹不存在：{path.parent}",
            "请检查 --db 或 DANGQUN_DB 的拼写；dangqun 不会替你新建文件夹",
        )


def mark_as_backup(conn, backup: bool = True) -> None:
    """Set (or clear) the mark on a SQLite file (a sqlite3 connection, outside a transaction)."""
    conn.execute(f"PRAGMA application_id={BACKUP_MARK if backup else 0}")


def look_at(path: Path) -> tuple[int, frozenset[str], str | None, bool] | None:
    """A SQLite file's mark, tables and structure version, read without writing anything
    (``immutable``: no lock taken, no -wal, -shm or journal made); None for a new or empty
    file, and for one SQLite cannot read (opening it then says why)."""
    from contextlib import closing

    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        uri = f"{path.resolve().as_uri()}?immutable=1"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            mark = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = frozenset(
                name
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            )
            rev = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                rev = row[0] if row else None
        with path.open("rb") as f:
            header = f.read(20)
    except (sqlite3.Error, OSError):
        return None
    # Byte 18 of the header: 1 for a rollback journal, 2 for WAL. dangqun keeps its
    # databases in WAL; only its copies (db backup, the .bak before a migration) are not.
    return mark, tables, rev, header[18:19] == b"\x01"


def copy_sqlite(source, dest: Path, *, backup: bool = False, done: str | None = None) -> None:
    """A consistent copy of a live SQLite database (the online backup API), private, whole:
    it appears at ``dest`` only when complete, and its temporary file goes on any failure
    or interrupt. ``backup`` marks the copy as a backup (``db backup``); ``done`` is what
    an interrupt reports once the copy is in place."""
    with whole_file(dest, done=done) as tmp:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            if backup:
                mark_as_backup(target)
            # A copy is one self-contained file: no -wal/-shm beside it when it is opened.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()


@contextmanager
def whole_file(dest: Path, *, done: str | None = None) -> Iterator[Path]:
    """A private temporary SQLite file beside ``dest`` to write: it becomes ``dest`` when the
    block completes, and goes (with whatever SQLite made beside it) on any failure or
    interrupt. ``done`` is what an interrupt reports once the file is in place."""
    tmp: Path | None = None
    try:
        with interrupts.deferred():  # the file and its name, in one piece
            tmp = private_temp(dest)
        yield tmp
        with interrupts.completing(done) if done else contextlib.nullcontext():
            os.replace(tmp, dest)
    except (OSError, sqlite3.Error) as exc:
        raise copy_failed(dest, exc) from exc
    finally:
        if tmp is not None:
            remove_leftovers(tmp)


def private_temp(dest: Path) -> Path:
    """A new empty file beside ``dest``, readable by its owner only, with a name of its own
    (a leftover or a directory where the copy would go is no obstacle)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    return Path(name)


def remove_leftovers(tmp: Path) -> None:
    """A temporary SQLite file and whatever SQLite made beside it (gone once renamed);
    a Ctrl-C meanwhile waits until they are gone."""
    with interrupts.deferred():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def copy_failed(dest: Path, exc: Exception) -> DatabaseError:
    reason = os_reason(exc) if isinstance(exc, OSError) else "数据库读写出错"
    return DatabaseError(f"无法写入备份 {dest}：{reason}", "检查目录权限和磁盘空间")
