"""Record numbers: the same next number on SQLite and PostgreSQL, never one given out twice.

SQLite never gives a root record's number out twice (AUTOINCREMENT remembers the highest
ever used); children are numbered max(id) + 1. PostgreSQL's counters are set back to
what SQLite would use next, and a copied SQLite file remembers what its original did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from dangqun_cli.records import KINDS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# dangqun's numbered tables, and what the audit trail calls their records (None for the
# children). tests/test_migrations.py checks this list against the models.
NUMBERED: dict[str, str | None] = {kind.table: kind.key for kind in KINDS} | dict.fromkeys(
    ("attendance", "decision", "progress_note", "extension", "recheck", "attachment", "audit_entry")
)


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
