"""The rectification ledger (整改台账) as lists and records, most urgent first.

逾期 (overdue) is derived here from the deadline and "today", never stored. A list is read
in segments — items with a deadline by deadline (so the most overdue come first), then
长期坚持 items, then closed ones when asked — each with its own index, so the first page
costs the same on 10 items and on 100,000.
"""

from __future__ import annotations

import datetime as dt

from dangqun_cli.database.reader import Reader, listed
from dangqun_cli.dates import Period, format_date
from dangqun_cli.enums import ItemState
from dangqun_cli.queries.attachments import item_attachments
from dangqun_cli.queries.common import count, iso, search_condition
from dangqun_cli.records import require
from dangqun_cli.text import NAME_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, unit_names

ITEM = "rectification_item"
# Literals, not bound parameters: SQLite uses the partial index only when the query's
# condition is the index's own ("state != 'closed'").
NOT_CLOSED = "state != 'closed'"
CLOSED = "state = 'closed'"
# Closed, for a read that finds its rows by the closing date: the state is wrapped in a
# function so its index (seven items in ten, at scale) is not offered to the planner.
CLOSED_BY_DATE = "coalesce(state, state) = 'closed'"

LIST_COLUMNS = "id, problem, unit_id, owner, leader, due, state, opened_on, closed_on"


def urgency(due: dt.date | None, state: str, today: dt.date) -> tuple[bool, int | None]:
    """(overdue, days left): days left is negative when overdue, None when closed or ongoing."""
    if due is None or state == ItemState.closed.value:
        return False, None
    days = (due - today).days
    return days < 0, days


