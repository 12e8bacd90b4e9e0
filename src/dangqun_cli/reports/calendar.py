"""What ``dangqun calendar`` puts in a phone's calendar, dated today or later: the deadlines
of items not yet closed, the re-checks (回头看) closed items still wait for, and meetings —
each as an :class:`Event` read in plain SQL. A day already past reminds no one (``status``
lists what is overdue), and leaving it out keeps a long ledger's file small.

Each event's UID is made of the ledger's id and the record's kind and number, so that
importing a newer file updates the events a calendar already has instead of adding them
twice; its SEQUENCE counts the record's changes after it was created (the audit trail),
so a calendar takes the newer version as newer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangqun_cli.database.reader import Reader, ids_in
from dangqun_cli.dates import Period, format_date
from dangqun_cli.enums import DayPart, ItemState, MeetingKind
from dangqun_cli.queries.rectification import (
    CLOSED_BY_DATE,
    ITEM,
    NOT_CLOSED,
    NOT_RECHECKED,
    recheck_days,
)
from dangqun_cli.unit_lookup import unit_names

DEADLINE, RECHECK, MEETING = "整改时限", "回头看", "会议"
ORDER = {DEADLINE: 0, RECHECK: 1, MEETING: 2}  # on one day
TITLE_CHARS = 40  # of a problem in an event's one-line title; the description has it whole


@dataclass(frozen=True)
class Event:
    uid: str
    category: str  # 整改时限, 回头看 or 会议
    title: str
    start: dt.date | dt.datetime  # a date: an all-day event
    end: dt.date | dt.datetime | None  # exclusive for all-day events; None: no end given
    description: str
    place: str | None
    sequence: int  # the record's changes since it was created
    changed: dt.datetime | None  # the last of them


def events(reader: Reader, *, today: dt.date, period: Period | None = None) -> list[Event]:
    """The calendar's events in date order: on a day deadlines, re-checks, then meetings."""
    ledger = reader.scalar("SELECT value FROM ledger_meta WHERE name = 'ledger_id'")
    span, params = "", {}
    if period is not None:
        span, params = (
            " AND {col} >= :start AND {col} < :end",
            {
                "start": period.start,
                "end": period.end,
            },
        )
    items = reader.rows(
        "SELECT id, problem, unit_id, owner, due, state, measures FROM rectification_item"
        f" WHERE {NOT_CLOSED} AND due >= :today" + span.format(col="due") + " ORDER BY due, id",
        today=today,
        **params,
    )
    days = recheck_days(reader)
    rechecks = reader.rows(
        f"SELECT i.id, i.problem, i.unit_id, i.owner, i.closed_on, i.result FROM {ITEM} i"
        f" WHERE {CLOSED_BY_DATE} AND i.closed_on >= :today AND {NOT_RECHECKED}"
        + span.format(col="i.closed_on")
        + " ORDER BY i.closed_on, i.id",
        held=True,
        **_shifted({**params, "today": today}, days),
    )
    meetings = reader.rows(
        "SELECT id, kind, title, date, time, part, end_date, end_time, place, unit_id"
        " FROM meeting WHERE date >= :today" + span.format(col="date") + " ORDER BY date, time, id",
        today=today,
        **params,
    )
    units = {r.unit_id for r in items} | {r.unit_id for r in rechecks}
    names = unit_names(reader, units | {m.unit_id for m in meetings})
    changes = _changes(reader, "item", sorted({r.id for r in items} | {r.id for r in rechecks}))
    met = _changes(reader, "meeting", [m.id for m in meetings])
    out = [_deadline(r, ledger, names, changes.get(r.id)) for r in items]
    out += [_recheck(r, days, ledger, names, changes.get(r.id)) for r in rechecks]
    out += [_meeting(m, ledger, names, met.get(m.id)) for m in meetings]
    return sorted(out, key=lambda e: (_day(e.start), ORDER[e.category], e.uid))


