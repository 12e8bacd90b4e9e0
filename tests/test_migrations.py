"""Migrations: the models and the scripts agree, and a database holding data upgrades intact."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from dangqun_cli.database import addresses, engines, schema, sequences
from tests.helpers import fails, ok


def scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.migrations_dir()))
    return ScriptDirectory.from_config(cfg)


def test_known_revisions_match_the_scripts():
    history = [s.revision for s in reversed(list(scripts().walk_revisions()))]
    assert tuple(history) == schema.REVISIONS
    assert scripts().get_current_head() == schema.SCHEMA_HEAD


@pytest.mark.no_database
def test_every_numbered_table_has_its_counter_kept():
    """sequences.NUMBERED names each table numbered by the database, and for the records the
    audit trail follows, the name it uses (those numbers are never given out twice)."""
    from dangqun_cli.services.audit import ROOTS

    numbered = {
        t.name for t in SQLModel.metadata.sorted_tables if t.autoincrement_column is not None
    }
    assert set(sequences.NUMBERED) == numbered
    roots = {m.__tablename__: name for name, m in ROOTS.items()}
    assert {t: r for t, r in sequences.NUMBERED.items() if r} == roots
    for name, model in ROOTS.items():  # the models name themselves as records.KINDS does
        assert model(id=7).audit_key() == (name, 7)
    for table in SQLModel.metadata.sorted_tables:
        remembers = table.dialect_options["sqlite"]["autoincrement"]
        assert remembers == (table.name in roots), table.name


def test_upgraded_empty_database_matches_the_models(hermetic):
    import dangqun_cli.models  # noqa: F401

    engine = engines.get_engine(hermetic.url)
    with engine.connect() as conn:
        schema.ensure_schema(conn)
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def fill_at_the_oldest_revision(database) -> sa.Engine:
    """A database left at the first structure version, holding a unit, a meeting and an
    opinion, as a 2010 dangqun would have left it."""
    engine = engines.get_engine(database.url)
    with engine.connect() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
        with conn.begin():
            conn.execute(
                sa.text(
                    "INSERT INTO unit (name, kind, created_at) VALUES ('学校工会', 'union', :t)"
                ),
                {"t": "2010-09-01 08:00:00"},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO meeting (kind, title, date, part, unit_id, created_at) "
                    "VALUES ('symposium', '座谈会', '2010-09-06', 'afternoon', 1, :t)"
                ),
                {"t": "2010-09-06 18:00:00"},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO opinion (meeting_id, text, state, raised_on, created_at) "
                    "VALUES (1, '校务公开', 'pending', '2010-09-06', :t)"
                ),
                {"t": "2010-09-06 18:00:00"},
            )
    return engine


def test_database_at_the_oldest_revision_with_data_upgrades_without_loss(hermetic):
    engine = fill_at_the_oldest_revision(hermetic)
    ok("db", "upgrade")
    data = ok("meeting", "show", "1", "--json").json()
    assert (data["title"], data["unit"], data["date"]) == ("座谈会", "学校工会", "2010-09-06")
    assert [o["text"] for o in data["opinions"]] == ["校务公开"]
    with engine.connect() as conn, conn.begin():
        assert schema.stored_revision(conn) == schema.SCHEMA_HEAD
    # The ledger (0002) works on the old records: the old opinion becomes an item.
    ok(
        "rectify",
        "add",
        "--problem",
        "校务公开",
        "--unit",
        "学校工会",
        "--owner",
        "王",
        "--due",
        "2010-10-31",
        "--from-opinion",
        "1",
        "--date",
        "2010-09-08",
    )
    assert ok("opinion", "show", "1", "--json").json()["items"][0]["id"] == 1
    # No cadence rule is imposed on the way up: the organisation chooses its own.
    assert ok("rule", "list", "--json").json() == []


def test_a_new_database_has_no_rules_and_a_sound_audit_trail(hermetic):
    assert ok("rule", "list", "--json").json() == []
    assert ok("log", "--json").json() == []
    assert ok("log", "verify", "--json").json()["ok"] is True


# What 0003 wrote into every database made before issue 15: five rules for all units,
# each with an audit entry by "dangqun" (the shape services/audit.py writes).
OLD_SEEDED_RULES = [
    ("joint", 2, "month"),
    ("branch_committee", 1, "month"),
    ("group", 1, "month"),
    ("branch_congress", 1, "quarter"),
    ("lecture", 1, "quarter"),
]


def made_at_0007_with_the_old_seed(database) -> sa.Engine:
    """A database that ran the old 0003 (its seeded rules and their audit entries) and was
    left at revision 0007."""
    import json

    engine = engines.get_engine(database.url)
    seeded_at = "2023-01-02 09:00:00"
    with engine.connect() as conn:
        schema.upgrade(conn, "0003")
        with conn.begin():
            for i, (kind, n, per) in enumerate(OLD_SEEDED_RULES, 1):
                row = {"id": i, "kind": kind, "unit_id": None, "min_count": n, "per": per}
                conn.execute(
                    sa.text(
                        "INSERT INTO cadence_rule (id, kind, unit_id, min_count, per, created_at) "
                        "VALUES (:id, :kind, :unit_id, :min_count, :per, :t)"
                    ),
                    {**row, "t": seeded_at},
                )
                after = {**row, "created_at": seeded_at.replace(" ", "T")}
                conn.execute(
                    sa.text(
                        "INSERT INTO audit_entry (at, actor, record_type, record_id, action, after)"
                        " VALUES (:t, 'dangqun', 'rule', :id, 'create', :after)"
                    ),
                    {
                        "t": seeded_at,
                        "id": i,
                        "after": json.dumps(
                            after, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                        ),
                    },
                )
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT setval(pg_get_serial_sequence('cadence_rule', 'id'), 5)")
                )
        schema.upgrade(conn, "0007")
    return engine


def test_a_database_holding_the_old_seeded_rules_keeps_them(hermetic):
    engine = made_at_0007_with_the_old_seed(hermetic)
    ok("db", "upgrade")
    with engine.connect() as conn, conn.begin():
        assert schema.stored_revision(conn) == schema.SCHEMA_HEAD
    rules = ok("rule", "list", "--json").json()
    assert [(r["id"], r["kind"], r["min"], r["per"], r["unit"]) for r in rules] == [
        (i, kind, n, per, None) for i, (kind, n, per) in enumerate(OLD_SEEDED_RULES, 1)
    ]
    assert [e["action"] for e in ok("log", "--record", "rule:1", "--json").json()] == ["create"]
    ok("log", "verify")
    ok("meeting", "add", "--kind", "联席会议", "--title", "联席会议", "--date", "2023-01-10")
    rows = ok("check", "2023-01", "--json").json()
    assert [(r["kind"], r["held"]) for r in rows] == [
        ("joint", 1),
        ("branch_committee", 0),
        ("group", 0),
        ("branch_congress", 0),
        ("lecture", 0),
    ]
    # A preset beside them adds only what is missing, and the chain still holds.
    added = ok("rule", "preset", "apply", "三会一课", "--json").json()["rules"]
    assert [r["result"] for r in added] == ["exists"] * 4
    new = ok("rule", "preset", "apply", "主题党日", "--json").json()["rules"]
    assert [(r["id"], r["result"]) for r in new] == [(6, "added")]
    ok("log", "verify")


def test_a_backup_taken_before_an_upgrade_does_not_upgrade(hermetic, new_database, tmp_path):
    import sqlite3

    engine = fill_at_the_oldest_revision(hermetic)
    copy = tmp_path / "before-upgrade.db"
    ok("db", "backup", str(copy))
    with engine.connect() as conn, conn.begin():
        assert schema.stored_revision(conn) == schema.REVISIONS[0]  # the database is as it was
    with sqlite3.connect(copy) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            schema.REVISIONS[0],
        )
        assert backup.execute("SELECT title FROM meeting").fetchall() == [("座谈会",)]
    # Restored anywhere, it is brought up to date on the way in.
    fresh = new_database()
    ok("--db", str(fresh), "db", "restore", str(copy))
    data = ok("--db", str(fresh), "meeting", "show", "1", "--json").json()
    assert (data["title"], data["unit"]) == ("座谈会", "学校工会")
    assert [o["text"] for o in data["opinions"]] == ["校务公开"]


def test_newer_database_is_refused(hermetic):
    ok("unit", "list")
    engine = engines.get_engine(hermetic.url)
    with engine.connect() as conn, conn.begin():
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    assert "比本程序" in fails("unit", "list")


def test_open_of_a_current_database_runs_no_migration(hermetic, monkeypatch):
    ok("unit", "list")
    monkeypatch.setattr(schema, "upgrade", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    ok("unit", "list")
    assert "已是最新结构" in ok("db", "upgrade").err


def test_db_path_shows_where_and_hides_passwords(hermetic, monkeypatch):
    assert ok("db", "path").out.strip() == addresses.display_url(hermetic.url)
    monkeypatch.setenv("DANGQUN_DB", "postgresql+psycopg://sec:s3cret@localhost/dangqun")
    out = ok("db", "path").out
    assert "s3cret" not in out and "localhost/dangqun" in out


@pytest.mark.no_database  # the default is a SQLite file whatever the backend
def test_default_database_is_created_in_the_app_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DANGQUN_DB")
    path = ok("db", "path").out.strip()
    assert path.startswith(str(tmp_path))
    ok("unit", "add", "学校工会")
    import os
    import stat

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.sqlite_only("SQLite 的 PRAGMA 设置")
def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(hermetic):
    ok("unit", "list")
    engine = engines.get_engine(hermetic.url)
    with engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == engines.BUSY_TIMEOUT_S * 1000
