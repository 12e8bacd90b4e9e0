"""The database: where it is, how it is opened, and the one transaction each command runs in.

A command opens the database with :func:`unit_of_work`; the schema is brought up to date
on open (one cheap query when it already is), every change is audited in the same
transaction, and leaving the block commits, or rolls everything back on error.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event

from dangqun_cli import interrupts
from dangqun_cli.errors import DatabaseError, WriteConflict, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

# The drivers' own logs never reach the terminal (Python prints an unhandled warning on
# stderr): when Ctrl-C lands mid-statement, SQLAlchemy's pool logs a traceback and
# psycopg a line naming the server. What went wrong reaches the guard in cli/app.py.
for _library in ("sqlalchemy", "psycopg"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

# The alembic revisions this version knows, oldest first; the last is the head.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
SCHEMA_HEAD = REVISIONS[-1]

BUSY_TIMEOUT_S = 10


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def display_url(url: str) -> str:
    """The URL as it may be shown to people: never with its password (one redaction for
    every message, in :mod:`dangqun_cli.addresses`)."""
    from dangqun_cli.addresses import display_url

    return display_url(url)


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


os.register_at_fork(after_in_child=_forget_engines_in_child)


def _create_engine(url: str) -> Engine:
    from dangqun_cli.addresses import FORMS as hint
    from dangqun_cli.addresses import check_url

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


# ``db backup`` marks its copy in the SQLite header's field for the program a file belongs
# to (PRAGMA application_id); ``db restore`` clears it. A marked file is read as it is —
# never migrated, never written — so opening a backup with --db cannot change it.
BACKUP_MARK = 0x64714271  # "dqBq"
# Tables every dangqun database has had since its first revision.
OUR_TABLES = frozenset({"alembic_version", "unit", "audit_entry"})


def mark_as_backup(conn, backup: bool = True) -> None:
    """Set (or clear) the mark on a SQLite file (a sqlite3 connection, outside a transaction)."""
    conn.execute(f"PRAGMA application_id={BACKUP_MARK if backup else 0}")


def _look_at(path: Path) -> tuple[int, frozenset[str], str | None, bool] | None:
    """A SQLite file's mark, tables and structure version, read without writing anything
    (``immutable``: no lock taken, no -wal, -shm or journal made); None for a new or empty
    file, and for one SQLite cannot read (opening it then says why)."""
    import sqlite3
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


def not_ours(where: str) -> DatabaseError:
    return DatabaseError(f"{where} 不是 dangqun 的数据库", "请检查 --db")


def _engine_for(url: str, *, write: bool) -> Engine:
    """The engine for ``url``. A SQLite file is looked at first, without writing to it:
    another program's database is refused as it is, and a backup is opened read-only
    (a write, or a backup of an older structure, is refused with the way to restore it)."""
    path = None
    with contextlib.suppress(sa.exc.ArgumentError, ValueError):
        path = sqlite_path(url)
    seen = _look_at(path) if path is not None else None
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
        return _read_only_engine(path)
    return get_engine(url)


def _read_only_engine(path: Path) -> Engine:
    """A SQLite file opened read-only (``mode=ro``): its journal mode is left as it is."""
    import sqlite3

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


# Any number will do, as long as every dangqun agrees on it.
WRITE_LOCK = 20101008

# dangqun's numbered tables, and what the audit trail calls their records. SQLite never
# gives a root record's number out twice (AUTOINCREMENT remembers the highest ever used);
# children are numbered max(id) + 1. tests/test_migrations.py checks this list.
NUMBERED = {
    "unit": "unit",
    "meeting": "meeting",
    "opinion": "opinion",
    "rectification_item": "item",
    "cadence_rule": "rule",
    "work_summary": "summary",
    "attendance": None,
    "decision": None,
    "progress_note": None,
    "extension": None,
    "audit_entry": None,
}


def _highest_sql(table: str, record_type: str | None) -> str:
    """The highest number ``table`` has used: its rows', and for a root table also those
    of deleted records, which the audit trail remembers (its index makes this cheap)."""
    ever = f"SELECT max(record_id) FROM audit_entry WHERE record_type = '{record_type}'"
    rows = f"COALESCE((SELECT max(id) FROM {table}), 0)"
    return f"GREATEST({rows}, COALESCE(({ever}), 0))" if record_type else rows


# PostgreSQL's counters also move for rolled-back transactions (a dry run, a refused
# import) and for deleted children; setting each back, under the write lock, to what
# SQLite would use next gives the same numbers on both.
_SYNC_SEQUENCES = "SELECT " + ", ".join(
    f"setval(pg_get_serial_sequence('{t}', 'id'), {_highest_sql(t, r)} + 1, false)"
    for t, r in NUMBERED.items()
)


def _postgres_writers_take_turns(engine: Engine) -> None:
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


def sync_sequences(conn: Connection) -> None:
    """Next ids on PostgreSQL are the ones SQLite would give (a no-op on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_SYNC_SEQUENCES)