def _shifted(params: dict, days: int) -> dict:
    """Bounds on the re-check day as bounds on the 销号 day (the re-check's less the days)."""
    return {k: v - dt.timedelta(days=days) for k, v in params.items()}


def _day(moment: dt.date | dt.datetime) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _uid(kind: str, record_id: int, ledger: str) -> str:
    return f"{kind}-{record_id}@{ledger}.dangqun"


def _changes(reader: Reader, kind: str, ids: list[int]) -> dict[int, tuple[int, dt.datetime]]:
    """Each record's number of audit entries after its first, and the time of its last."""
    out: dict[int, tuple[int, dt.datetime]] = {}
    for i in range(0, len(ids), 2000):
        among = ids_in(ids[i : i + 2000])
        for record_id, count, at in reader.rows(
            "SELECT record_id, count(*) AS n, max(at) AS at FROM audit_entry"
            f" WHERE record_type = :kind AND record_id IN {among} GROUP BY record_id",
            kind=kind,
        ):
            out[record_id] = (count - 1, at)
    return out


def _deadline(r, ledger: str, names: dict, changed) -> Event:
    problem = " ".join(r.problem.split())
    lines = [
        f"整改事项 {r.id}：{problem}",
        f"责任单位：{names.get(r.unit_id, '')}",
        f"责任人：{r.owner}",
        f"状态：{ItemState(r.state).label}",
    ]
    if r.measures:
        lines.append(f"整改措施：{r.measures}")
    lines.append(f"详情：dangqun rectify show {r.id}")
    return _item_day(_uid("item", r.id, ledger), DEADLINE, problem, r.due, lines, changed)


def _recheck(r, days: int, ledger: str, names: dict, changed) -> Event:
    problem = " ".join(r.problem.split())
    lines = [
        f"整改事项 {r.id}：{problem}",
        f"{format_date(r.closed_on)}销号，销号后 {days} 天回头看：整改成效是否巩固",
        f"责任单位：{names.get(r.unit_id, '')}",
        f"责任人：{r.owner}",
    ]
    if r.result:
        lines.append(f"整改结果：{r.result}")
    lines.append(f"记录：dangqun rectify recheck {r.id} --result …（未见成效：--not-effective）")
    due = r.closed_on + dt.timedelta(days=days)
    return _item_day(_uid("recheck", r.id, ledger), RECHECK, problem, due, lines, changed)


def _item_day(uid: str, category: str, problem: str, day: dt.date, lines, changed) -> Event:
    """An item's all-day event: ``整改时限：问题`` or ``回头看：问题``."""
    return Event(
        uid=uid,
        category=category,
        title=f"{category}：{_short(problem)}",
        start=day,
        end=day + dt.timedelta(days=1),
        description="\n".join(lines),
        place=None,
        sequence=changed[0] if changed else 0,
        changed=changed[1] if changed else None,
    )


def _short(problem: str) -> str:
    return problem if len(problem) <= TITLE_CHARS else problem[: TITLE_CHARS - 1] + "…"


def _meeting(m, ledger: str, names: dict, changed) -> Event:
    kind = MeetingKind(m.kind).label
    title = m.title or kind
    if m.time is None and m.part:
        title += f"（{DayPart(m.part).label}）"
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    if m.time is not None:
        start = dt.datetime.combine(m.date, m.time)
        end = dt.datetime.combine(m.end_date or m.date, m.end_time) if m.end_time else None
    else:
        start, end = m.date, (m.end_date or m.date) + dt.timedelta(days=1)
    lines = [f"会议 {m.id}：{kind}，{format_date(m.date)}"]
    if m.unit_id is not None:
        lines.append(f"单位：{names.get(m.unit_id, '')}")
    lines.append(f"详情：dangqun meeting show {m.id}")
    return Event(
        uid=_uid("meeting", m.id, ledger),
        category=MEETING,
        title=title,
        start=start,
        end=end,
        description="\n".join(lines),
        place=m.place,
        sequence=changed[0] if changed else 0,
        changed=changed[1] if changed else None,
    )