def list_items(
    reader: Reader,
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
    base: list[str] = []
    params: dict = {"today": today, "due_before": due_before, "due_from": due_from}
    if unit is not None:
        base.append("unit_id = :unit_id")
        params["unit_id"] = find_unit_id(reader, unit)
    if owner is not None:
        base.append("owner = :owner")
        params["owner"] = clean_text(owner, field="责任人", max_len=NAME_MAX, required=True)
    if period is not None:
        base += ["opened_on >= :start", "opened_on < :end"]
        params |= {"start": period.start, "end": period.end}
    if search is not None:
        found, words = search_condition(reader, ("problem", "measures", "owner", "leader"), search)
        base.append(found)
        params |= words
    if state == "overdue":
        overdue, state = True, None
    bounds = [
        cond
        for cond, bound in (("due < :due_before", due_before), ("due >= :due_from", due_from))
        if bound is not None
    ]

    segments = []  # (conditions, order): read in this order until the page is full
    if state == ItemState.closed.value:
        closed = [CLOSED, *bounds]
        if ongoing:
            closed.append("due IS NULL")
        if not overdue:  # a closed item is never overdue
            segments.append((closed, "closed_on DESC, id DESC"))
    else:
        open_side = [NOT_CLOSED]
        if state not in (None, "all"):
            open_side.append("state = :state")
            params["state"] = state
        dated = [*open_side, "due IS NOT NULL", *bounds]
        if overdue:
            dated.append("due < :today")
        if not ongoing:
            segments.append((dated, "due, id"))
        dated_only = overdue or bool(bounds)
        if not dated_only:
            segments.append(([*open_side, "due IS NULL"], "id"))
        if state == "all" and not dated_only:
            closed = [CLOSED, "due IS NULL"] if ongoing else [CLOSED]
            segments.append((closed, "closed_on DESC, id DESC"))

    rows, total = [], 0
    picked = "id" if ids_only else LIST_COLUMNS
    for conditions, order in segments:
        where = [*base, *conditions]
        room = None if limit is None else limit - len(rows)
        if room is None or room > 0:
            sql = f"SELECT {picked} FROM {ITEM} WHERE {' AND '.join(where)} ORDER BY {order}"
            if room is not None:
                sql += f" LIMIT {int(room)}"
            found = reader.rows(sql, **params)
            rows += found
            got_all = room is None or len(found) < room
            total += len(found) if got_all else count(reader, ITEM, where, params)
        else:
            total += count(reader, ITEM, where, params)
    if ids_only:
        return [r.id for r in rows], total
    units = unit_names(reader, {r.unit_id for r in rows})
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


def show_item(reader: Reader, item_id: int, *, today: dt.date) -> dict:
    """The whole item with its history, in the SPEC §7 shape."""
    row = require(
        "item", item_id, lambda: reader.first(f"SELECT * FROM {ITEM} WHERE id = :id", id=item_id)
    )
    notes = reader.rows(
        'SELECT kind, day, "by", text FROM progress_note WHERE item_id = :id ORDER BY id',
        id=item_id,
    )
    extensions = reader.rows(
        'SELECT from_due, to_due, reason, day, "by" FROM extension WHERE item_id = :id ORDER BY id',
        id=item_id,
    )
    rechecks = reader.rows(
        'SELECT id, day, effective, result, reason, "by", created_at FROM recheck'
        " WHERE item_id = :id ORDER BY id",
        id=item_id,
    )
    opinions = reader.rows(
        "SELECT o.id, o.meeting_id, o.text, o.state FROM opinion o"
        " JOIN item_opinion link ON link.opinion_id = o.id"
        " WHERE link.item_id = :id ORDER BY o.id",
        id=item_id,
    )
    attachments = item_attachments(reader, item_id)
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
    history += [
        (x.day, 6, i, "recheck", x.by, x.result)
        if x.effective
        else (x.day, 6, i, "reopen", x.by, f"未见成效，重新整改：{x.reason}")
        for i, x in enumerate(rechecks)
    ]
    history += [
        (
            dt.date.fromisoformat(x["at"][:10]),
            2,
            i,
            "attach",
            x["by"],
            f"附件 {x['id']}：{x['name']}",
        )
        for i, x in enumerate(attachments)
    ]
    return {
        "id": row.id,
        "problem": row.problem,
        "measures": row.measures,
        "source": row.source,
        "category": row.category,
        "target": row.target,
        "unit": unit_names(reader, {row.unit_id}).get(row.unit_id),
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
        "attachments": attachments,
        "submitted_on": iso(row.submitted_on),
        "verified_by": row.verified_by,
        "closed_at": iso(row.closed_on),
        "recheck_due": iso(recheck_due(row.closed_on, rechecks, reader)),
        "rechecks": [
            {
                "id": x.id,
                "date": iso(x.day),
                "result": x.result,
                "effective": bool(x.effective),
                "reason": x.reason,
                "by": x.by,
                "at": iso(x.created_at),
            }
            for x in rechecks
        ],
        "history": [
            {"at": iso(day), "action": action, "by": by, "text": text}
            for day, _, _, action, by, text in sorted(history, key=lambda h: h[:3])
        ],
    }


def recheck_days(reader: Reader) -> int:
    """The days from 销号 to the re-check (setting ``recheck.days``)."""
    from dangqun_cli import settings
    from dangqun_cli.queries.settings import value

    return settings.recheck_days(value(reader, settings.RECHECK_DAYS))


def recheck_due(closed_on: dt.date | None, rechecks: list, reader: Reader) -> dt.date | None:
    """The day a closed item is to be re-checked (回头看): its 销号 plus ``recheck.days``,
    until a re-check that held is recorded after it (None then, and while not closed)."""
    if closed_on is None or any(r.effective and r.day >= closed_on for r in rechecks):
        return None
    return closed_on + dt.timedelta(days=recheck_days(reader))


# A closed item still to be re-checked: no re-check that held since its 销号 (the index on
# recheck (item_id, effective, day) answers it for each item).
NOT_RECHECKED = (
    "NOT EXISTS (SELECT 1 FROM recheck r WHERE r.item_id = i.id"
    " AND r.effective = :held AND r.day >= i.closed_on)"
)


def rechecks_due(reader: Reader, *, today: dt.date, limit: int | None) -> tuple[list[dict], int]:
    """Closed items whose re-check day (销号 + ``recheck.days``) is today or past and that
    have no re-check that held since: the longest waiting first, and how many in all."""
    days = recheck_days(reader)
    where = f"{CLOSED_BY_DATE} AND i.closed_on <= :cutoff AND {NOT_RECHECKED}"
    params = {"cutoff": today - dt.timedelta(days=days), "held": True}
    sql = (
        f"SELECT i.id, i.problem, i.unit_id, i.owner, i.closed_on FROM {ITEM} i"
        f" WHERE {where} ORDER BY i.closed_on, i.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = reader.rows(sql, **params)
    total = len(rows)
    if limit is not None and total >= limit:
        # Counted as the items closed by the cutoff (the closing date index alone) less
        # those of them re-checked since (read from the few held re-checks, each item by
        # its id): asking each closed item for its re-checks would cost twice as much.
        # CROSS JOIN: SQLite takes the re-checks first, as written.
        closed = f"{CLOSED_BY_DATE} AND closed_on <= :cutoff"
        total = reader.scalar(f"SELECT count(*) FROM {ITEM} WHERE {closed}", **params)
        total -= reader.scalar(
            f"SELECT count(DISTINCT r.item_id) FROM recheck r CROSS JOIN {ITEM} i"
            " WHERE i.id = r.item_id AND r.effective = :held AND r.day >= i.closed_on"
            " AND i.state = 'closed' AND i.closed_on <= :cutoff",
            **params,
        )
    units = unit_names(reader, {r.unit_id for r in rows})
    shown = []
    for r in rows:
        due = r.closed_on + dt.timedelta(days=days)
        shown.append(
            {
                "id": r.id,
                "problem": r.problem,
                "unit": units.get(r.unit_id),
                "owner": r.owner,
                "closed_at": iso(r.closed_on),
                "due": iso(due),
                "days_overdue": (today - due).days,
            }
        )
    return shown, total


def items_for_opinions(
    reader: Reader, opinion_ids: list[int], *, today: dt.date
) -> dict[int, list[dict]]:
    """The items each opinion became (list rows), for ``opinion show`` and ``meeting show``."""
    if not opinion_ids:
        return {}
    among, params = listed("opinion", opinion_ids)
    columns = ", ".join(f"i.{c}" for c in LIST_COLUMNS.split(", "))
    rows = reader.rows(
        f"SELECT link.opinion_id, {columns} FROM item_opinion link"
        f" JOIN {ITEM} i ON i.id = link.item_id"
        f" WHERE link.opinion_id IN {among} ORDER BY i.id",
        **params,
    )
    units = unit_names(reader, {r.unit_id for r in rows})
    found: dict[int, list[dict]] = {}
    for r in rows:
        found.setdefault(r.opinion_id, []).append(_list_row(r, units, today))
    return found