def highest_id(conn: Connection, table: str) -> int:
    """The highest number ``table`` has used, which the next new row's number follows, as
    the database itself would count it (a bulk insert numbers its rows from here)."""
    sql = _highest_sql(table, NUMBERED[table])
    if conn.dialect.name == "sqlite":
        seq = f"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0)"
        sql = f"max({sql.replace('GREATEST', 'max')}, {seq})"
    return conn.exec_driver_sql(f"SELECT {sql}").scalar()


def carry_high_water(conn: Connection) -> None:
    """After rows were copied into a SQLite file, its AUTOINCREMENT counters remember
    the numbers of deleted records too, as the database copied from did."""
    present = set(sa.inspect(conn).get_table_names())  # an older structure has fewer
    for table, record_type in NUMBERED.items():
        if record_type and table in present:
            highest = _highest_sql(table, record_type).replace("GREATEST", "max")
            conn.exec_driver_sql(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
            conn.exec_driver_sql(
                f"INSERT INTO sqlite_sequence (name, seq) VALUES ('{table}', {highest})"
            )


def stored_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, None for an empty database."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrations_dir() -> Path:
    """Inside an installed wheel the scripts sit in the package; in a checkout, at the top."""
    packaged = Path(__file__).parent / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "migrations"


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the alembic migrations on ``conn`` (its own transaction; alembic imported only here)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = conn
    sqlite = conn.dialect.name == "sqlite"
    was_write = conn.get_execution_options().get("dangqun_write", False)
    conn.execution_options(dangqun_write=True)  # two first opens must not both migrate
    if sqlite:
        # Batch migrations copy tables; foreign keys must be off, and this pragma is a
        # no-op inside a transaction, so it goes straight to the driver.
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with conn.begin():
            # Another process may have migrated while we waited for the lock.
            if target != "head" or stored_revision(conn) != SCHEMA_HEAD:
                command.upgrade(cfg, target)
    finally:
        conn.execution_options(dangqun_write=was_write)
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def refuse_newer(rev: str | None, what: str, hint: str) -> None:
    """A structure written by a newer dangqun is never read as if it were ours."""
    if rev is not None and rev not in REVISIONS:
        raise DatabaseError(f"{what}的结构版本 {rev} 比本程序（{SCHEMA_HEAD}）新", hint)


def ensure_schema(conn: Connection) -> None:
    """Migrate on open: one query when the schema is current, alembic only when it is not."""
    with conn.begin():
        rev = stored_revision(conn)
        # dangqun makes its tables only in a database that has none of its own yet.
        if rev is None and set(sa.inspect(conn).get_table_names()) - {"alembic_version"}:
            raise not_ours(display_url(str(conn.engine.url)))
    if rev == SCHEMA_HEAD:
        return
    refuse_newer(rev, "数据库", "请升级 dangqun 后再打开这个数据库")
    if rev is not None:
        keep_copy(conn, rev)
    upgrade(conn)


def keep_copy(conn: Connection, rev: str) -> Path | None:
    """Before migrating a SQLite database that holds data, keep a copy beside it."""
    path = sqlite_path(str(conn.engine.url))
    if path is None:
        return None
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    copy = path.with_name(f"{path.name}.{rev}-{stamp}.bak")
    copy_sqlite(conn.connection.driver_connection, copy)
    return copy


def copy_sqlite(source, dest: Path, *, backup: bool = False, done: str | None = None) -> None:
    """A consistent copy of a live SQLite database (the online backup API), private, whole:
    it appears at ``dest`` only when complete, and its temporary file goes on any failure
    or interrupt. ``backup`` marks the copy as a backup (``db backup``); ``done`` is what
    an interrupt reports once the copy is in place."""
    import sqlite3

    tmp: Path | None = None
    try:
        with interrupts.deferred():  # the file and its name, in one piece
            tmp = private_temp(dest)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            if backup:
                mark_as_backup(target)
            # A copy is one self-contained file: no -wal/-shm beside it when it is opened.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
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


def connect(url: str, *, write: bool) -> Connection:
    engine = _engine_for(url, write=write)
    try:
        conn = engine.connect()
    except (sa.exc.DBAPIError, ValueError) as exc:
        raise DatabaseError(f"无法打开数据库 {display_url(url)}", _reason(exc)) from exc
    return conn.execution_options(dangqun_write=write)


_BUSY = f"其他人正在写入，等待 {BUSY_TIMEOUT_S} 秒后仍未轮到，请稍后重试"
# What PostgreSQL means by its SQLSTATE codes, and what we tell the secretary.
_SQLSTATES = {
    "55P03": _BUSY,
    "40001": "与其他人的写入冲突，多次重试仍未成功，请稍后重试",
    "40P01": "与其他人的写入冲突，多次重试仍未成功，请稍后重试",
    "28P01": "用户名或密码不对",
    "28000": "服务器不允许这个用户连接：请检查用户名和服务器的访问设置",
    "3D000": "数据库不存在：请先建库（见 README“多人共用一个数据库”）",
    "42501": "没有权限：请让管理员授予这个用户对数据库的读写权限",
    "53100": "数据库服务器磁盘空间不足",
    "57P01": "数据库服务器正在关闭，请稍后重试",
}
# What the drivers say (in English), and what we tell the secretary instead.
_REASONS = [
    (("locked", "busy"), _BUSY),
    (("not a database", "malformed"), "这不是 dangqun 的数据库文件，或文件已损坏；请检查 --db"),
    (("unable to open",), "无法打开数据库文件：检查路径是否存在、是否是文件、是否有权限"),
    (("readonly", "read-only"), "数据库文件是只读的：检查文件权限"),
    (("disk i/o", "i/o error"), "读写数据库文件时出错：检查磁盘和路径（不能是设备文件）"),
    (("full",), "磁盘空间不足"),
    (("password authentication",), "用户名或密码不对"),
    (("does not exist",), "数据库或用户不存在：请先建库建用户"),
    (
        ("connection", "resolve host", "timeout", "timed out"),
        "无法连接数据库服务器：检查地址、端口和服务是否启动",
    ),
]


def _sqlstate(exc: Exception) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def _reason(exc: Exception) -> str:
    if (state := _sqlstate(exc)) in _SQLSTATES:
        return _SQLSTATES[state]
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needles, reason in _REASONS:
        if any(n in text for n in needles):
            return reason
    return "数据库报告了错误；设置 DANGQUN_DEBUG=1 可查看详情"


def _failed(url: str, exc: sa.exc.DBAPIError) -> DatabaseError:
    kind = WriteConflict if _sqlstate(exc) in ("40001", "40P01") else DatabaseError
    return kind(f"数据库操作失败：{display_url(url)}", _reason(exc))


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


@contextmanager
def read_connection(url: str) -> Iterator[Connection]:
    """A read-only transaction for lists and reports: Core only, no write lock."""
    with _transaction(url, write=False) as conn:
        yield conn


@contextmanager
def _transaction(url: str, *, write: bool, dry_run: bool = False) -> Iterator[Connection]:
    conn = connect(url, write=write)
    try:
        ensure_schema(conn)
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
        raise _failed(url, exc) from exc
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
        raise _failed(url, exc) from exc
    finally:
        conn.close()
    return before, after


def has_records(conn: Connection) -> bool:
    """Whether a database holds anything a secretary entered (seeded rules do not count)."""
    if stored_revision(conn) is None:
        return False
    for table in ("unit", "meeting", "opinion", "rectification_item", "work_summary"):
        if (
            sa.inspect(conn).has_table(table)
            and conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first()
        ):
            return True
    return False
