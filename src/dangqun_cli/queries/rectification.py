"""The rectification ledger (整改台账) as lists and records, most urgent first.

逾期 (overdue) is derived here from the deadline and "today", never stored. A list is read
in segments — items with a deadline by deadline (so the most overdue come first), then
长期坚持 items, then closed ones when asked — each with its own index, so the first page
costs the same on 10 items and on 100,000.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.dates import Period, format_date
from dangqun_cli.enums import ItemState
from dangqun_cli.queries.common import count, iso, search_condition
from dangqun_cli.records import require
from dangqun_cli.tables import extension, item, item_opinion, opinion, progress_note
from dangqun_cli.text import NAME_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, unit_names

c = item.c
# A literal, not a bound parameter: SQLite uses the partial index only when the query's
# condition is the index's own ("state != 'closed'").
NOT_CLOSED = c.state != sa.literal_column("'closed'")
CLOSED = c.state == sa.literal_column("'closed'")
# Closed, for a read that finds its rows by the closing date: the state is wrapped in a
# function so its index (seven items in ten, at scale) is not offered to the planner.
CLOSED_BY_DATE = sa.func.coalesce(c.state, c.state) == sa.literal_column("'closed'")

LIST_COLUMNS = (
    c.id,
    c.problem,
    c.unit_id,
    c.owner,
    c.leader,
    c.due,
    c.state,
    c.opened_on,
    c.closed_on,
)


def urgency(due: dt.date | None, state: str, today: dt.date) -> tuple[bool, int | None]:
    """(overdue, days left): days left is negative when overdue, None when closed or ongoing."""
    if due is None or state == ItemState.closed.value:
        return False, None
    days = (due - today).days
    return days < 0, days


def list_items(
    conn: Connection,
    *,
    today: dt.date,
    state: str | None = None,
    unit: str | None = None,
    owner: str | None = None,
    overdue: bool = False,
    due_before: dt.date | None = None,
    due_from: dt.date | None = None,
    period: Period | None = None,
    search: str | None = None,
    ongoing: bool = False,
    limit: int | None = 50,
    ids_only: bool = False,
) -> tuple[list, int]:
    """``state`` is an ItemState value, ``overdue``, ``all`` or None (everything not closed).

    ``ids_only`` returns the ids in list order (for export) instead of the rows."""
    base = []
    if unit is not None:
        base.append(c.unit_id == find_unit_id(conn, unit))
    if owner is not None:
        base.append(c.owner == clean_text(owner, field="责任人", max_len=NAME_MAX, required=True))
    if period is not None:
        base += [c.opened_on >= period.start, c.opened_on < period.end]
    if search is not None:
        base.append(search_condition(conn, (c.problem, c.measures, c.owner, c.leader), search))
    if state == "overdue":
        overdue, state = True, None

    segments = []  # (conditions, order): read in this order until the page is full
    if state == ItemState.closed.value:
        closed = [CLOSED]
        if ongoing:
            closed.append(c.due.is_(None))
        for bound, cond in ((due_before, lambda d: c.due < d), (due_from, lambda d: c.due >= d)):
            if bound is not None:
                closed.append(cond(bound))
        if not overdue:  # a closed item is never overdue
            segments.append((closed, (c.closed_on.desc(), c.id.desc())))
    else:
        open_side = [NOT_CLOSED]
        if state not in (None, "all"):
            open_side.append(c.state == state)
        dated = [*open_side, c.due.is_not(None)]
        if overdue:
            dated.append(c.due < today)
        if due_before is not None:
            dated.append(c.due < due_before)
        if due_from is not None:
            dated.append(c.due >= due_from)
        if not ongoing:
            segments.append((dated, (c.due, c.id)))
        dated_only = overdue or due_before is not None or due_from is not None
        if not dated_only:
            segments.append(([*open_side, c.due.is_(None)], (c.id,)))
        if state == "all" and not dated_only:
            closed = [CLOSED, c.due.is_(None)] if ongoing else [CLOSED]
            segments.append((closed, (c.closed_on.desc(), c.id.desc())))

    rows, total = [], 0
    for conditions, order in segments:
        where = [*base, *conditions]
        room = None if limit is None else limit - len(rows)
        if room is None or room > 0:
            picked = (c.id,) if ids_only else LIST_COLUMNS
            query = sa.select(*picked).where(*where).order_by(*order).limit(room)
            found = conn.execute(query).all()
            rows += found
            got_all = room is None or len(found) < room
            total += len(found) if got_all else count(conn, item, where)
        else:
            total += count(conn, item, where)
    if ids_only:
        return [r.id for r in rows], total
    units = unit_names(conn, {r.unit_id for r in rows})
    return [_list_row(r, units, today) for r in rows], total


def _list_row(r, units: dict[int, str], today: dt.date) -> dict:
    late, days = urgency(r.due, r.state, today)
    return {
        "id": r.id,
        "problem": r.problem,
        "unit": units.get(r.unit_id),
        "owner": r.owner,
        "leader": r.leader,
        "due": iso(r.due),
        "ongoing": r.due is None,
        "state": r.state,
        "overdue": late,
        "days_left": days,
        "opened_on": iso(r.opened_on),
        "closed_at": iso(r.closed_on),
    }


def show_item(conn: Connection, item_id: int, *, today: dt.date) -> dict:
    """The whole item with its history, in the SPEC §7 shape."""
    row = require(
        "item", item_id, lambda: conn.execute(sa.select(item).where(c.id == item_id)).first()
    )
    n = progress_note.c
    notes = conn.execute(
        sa.select(n.kind, n.day, n.by, n.text).where(n.item_id == item_id).order_by(n.id)
    ).all()
    e = extension.c
    extensions = conn.execute(
        sa.select(e.from_due, e.to_due, e.reason, e.day, e.by)
        .where(e.item_id == item_id)
        .order_by(e.id)
    ).all()
    o = opinion.c
    opinions = conn.execute(
        sa.select(o.id, o.meeting_id, o.text, o.state)
        .join(item_opinion, item_opinion.c.opinion_id == o.id)
        .where(item_opinion.c.item_id == item_id)
        .order_by(o.id)
    ).all()
    late, days = urgency(row.due, row.state, today)
    history = [(row.opened_on, 0, 0, "open", None, row.problem)]
    rank = {"note": 1, "submit": 3, "reject": 4, "verify": 5}
    history += [(x.day, rank[x.kind], i, x.kind, x.by, x.text) for i, x in enumerate(notes)]
    history += [
        (
            x.day,
            2,
            i,
            "extend",
            x.by,
            f"时限由{format_date(x.from_due)}延至{format_date(x.to_due)}：{x.reason}",
        )
        for i, x in enumerate(extensions)
    ]
    return {
        "id": row.id,
        "problem": row.problem,
        "measures": row.measures,
        "source": row.source,
        "category": row.category,
        "target": row.target,
        "unit": unit_names(conn, {row.unit_id}).get(row.unit_id),
        "partners": row.partners.split("、") if row.partners else [],
        "owner": row.owner,
        "leader": row.leader,
        "due": iso(row.due),
        "original_due": iso(row.original_due),
        "ongoing": row.due is None,
        "state": row.state,
        "overdue": late,
        "days_left": days,
        "opened_on": iso(row.opened_on),
        "opinions": [
            {"id": x.id, "meeting_id": x.meeting_id, "text": x.text, "state": x.state}
            for x in opinions
        ],
        "notes": [
            {"at": iso(x.day), "by": x.by, "text": x.text} for x in notes if x.kind == "note"
        ],
        "rejections": [
            {"at": iso(x.day), "by": x.by, "reason": x.text} for x in notes if x.kind == "reject"
        ],
        "extensions": [
            {
                "from": iso(x.from_due),
                "to": iso(x.to_due),
                "reason": x.reason,
                "at": iso(x.day),
                "by": x.by,
            }
            for x in extensions
        ],
        "result": row.result,
        "evidence": row.evidence,
        "submitted_on": iso(row.submitted_on),
        "verified_by": row.verified_by,
        "closed_at": iso(row.closed_on),
        "history": [
            {"at": iso(day), "action": action, "by": by, "text": text}
            for day, _, _, action, by, text in sorted(history, key=lambda h: h[:3])
        ],
    }


def items_for_opinions(
    conn: Connection, opinion_ids: list[int], *, today: dt.date
) -> dict[int, list[dict]]:
    """The items each opinion became (list rows), for ``opinion show`` and ``meeting show``."""
    if not opinion_ids:
        return {}
    link = item_opinion.c
    rows = conn.execute(
        sa.select(link.opinion_id, *LIST_COLUMNS)
        .join(item, c.id == link.item_id)
        .where(link.opinion_id.in_(opinion_ids))
        .order_by(c.id)
    ).all()
    units = unit_names(conn, {r.unit_id for r in rows})
    found: dict[int, list[dict]] = {}
    for r in rows:
        found.setdefault(r.opinion_id, []).append(_list_row(r, units, today))
    return found
