"""status and summary generate read through indexes at any size (issue 17): no statement
they run walks the item, opinion, meeting or audit tables (SQLite's EXPLAIN QUERY PLAN;
on PostgreSQL, EXPLAIN with sequential scans priced out).

The ledger is the benchmark's (benchmarks/ledger.py: 200 units, seven items in ten
closed), small, once with the statistics ANALYZE writes (as the benchmark has them) and
once without (as a secretary's database has them). Checked by the plans' text, not by
time: a plan that reads the whole table is as fast as any on a small ledger.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3

import pytest

from tests.conftest import REPO
from tests.helpers import ok

BIG_TABLES = ("rectification_item", "opinion", "meeting", "audit_entry", "extension")
# Ways in that reach (nearly) every item: the plain state index serves 'closed' (most
# items; the open states have the partial index), and every item was opened before the
# period's end.
WIDE = ("ix_rectification_item_state (state=?)", "(opened_on<?)")

READS = [
    ("status", "--json"),
    ("status", "--date", "2010-01-20"),
    ("summary", "generate", "2010Q3", "--json"),
    ("summary", "generate", "2009-05", "--json"),
    ("summary", "generate", "2010Q3", "--unit", "单位001", "--json"),
]


def partial_indexes() -> set[str]:
    """The indexes that hold the open items only: reading one whole reads no closed item."""
    from dangqun_cli.models import SQLModel

    return {
        index.name
        for table in SQLModel.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options["sqlite"]["where"] is not None
    }


def ledger_module():
    spec = importlib.util.spec_from_file_location("ledger", REPO / "benchmarks" / "ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["analyzed", "no statistics"])
def ledger(request, tmp_path, monkeypatch):
    path = tmp_path / "ledger.db"
    ledger_module().build(path, items=2000, units=200, audits=10)
    if request.param == "no statistics":
        with sqlite3.connect(path) as con:
            con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    monkeypatch.setenv("DANGQUN_DB", str(path))
    return path


def wide_reads(path, statements) -> list[str]:
    allowed = partial_indexes()
    scan = re.compile(rf"^SCAN ({'|'.join(BIG_TABLES)})\b(?: USING (?:COVERING )?INDEX (\w+))?")
    found = []
    with sqlite3.connect(path) as con:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            for *_, detail in con.execute(f"EXPLAIN QUERY PLAN {sql}", params):
                walk = scan.match(detail)
                if (walk and walk.group(2) not in allowed) or any(w in detail for w in WIDE):
                    found.append(f"{detail}  ←  {' '.join(sql.split())[:160]}")
    return found


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_reports_never_walk_a_whole_table(ledger, argv, monkeypatch):
    from dangqun_cli.database import reader

    statements = statements_of(argv, reader.SqliteReader, monkeypatch)
    stored = [
        (sql, {k: reader._stored(v) for k, v in params.items()}) for sql, params in statements
    ]
    assert wide_reads(ledger, stored) == []


def statements_of(argv, executor, monkeypatch) -> list[tuple[str, dict]]:
    """Every statement (and its parameters) that ``dangqun ARGV`` runs through ``executor``
    (database/reader.py's SqliteReader or CoreReader): it must read the items."""
    statements: list[tuple[str, dict]] = []
    run = executor._run

    def seen(self, sql, params):
        statements.append((sql, params))
        return run(self, sql, params)

    monkeypatch.setattr(executor, "_run", seen)
    ok(*argv)
    assert any("rectification_item" in sql for sql, _ in statements)
    return statements


def _seq_scans(plan: dict) -> list[str]:
    """The big tables a PostgreSQL plan (EXPLAIN's JSON) reads whole."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += _seq_scans(child)
    return found


@pytest.mark.postgresql_only("the plans of PostgreSQL's planner")
@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_reports_have_an_index_way_in_on_postgresql(hermetic, argv, tmp_path, monkeypatch):
    """The same reads on PostgreSQL. Its planner rightly walks a table this small, so each
    statement is explained with sequential scans priced out (``enable_seqscan = off``): a
    Seq Scan of a big table that remains is one no index can serve."""
    import shutil

    import sqlalchemy as sa

    from dangqun_cli.database import reader

    ledger = ledger_module()
    path = tmp_path / "ledger.db"
    ledger.build(path, items=2000, units=200, audits=10)
    with sqlite3.connect(path) as con:
        ledger_id = con.execute("SELECT value FROM ledger_meta WHERE name = 'ledger_id'")
        ledger_id = ledger_id.fetchone()[0]
    keys = tmp_path / "keys"
    keys.mkdir()
    shutil.copy(ledger.OUT / "keys" / f"{ledger_id}.key", keys)  # what the restore verifies with
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(keys))
    ok("db", "restore", str(path), "--yes")

    statements = statements_of(argv, reader.CoreReader, monkeypatch)
    walks = []
    with hermetic.admin.engine(hermetic.name).connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("SET enable_seqscan = off")
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            (plan,) = conn.execute(sa.text(f"EXPLAIN (FORMAT JSON) {sql}"), params).scalar()
            walks += [f"{t}  ←  {' '.join(sql.split())[:160]}" for t in _seq_scans(plan["Plan"])]
    assert walks == []
