"""Meetings as lists and as the 会议记录 record (SPEC §7 shapes)."""

from __future__ import annotations

import datetime as dt

from dangqun_cli.database.reader import Reader, listed
from dangqun_cli.dates import Period, When
from dangqun_cli.enums import MeetingKind
from dangqun_cli.queries.common import matched, search_condition
from dangqun_cli.queries.opinions import opinions_of_meeting
from dangqun_cli.records import require
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names


def of_units(units: set[int], *, table: str = "meeting") -> tuple[str, dict]:
    """Meetings held by the units, or attended by someone of theirs (a 联席会议 of the street
    office that the community's secretary attended is the community's meeting too); one
    where their person was absent is not. The condition on ``table`` (the meeting table's
    name or alias) and its parameters."""
    among, params = listed("units", sorted(units))
    attended = f"SELECT meeting_id FROM attendance WHERE unit_id IN {among} AND role != 'absentee'"
    return f"({table}.unit_id IN {among} OR {table}.id IN ({attended}))", params


def list_meetings(
    reader: Reader,
    *,
    kind: MeetingKind | None = None,
    unit: str | None = None,
    period: Period | None = None,
    search: str | None = None,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """Newest first; returns the rows shown and how many matched in all."""
    where, params = ["1 = 1"], {}
    if kind is not None:
        where.append("kind = :kind")
        params["kind"] = kind.value
    if unit is not None:
        theirs, more = of_units(unit_and_below(reader, find_unit_id(reader, unit)))
        where.append(theirs)
        params |= more
    if period is not None:
        where += ["date >= :start", "date < :end"]
        params |= {"start": period.start, "end": period.end}
    if search is not None:
        found, words = search_condition(reader, ("title", "place", "host", "minutes"), search)
        where.append(found)
        params |= words
    sql = (
        "SELECT id, kind, title, date, time, part, place, unit_id, host,"
        " (SELECT count(*) FROM attendance a"
        "  WHERE a.meeting_id = meeting.id AND a.role = 'attendee') AS attendees,"
        " (SELECT count(*) FROM opinion o WHERE o.meeting_id = meeting.id) AS opinions"
        f" FROM meeting WHERE {' AND '.join(where)}"
        " ORDER BY date DESC, time DESC NULLS LAST, id DESC"  # as SQLite orders by itself
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = reader.rows(sql, **params)
    units = unit_names(reader, {r.unit_id for r in rows})
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
    return shown, matched(reader, len(shown), limit, "meeting", where, params)


def show_meeting(reader: Reader, meeting_id: int, *, today: dt.date) -> dict:
    """The whole record, in the SPEC §7 shape, with the opinions raised at it."""
    row = require(
        "meeting",
        meeting_id,
        lambda: reader.first("SELECT * FROM meeting WHERE id = :id", id=meeting_id),
    )
    people = reader.rows(
        "SELECT role, name, unit_id, org, reason FROM attendance WHERE meeting_id = :id"
        " ORDER BY position, id",
        id=meeting_id,
    )
    units = unit_names(reader, {row.unit_id} | {p.unit_id for p in people})

    def named(role: str, *more: str) -> list[dict]:
        # "unit" is a registered unit; an invitee's "org" an outside organisation (text).
        return [
            {"name": p.name, "unit": units.get(p.unit_id)} | {k: getattr(p, k) for k in more}
            for p in people
            if p.role == role
        ]

    decisions = reader.rows(
        "SELECT text FROM decision WHERE meeting_id = :id ORDER BY position, id", id=meeting_id
    )
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
        "decisions": [d.text for d in decisions],
        "opinions": opinions_of_meeting(reader, meeting_id, today=today),
    }
