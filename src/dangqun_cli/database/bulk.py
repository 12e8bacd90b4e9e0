"""Many complete rows into one table in one statement, at the driver's speed.

SQLAlchemy's executemany prepares each row's parameters in Python (about 15 µs a row
here), which is most of a 10,000-row import's insert time on SQLite. There the rows go to
the driver directly, each value through its column's own bind processor (so dates, times
and enums are stored exactly as SQLAlchemy stores them); PostgreSQL keeps SQLAlchemy's
batched insert.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def insert_rows(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert ``rows``, each with the same keys (the columns they set)."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(sa.insert(table), rows)
        return
    columns = [c for c in table.columns if c.key in rows[0]]
    keys = [c.key for c in columns]
    steps = [c.type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for c in columns]
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    # Each row's values in C (itemgetter); only the columns with a processor (dates, times
    # and enums, on SQLite) are touched in Python, and each distinct value once: a ledger's
    # rows share a few hundred dates and a handful of states (a processor is a pure function
    # of its value; the key keeps True apart from 1).
    get = itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    todo = [(i, step, {}) for i, step in enumerate(steps) if step is not None]
    data = []
    for row in rows:
        values = get(row)
        if todo:
            values = list(values)
            for i, step, done in todo:
                value = values[i]
                key = (value.__class__, value)
                try:
                    values[i] = done[key]
                except KeyError:
                    values[i] = done[key] = step(value)
                except TypeError:  # a value that cannot be a key
                    values[i] = step(value)
            values = tuple(values)  # what SQLAlchemy passes on to the driver
        data.append(values)
    conn.exec_driver_sql(sql, data)
