"""The structure version and migrate-on-open: one cheap query when the database is current,
alembic (imported only then) when it is not, and never a structure this version does not
know.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dangqun_cli.database.addresses import display_url, sqlite_path
from dangqun_cli.database.sqlite_files import copy_sqlite
from dangqun_cli.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# The alembic revisions this version knows, oldest first; the last is the head.
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
)
SCHEMA_HEAD = REVISIONS[-1]

# Tables every dangqun database has had since its first revision.
OUR_TABLES = frozenset({"alembic_version", "unit", "audit_entry"})


def not_ours(where: str) -> DatabaseError:
    return DatabaseError(f"{where} 不是 dangqun 的数据库", "请检查 --db")


def stored_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, None for an empty database."""
    import sqlalchemy as sa

    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrations_dir() -> Path:
    """Inside an installed wheel the scripts sit in the package; in a checkout, at the top."""
    packaged = Path(__file__).parents[1] / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "migrations"


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
    import sqlalchemy as sa

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


def has_records(conn: Connection) -> bool:
    """Whether a database holds anything a secretary entered (seeded rules do not count)."""
    import sqlalchemy as sa

    if stored_revision(conn) is None:
        return False
    for table in ("unit", "meeting", "opinion", "rectification_item", "work_summary", "setting"):
        if (
            sa.inspect(conn).has_table(table)
            and conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first()
        ):
            return True
    return False
