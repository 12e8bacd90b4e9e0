"""Opinions as lists and records (SPEC §7 shapes)."""

from __future__ import annotations

import datetime as dt

from dangqun_cli.database.reader import Reader, listed
from dangqun_cli.dates import Period
from dangqun_cli.enums import OpinionState
from dangqun_cli.queries.common import iso, matched, search_condition
from dangqun_cli.records import require
from dangqun_cli.text import NAME_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names


def opinions_of_meeting(reader: Reader, meeting_id: int, *, today: dt.date) -> list[dict]:
    """The opinions raised at a meeting, each with the rectification items it became."""
    from dangqun_cli.queries.rectification import items_for_opinions

    rows = reader.rows(
        "SELECT id, raised_by, topic, text, state, reply, reason FROM opinion"
        " WHERE meeting_id = :meeting ORDER BY id",
        meeting=meeting_id,
    )
    items = items_for_opinions(reader, [r.id for r in rows], today=today)
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


def require_meeting(reader: Reader, meeting_id: int) -> int:
    return require(
        "meeting",
        meeting_id,
        lambda: reader.scalar("SELECT id FROM meeting WHERE id = :id", id=meeting_id),
    )


def of_units(units: set[int], *, table: str = "opinion") -> tuple[str, dict]:
    """Opinions raised by the units' people or at the units' meetings (``--unit``): the
    condition on ``table`` (the opinion table's name or alias) and its parameters."""
    among, params = listed("units", sorted(units))
    held = f"SELECT id FROM meeting WHERE unit_id IN {among}"
    return f"({table}.unit_id IN {among} OR {table}.meeting_id IN ({held}))", params


def list_opinions(
    reader: Reader,
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
    where, params = ["1 = 1"], {}
    if meeting_id is not None:
        where.append("meeting_id = :meeting")
        params["meeting"] = require_meeting(reader, meeting_id)
    if topic is not None:
        where.append("topic = :topic")
        params["topic"] = clean_text(topic, field="类别", max_len=NAME_MAX, required=True)
    if state is not None:
        where.append("state = :state")
        params["state"] = state.value
    if unit is not None:
        theirs, more = of_units(unit_and_below(reader, find_unit_id(reader, unit)))
        where.append(theirs)
        params |= more
    if period is not None:
        where += ["raised_on >= :start", "raised_on < :end"]
        params |= {"start": period.start, "end": period.end}
    if search is not None:
        found, words = search_condition(reader, ("text", "raised_by", "reply", "source"), search)
        where.append(found)
        params |= words
    sql = (
        "SELECT id, meeting_id, source, raised_by, topic, text, state, raised_on, unit_id"
        f" FROM opinion WHERE {' AND '.join(where)} ORDER BY raised_on DESC, id DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = reader.rows(sql, **params)
    names = unit_names(reader, {r.unit_id for r in rows})
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
    return shown, matched(reader, len(shown), limit, "opinion", where, params)


def show_opinion(reader: Reader, opinion_id: int, *, today: dt.date) -> dict:
    from dangqun_cli.queries.rectification import items_for_opinions

    row = require(
        "opinion",
        opinion_id,
        lambda: reader.first(
            "SELECT o.*, m.title AS meeting_title FROM opinion o"
            " LEFT JOIN meeting m ON m.id = o.meeting_id WHERE o.id = :id",
            id=opinion_id,
        ),
    )
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
        "unit": unit_names(reader, {row.unit_id}).get(row.unit_id),
        "items": items_for_opinions(reader, [row.id], today=today).get(row.id, []),
    }
