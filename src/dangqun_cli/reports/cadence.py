"""制度执行: each cadence rule against the meetings actually held, sub-period by sub-period.

A rule for one unit counts that unit's meetings; a rule for all units (unit NULL) counts
every meeting of its kind, or, when the check is asked for one unit, that unit's meetings.
Sub-periods are whole calendar months, quarters or years overlapping the period asked.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.dates import Period, parse_period
from dangqun_cli.queries.common import iso
from dangqun_cli.tables import cadence_rule, meeting
from dangqun_cli.unit_lookup import find_unit_id, unit_names


def sub_periods(period: Period, per: str) -> list[Period]:
    """The whole calendar months/quarters/years that overlap ``period``."""
    keys: dict[str, None] = {}
    for month in period.months():
        y, m = month.start.year, month.start.month
        key = {"month": f"{y}-{m:02d}", "quarter": f"{y}Q{(m - 1) // 3 + 1}", "year": str(y)}[per]
        keys[key] = None
    return [parse_period(k) for k in keys]


def rules(conn: Connection, unit_id: int | None = None) -> list:
    """The rules that apply: all of them, or one unit's own plus the rules for all units."""
    c = cadence_rule.c
    query = sa.select(cadence_rule).order_by(c.id)
    if unit_id is not None:
        query = query.where(sa.or_(c.unit_id == unit_id, c.unit_id.is_(None)))
    return conn.execute(query).all()


def check(
    conn: Connection, period: Period, *, today: dt.date, unit: str | None = None
) -> list[dict]:
    """One row per rule and sub-period: required, held, met, and the meetings counted."""
    unit_id = find_unit_id(conn, unit) if unit is not None else None
    applying = rules(conn, unit_id)
    spans = {r.id: sub_periods(period, r.per) for r in applying}
    all_spans = [s for ss in spans.values() for s in ss]
    if not all_spans:
        return []
    m = meeting.c
    query = sa.select(m.id, m.kind, m.unit_id, m.date).where(
        m.kind.in_({r.kind for r in applying}),
        m.date >= min(s.start for s in all_spans),
        m.date < max(s.end for s in all_spans),
    )
    if unit_id is not None:
        query = query.where(m.unit_id == unit_id)
    held = conn.execute(query.order_by(m.date, m.id)).all()
    names = unit_names(conn, {r.unit_id for r in applying})
    rows = []
    for rule in applying:
        for span in spans[rule.id]:
            ids = [
                x.id
                for x in held
                if x.kind == rule.kind
                and x.date in span
                and (rule.unit_id is None or x.unit_id == rule.unit_id)
            ]
            rows.append(
                {
                    "rule_id": rule.id,
                    "kind": rule.kind,
                    # A rule for all units, checked for one, speaks of that unit.
                    "unit": names.get(rule.unit_id) or (unit.strip() if unit else None),
                    "per": rule.per,
                    "period": span.key,
                    "label": span.label,
                    "start": iso(span.start),
                    "end": iso(span.last),
                    "required": rule.min_count,
                    "held": len(ids),
                    "met": len(ids) >= rule.min_count,
                    "needed": max(0, rule.min_count - len(ids)),
                    "finished": span.end <= today,
                    "meetings": ids,
                }
            )
    return rows


def list_rules(conn: Connection) -> list[dict]:
    found = rules(conn)
    names = unit_names(conn, {r.unit_id for r in found})
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "unit": names.get(r.unit_id),
            "min": r.min_count,
            "per": r.per,
        }
        for r in found
    ]
