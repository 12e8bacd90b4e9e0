"""One record's own columns, of any kind (records.KINDS): what ``delete`` names before asking."""

from __future__ import annotations

from dangqun_cli.database.reader import Reader
from dangqun_cli.records import BY_KEY, possible


def record_values(reader: Reader, kind: str, record_id: int) -> dict | None:
    """A record's own columns (no children), or None when there is none with that number."""
    if not possible(record_id):
        return None
    row = reader.first(f"SELECT * FROM {BY_KEY[kind].table} WHERE id = :id", id=record_id)
    return None if row is None else dict(row._asdict())
