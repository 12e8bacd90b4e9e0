"""Saved work summaries as a list and as one record."""

from __future__ import annotations

import json

from dangqun_cli.database.reader import Reader
from dangqun_cli.queries.common import iso
from dangqun_cli.records import require
from dangqun_cli.unit_lookup import unit_names


def _row(r, names: dict[int, str]) -> dict:
    return {
        "id": r.id,
        "period": r.period_key,
        "start": iso(r.period_start),
        "end": iso(r.period_end),
        "unit": names.get(r.unit_id),
        "title": r.title,
        "state": r.state,
        "created_at": iso(r.created_at),
        "finalized_at": iso(r.finalized_at),
    }


def list_summaries(reader: Reader) -> list[dict]:
    rows = reader.rows(
        "SELECT id, period_key, period_start, period_end, unit_id, title, state, created_at,"
        " finalized_at FROM work_summary ORDER BY period_start DESC, id DESC"
    )
    names = unit_names(reader, {r.unit_id for r in rows})
    return [_row(r, names) for r in rows]


def show_summary(reader: Reader, summary_id: int) -> dict:
    row = require(
        "summary",
        summary_id,
        lambda: reader.first("SELECT * FROM work_summary WHERE id = :id", id=summary_id),
    )
    data = _row(row, unit_names(reader, {row.unit_id}))
    data["narrative"] = row.narrative
    data["anchor"] = (
        {"id": row.anchor_entry, "hash": row.anchor_hash} if row.anchor_entry is not None else None
    )
    data["facts"] = json.loads(row.facts)
    return data


def organisation(reader: Reader) -> str | None:
    """The one top-level unit, if there is exactly one: the office the summary speaks for."""
    roots = reader.rows("SELECT name FROM unit WHERE parent_id IS NULL LIMIT 2")
    return roots[0].name if len(roots) == 1 else None
