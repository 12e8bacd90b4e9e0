"""Opinions as lists and records (SPEC §7 shapes)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.dates import Period
from dangqun_cli.enums import OpinionState
from dangqun_cli.queries.common import count, iso, search_condition
from dangqun_cli.records import require
from dangqun_cli.tables import meeting, opinion
from dangqun_cli.text import NAME_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names


def opinions_of_meeting(conn: Connection, meeting_id: int, *, today: dt.date) -> list[dict]:
    """The opinions raised at a meeting, each with the rectification items it became."""
    from dangqun_cli.queries.rectification import items_for_opinions

    o = opinion.c
    rows = conn.execute(
        sa.select(o.id, o.raised_by, o.topic, o.text, o.state, o.reply, o.reason)
        .where(o.meeting_id == meeting_id)
        .order_by(o.id)
    )
    rows = rows.all()
    items = items_for_opinions(conn, [r.id for r in rows], today=today)
    return [
        {
            "id": r.id,
            "by": r.raised_by,
            "topic": r.topic,
            "text": r.text,
            "state": r.state,
            "reply": r.reply,
            "reason": r.reason,
            "items": items.get(r.id, []),
        }
        for r in rows
    ]


def require_meeting(conn: Connection, meeting_id: int) -> int:
    return require(
        "meeting",
        meeting_id,
        lambda: conn.execute(sa.select(meeting.c.id).where(meeting.c.id == meeting_id)).scalar(),
    )


def of_units(units: set[int]):
    """Opinions raised by the units' people or at the units' meetings (``--unit``)."""
    o, m = opinion.c, meeting.c
    held = sa.select(m.id).where(m.unit_id.in_(units))
    return sa.or_(o.unit_id.in_(units), o.meeting_id.in_(held))


def list_opinions(
    conn: Connection,
    *,
    meeting_id: int | None = None,
    topic: str | None = None,
    state: OpinionState | None = None,
    unit: str | None = None,
    period: Period | None = None,
    search: str | None = None,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """Newest first; returns the rows shown and how many matched in all."""
    o = opinion.c
    conditions = []
    if meeting_id is not None:
        conditions.append(o.meeting_id == require_meeting(conn, meeting_id))
    if topic is not None:
        conditions.append(
            o.topic == clean_text(topic, field="类别", max_len=NAME_MAX, required=True)
        )
    if state is not None:
        conditions.append(o.state == state.value)
    if unit is not None:
        conditions.append(of_units(unit_and_below(conn, find_unit_id(conn, unit))))
    if period is not None:
        conditions += [o.raised_on >= period.start, o.raised_on < period.end]
    if search is not None:
        conditions.append(search_condition(conn, (o.text, o.raised_by, o.reply, o.source), search))
    query = (
        sa.select(
            o.id,
            o.meeting_id,
            o.source,
            o.raised_by,
            o.topic,
            o.text,
            o.state,
            o.raised_on,
            o.unit_id,
        )
        .where(*conditions)
        .order_by(o.raised_on.desc(), o.id.desc())
        .limit(limit)
    )
    rows = conn.execute(query).all()
    names = unit_names(conn, {r.unit_id for r in rows})
    shown = [
        {
            "id": r.id,
            "meeting_id": r.meeting_id,
            "source": r.source,
            "by": r.raised_by,
            "topic": r.topic,
            "text": r.text,
            "state": r.state,
            "raised_on": iso(r.raised_on),
            "unit": names.get(r.unit_id),
        }
        for r in rows
    ]
    total = len(shown) if limit is None or len(shown) < limit else count(conn, opinion, conditions)
    return shown, total


def show_opinion(conn: Connection, opinion_id: int, *, today: dt.date) -> dict:
    from dangqun_cli.queries.rectification import items_for_opinions

    o = opinion.c
    query = (
        sa.select(opinion, meeting.c.title.label("meeting_title"))
        .select_from(opinion.outerjoin(meeting, meeting.c.id == o.meeting_id))
        .where(o.id == opinion_id)
    )
    row = require("opinion", opinion_id, lambda: conn.execute(query).first())
    return {
        "id": row.id,
        "meeting_id": row.meeting_id,
        "meeting": row.meeting_title,
        "source": row.source,
        "by": row.raised_by,
        "topic": row.topic,
        "text": row.text,
        "state": row.state,
        "reply": row.reply,
        "reason": row.reason,
        "raised_on": iso(row.raised_on),
        "handled_on": iso(row.handled_on),
        "unit": unit_names(conn, {row.unit_id}).get(row.unit_id),
        "items": items_for_opinions(conn, [row.id], today=today).get(row.id, []),
    }
