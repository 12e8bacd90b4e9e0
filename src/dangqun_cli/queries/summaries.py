"""Saved work summaries as a list and as one record."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.queries.common import iso
from dangqun_cli.records import require
from dangqun_cli.tables import unit, work_summary
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


def list_summaries(conn: Connection) -> list[dict]:
    s = work_summary.c
    rows = conn.execute(
        sa.select(
            s.id,
            s.period_key,
            s.period_start,
            s.period_end,
            s.unit_id,
            s.title,
            s.state,
            s.created_at,
            s.finalized_at,
        ).order_by(s.period_start.desc(), s.id.desc())
    ).all()
    names = unit_names(conn, {r.unit_id for r in rows})
    return [_row(r, names) for r in rows]


def show_summary(conn: Connection, summary_id: int) -> dict:
    query = sa.select(work_summary).where(work_summary.c.id == summary_id)
    row = require("summary", summary_id, lambda: conn.execute(query).first())
    data = _row(row, unit_names(conn, {row.unit_id}))
    data["narrative"] = row.narrative
    data["anchor"] = (
        {"id": row.anchor_entry, "hash": row.anchor_hash} if row.anchor_entry is not None else None
    )
    data["facts"] = json.loads(row.facts)
    return data


def organisation(conn: Connection) -> str | None:
    """The one top-level unit, if there is exactly one: the office the summary speaks for."""
    roots = list(
        conn.execute(sa.select(unit.c.name).where(unit.c.parent_id.is_(None)).limit(2)).scalars()
    )
    return roots[0] if len(roots) == 1 else None
