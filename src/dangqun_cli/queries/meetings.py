"""Meetings as lists and as the 会议记录 record (SPEC §7 shapes)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.dates import Period, When
from dangqun_cli.enums import MeetingKind
from dangqun_cli.queries.common import count, search_condition
from dangqun_cli.queries.opinions import opinions_of_meeting
from dangqun_cli.records import require
from dangqun_cli.tables import attendance, decision, meeting, opinion
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names


def of_units(units: set[int]):
    """Meetings held by the units, or attended by someone of theirs (a 联席会议 of the street
    office that the community's secretary attended is the community's meeting too); one
    where their person was absent is not."""
    m, a = meeting.c, attendance.c
    attended = sa.select(a.meeting_id).where(a.unit_id.in_(units), a.role != "absentee")
    return sa.or_(m.unit_id.in_(units), m.id.in_(attended))


def list_meetings(
    conn: Connection,
    *,
    kind: MeetingKind | None = None,
    unit: str | None = None,
    period: Period | None = None,
    search: str | None = None,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """Newest first; returns the rows shown and how many matched in all."""
    m = meeting.c
    conditions = []
    if kind is not None:
        conditions.append(m.kind == kind.value)
    if unit is not None:
        conditions.append(of_units(unit_and_below(conn, find_unit_id(conn, unit))))
    if period is not None:
        conditions += [m.date >= period.start, m.date < period.end]
    if search is not None:
        conditions.append(search_condition(conn, (m.title, m.place, m.host, m.minutes), search))
    attendees = (
        sa.select(sa.func.count())
        .where(attendance.c.meeting_id == m.id, attendance.c.role == "attendee")
        .scalar_subquery()
    )
    opinions = sa.select(sa.func.count()).where(opinion.c.meeting_id == m.id).scalar_subquery()
    query = (
        sa.select(m.id, m.kind, m.title, m.date, m.time, m.part, m.place, m.unit_id, m.host)
        .add_columns(attendees.label("attendees"), opinions.label("opinions"))
        .where(*conditions)
        .order_by(m.date.desc(), m.time.desc().nulls_last(), m.id.desc())  # as SQLite does
        .limit(limit)
    )
    rows = conn.execute(query).all()
    units = unit_names(conn, {r.unit_id for r in rows})
    shown = [
        {
            "id": r.id,
            "kind": r.kind,
            "title": r.title,
            "date": When(r.date, r.time).isoformat(),
            "part_of_day": r.part,
            "place": r.place,
            "unit": units.get(r.unit_id),
            "host": r.host,
            "attendees": r.attendees,
            "opinions": r.opinions,
        }
        for r in rows
    ]
    total = len(shown) if limit is None or len(shown) < limit else count(conn, meeting, conditions)
    return shown, total


def show_meeting(conn: Connection, meeting_id: int, *, today: dt.date) -> dict:
    """The whole record, in the SPEC §7 shape, with the opinions raised at it."""
    m = meeting.c
    row = require(
        "meeting",
        meeting_id,
        lambda: conn.execute(sa.select(meeting).where(m.id == meeting_id)).first(),
    )
    people = conn.execute(
        sa.select(
            attendance.c.role,
            attendance.c.name,
            attendance.c.unit_id,
            attendance.c.org,
            attendance.c.reason,
        )
        .where(attendance.c.meeting_id == meeting_id)
        .order_by(attendance.c.position, attendance.c.id)
    ).all()
    units = unit_names(conn, {row.unit_id} | {p.unit_id for p in people})

    def named(role: str, *more: str) -> list[dict]:
        # "unit" is a registered unit; an invitee's "org" an outside organisation (text).
        return [
            {"name": p.name, "unit": units.get(p.unit_id)} | {k: getattr(p, k) for k in more}
            for p in people
            if p.role == role
        ]

    decisions = conn.execute(
        sa.select(decision.c.text)
        .where(decision.c.meeting_id == meeting_id)
        .order_by(decision.c.position, decision.c.id)
    ).scalars()
    end = When(row.end_date, row.end_time) if row.end_date else None
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "date": When(row.date, row.time).isoformat(),
        "part_of_day": row.part,
        "end": end.isoformat() if end else None,
        "place": row.place,
        "unit": units.get(row.unit_id),
        "host": row.host,
        "recorder": row.recorder,
        "attendees": named("attendee"),
        "absentees": named("absentee", "reason"),
        "invitees": named("invitee", "org"),
        "expected": row.expected,
        "present": row.present,
        "minutes": row.minutes,
        "decisions": list(decisions),
        "opinions": opinions_of_meeting(conn, meeting_id, today=today),
    }
