"""The two databases the suite runs on: a SQLite file and a database on a PostgreSQL server.

A :class:`Database` is what a test gets; ``str(db)`` is what goes into ``DANGQUN_DB`` or
``--db`` (a path for SQLite, a URL for PostgreSQL), so tests read the same on both.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

# Every PostgreSQL URL the tests use carries this password (the throwaway server trusts
# local connections and ignores it), so any output that shows it is caught by helpers.run.
PASSWORD = "Tm9wZS1zZWNyZXQ"
APP_ROLE = "dangqun_test"


@dataclass
class Database:
    backend: str
    target: str  # DANGQUN_DB / --db
    url: str  # SQLAlchemy URL
    admin: PostgresServer | None = None
    path: Path | None = None

    def __str__(self) -> str:
        return self.target

    @property
    def name(self) -> str:
        return sa.engine.make_url(self.url).database

    def execute(self, *statements: str) -> None:
        """Change the data behind dangqun's back, as a person with a SQL client could,
        foreign keys and triggers switched off."""
        if self.path is not None:
            with sqlite3.connect(self.path) as conn:
                conn.execute("PRAGMA foreign_keys = OFF")
                for statement in statements:
                    conn.execute(statement)
            return
        with self.admin.engine(self.name).begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                conn.exec_driver_sql(statement)

    def scalar(self, query: str):
        """One value, read as the superuser (PostgreSQL) or straight from the file."""
        if self.path is not None:
            with closing(sqlite3.connect(self.path)) as conn:
                return conn.execute(query).fetchone()[0]
        with self.admin.engine(self.name).connect() as conn:
            return conn.exec_driver_sql(query).scalar()

    @contextmanager
    def writer_elsewhere(self):
        """Another program in the middle of writing: it holds the write lock until the
        block ends (SQLite's write lock; on PostgreSQL the lock dangqun's writers take)."""
        from dangqun_cli.database.engines import WRITE_LOCK

        if self.path is not None:
            with closing(sqlite3.connect(self.path, isolation_level=None)) as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield
                finally:
                    conn.execute("ROLLBACK")
            return
        with self.admin.engine(self.name).connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({WRITE_LOCK})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({WRITE_LOCK})")

    def dump(self) -> list[tuple[str, list]]:
        """Every row of every table, in a stable order: equal dumps, equal databases."""
        engine = sa.create_engine(self.url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                tables = sorted(sa.inspect(conn).get_table_names())
                return [
                    (t, sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{t}"')), key=repr))
                    for t in tables
                ]
        finally:
            engine.dispose()

    def log_bytes(self) -> int:
        """How far the write-ahead log has grown: it grows while a transaction writes."""
        if self.path is not None:
            wal = Path(f"{self.path}-wal")
            return wal.stat().st_size if wal.exists() else 0
        with self.admin.engine(self.name).connect() as conn:
            return conn.exec_driver_sql("SELECT pg_current_wal_insert_lsn() - '0/0'").scalar()

    def integrity_ok(self) -> bool:
        """SQLite's own check of its file; PostgreSQL's recovery guarantees the same."""
        if self.path is None:
            return True
        with sqlite3.connect(self.path) as conn:
            return conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    def copy_to(self, other: Database) -> None:
        """Make ``other`` (empty, same backend) a copy of this database."""
        from dangqun_cli.database.engines import dispose_all

        dispose_all()
        if self.path is not None:
            with sqlite3.connect(self.path) as src, sqlite3.connect(other.path) as dst:
                src.backup(dst)
            return
        self.admin.drop(other.name)
        self.admin.create(other.name, template=self.name)


@dataclass
class SQLiteFiles:
    folder: Path
    backend: str = "sqlite"

    def new(self, stem: str = "") -> Database:
        path = self.folder / f"{stem or uuid.uuid4().hex[:8]}.db"
        # An empty file, as a server's database exists before it is used: a path given in
        # DANGQUN_DB or --db is made only by a write, and a read of a missing one is
        # refused (tests/cli/test_database_paths.py).
        path.touch(mode=0o600)
        return Database("sqlite", str(path), f"sqlite:///{path}", path=path)

    def release(self) -> None:
        pass  # the files go with pytest's tmp_path


@dataclass
class PostgresServer:
    """A server reached as its superuser; the tests' databases belong to a plain role."""

    admin_url: str
    backend: str = "postgresql"
    kept: list[str] = field(default_factory=list)  # dropped at the end of the run
    # Emptied databases ready for the next test: emptying one (its schema dropped and made
    # anew) takes milliseconds, creating one a third of a second.
    spare: list[str] = field(default_factory=list)
    _engines: dict[str, sa.Engine] = field(default_factory=dict)

    def engine(self, database: str = "postgres") -> sa.Engine:
        if database not in self._engines:
            url = sa.engine.make_url(self.admin_url).set(database=database)
            self._engines[database] = sa.create_engine(
                url, poolclass=NullPool, isolation_level="AUTOCOMMIT"
            )
        return self._engines[database]

    def prepare(self) -> None:
        with self.engine().connect() as conn:
            exists = conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}'")
            if not exists.first():
                conn.exec_driver_sql(f"CREATE ROLE {APP_ROLE} LOGIN CREATEDB")

    def new(self, stem: str = "", *, keep: bool = False) -> Database:
        """An empty database: no tables, nothing in it (dangqun migrates it on first use)."""
        if self.spare and not keep:
            name = self.spare.pop()
        else:
            name = f"dq_{stem}_{uuid.uuid4().hex[:10]}"
            self.create(name)
        if keep:
            self.kept.append(name)
        url = sa.engine.make_url(self.admin_url).set(
            username=APP_ROLE, password=PASSWORD, database=name
        )
        text = url.render_as_string(hide_password=False)
        return Database("postgresql", text, text, admin=self)

    def create(self, name: str, template: str = "template0") -> None:
        # Sorted as an office's server would sort Chinese (pinyin, ICU), not as the
        # test cluster's C locale does: the suite must not depend on the server's collation.
        locale = " LOCALE_PROVIDER icu ICU_LOCALE 'zh'" if template == "template0" else ""
        with self.engine().connect() as conn:
            conn.exec_driver_sql(
                f'CREATE DATABASE "{name}" OWNER {APP_ROLE} TEMPLATE "{template}"{locale}'
            )

    def drop(self, name: str) -> None:
        engine = self._engines.pop(name, None)
        if engine is not None:
            engine.dispose()
        with self.engine().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def empty(self, name: str) -> None:
        """Take everything out of a test's database and keep it for the next test."""
        with self.engine().connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
        with self.engine(name).connect() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA public AUTHORIZATION {APP_ROLE}")
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" RESET ALL')
        self.spare.append(name)

    def close(self) -> None:
        for name in self.kept + self.spare:
            self.drop(name)
        for engine in self._engines.values():
            engine.dispose()


@dataclass
class ServerDatabases:
    """One test's databases on the server, emptied when the test ends."""

    server: PostgresServer
    backend: str = "postgresql"
    names: list[str] = field(default_factory=list)

    def new(self, stem: str = "") -> Database:
        db = self.server.new(stem)
        self.names.append(db.name)
        return db

    def release(self) -> None:
        for name in self.names:
            self.server.empty(name)
