"""工作总结的事实部分: what the records say about one period, as plain data.

``compose`` is a pure read: from the records of a period (and optionally one unit) to a
dict of figures, each with the ids it counts under ``trace`` so any number in the
document can be checked against the ledger. The ledger is read "as of" the period's last
day, or today while the period is still running.

Definitions (also in the README):
- meetings: held (dated) in the period; opinions: raised in the period.
- items in scope: opened before the period ended and not closed before it began.
- opened / closed / extended: opened, closed (销号), or given an extension in the period.
- in progress: in scope, with a deadline, not closed as of the as-of day; overdue: of those,
  due before it. 长期坚持 items (no deadline) are counted apart as ongoing.
- closure rate of a unit: items closed in the period / its items in scope.
- on time (按期完成): closed in the period on or before the deadline (early included);
  on_time_rate = on time / (items with a deadline closed in the period + items overdue on
  the as-of day): of the items whose outcome is known, the share done in time.
- 通报: best = the units that closed the most items on time; lagging = the units with
  overdue items (most first). A unit with nothing overdue is never lagging.
- open items: every item not closed as of the as-of day, overdue first, then by deadline,
  长期坚持 items last.
- re-checks (回头看): those recorded in the period (by their day) of the items in scope of
  the unit, whenever the items were closed; held: the fix held; reopened: it did not, and
  the item went back to 整改中.
- ``unit``: that unit and every unit under it — meetings they held or attended, opinions
  raised at their meetings, items assigned to them, and only their own cadence rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dangqun_cli.database.reader import Reader, listed
from dangqun_cli.dates import Period, format_date
from dangqun_cli.enums import MeetingKind, OpinionState
from dangqun_cli.queries.common import iso
from dangqun_cli.queries.meetings import of_units as meetings_of
from dangqun_cli.queries.opinions import of_units as opinions_of
from dangqun_cli.queries.rectification import CLOSED_BY_DATE, ITEM, NOT_CLOSED
from dangqun_cli.reports.cadence import check
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names

LONG_RUNNING_DAYS = 90
LISTED = 50  # items named in a list; the counts and the trace cover them all
ABSENT_OFTEN = 2  # absent this many times in a period: named in the summary


# What each figure of ``trace`` is, in the words of the summary (``--explain``).
_FIGURES = {
    "meetings.total": "会议总数",
    "opinions.total": "意见建议总数",
    "items.in_scope": "本期应整改",
    "items.opened": "新立",
    "items.closed": "验收销号",
    "items.on_time": "按期完成",
    "items.judged": "结果已知（销号的有时限事项和逾期事项）",
    "items.extended": "延期",
    "items.in_progress": "尚在整改中",
    "items.on_course": "整改中、未逾期",
    "items.overdue": "逾期",
    "items.ongoing": "长期坚持",
    "items.due_next_period": "下期到期",
    "items.long_running": "立项超过三个月未完成",
    "rechecks.done": "回头看：复查",
    "rechecks.held": "回头看：整改成效巩固",
    "rechecks.reopened": "回头看：未见成效、重新整改",
}


_GROUPS = {"meetings": "会议", "opinions": "意见建议", "items": "整改事项"}


def trace_label(key: str) -> str:
    """A ``trace`` key as the figure it counts: ``items.overdue`` → 整改事项：逾期. Never the
    key itself: a figure this does not know is still named in Chinese."""
    from dangqun_cli.enums import OpinionState

    if key in _FIGURES:
        what = _FIGURES[key]
        return f"整改事项：{what}" if key.startswith("items.") else what
    group, _, rest = key.partition(".")
    kind, _, value = rest.partition(".")
    try:
        if group == "meetings" and kind == "by_kind":
            return f"会议：{MeetingKind(value).label}"
        if group == "opinions" and kind == "by_state":
            return f"意见建议：{OpinionState(value).label}"
    except ValueError:  # a key or value from a later version
        pass
    if group == "items" and kind == "by_unit":
        return f"整改事项：{value if value not in ('', 'None') else '未写单位'}"
    return f"{_GROUPS.get(group, '其他')}：其他数字"


def upgrade_facts(facts: dict) -> dict:
    """The facts of a summary saved by an earlier version, in today's shape: what it did
    not record is filled in as unknown (none), never guessed. Its 通报 keeps only what the
    saved lists still show (the units with overdue items); who closed on time was not
    recorded, so no unit is praised for it."""
    for row in facts["cadence"]:
        if "status" not in row:
            running = not row["met"] and not row["finished"]
            row["status"] = "met" if row["met"] else "ongoing" if running else "unmet"
            row["met"] = None if running else row["met"]
    items = facts["items"]
    if "on_time" not in items:
        late = Counter(r["unit"] for r in facts["overdue_items"])
        for unit in items["by_unit"]:
            unit.setdefault("on_time", 0)
            unit.setdefault("overdue", late.get(unit["unit"], 0))
        items.update(on_time=0, on_time_rate=None, best=[])
        items["lagging"] = [u for u, _ in sorted(late.items(), key=lambda kv: (-kv[1], kv[0]))]
        items.setdefault("open", items["in_progress"] + items["ongoing"])
    facts.setdefault("open_items", [])
    facts.setdefault("rechecks", None)  # not counted then: nothing is said of them
    facts.setdefault("previous", None)
    facts.setdefault("last_year", None)
    facts["meetings"]["attendance"].setdefault("by_unit", [])
    facts["meetings"]["attendance"].setdefault("absent_often", [])
    facts["opinions"].setdefault("by_unit", [])
    return facts


def compose(
    reader: Reader,
    period: Period,
    *,
    today: dt.date,
    unit: str | None = None,
    with_trace: bool = True,
) -> dict:
    """The facts of one period; ``with_trace`` adds the ids behind every figure (a second
    pass over the ledger, so the plain terminal summary leaves it out)."""
    if period.start > today:
        from dangqun_cli.errors import InvalidInput

        raise InvalidInput(f"{period.label}还没有开始", "工作总结只能写已经开始的期间")
    units = unit_and_below(reader, find_unit_id(reader, unit)) if unit is not None else None
    as_of = min(period.last, today)
    trace: dict[str, list[int]] = {}
    facts = {
        "period": {
            "start": iso(period.start),
            "end": iso(period.last),
            "label": period.label,
            "key": period.key,
        },
        "unit": unit,
        "as_of": iso(as_of),
        "meetings": _meetings(reader, period, units, trace),
        "opinions": _opinions(reader, period, units, trace),
    }
    items, lists = _items(reader, period, units, as_of, trace, with_trace=with_trace)
    facts["items"] = items
    facts["rechecks"] = _rechecks(reader, period, units, trace)
    facts["cadence"] = check(reader, period, today=today, unit=unit)
    facts["overdue_items"] = lists["overdue"]
    facts["due_next_period"] = lists["due_next_period"]
    facts["long_running"] = lists["long_running"]
    facts["open_items"] = lists["open"]
    facts["previous"] = _headline(reader, period.previous(), units)
    facts["last_year"] = _headline(reader, period.year_before(), units)
    facts["next_period"] = {"label": period.next().label, "key": period.next().key}
    if with_trace:
        facts["trace"] = trace
    return facts


def _in_period(column: str, period: Period) -> tuple[str, dict]:
    return f"{column} >= :p_start AND {column} < :p_end", {
        "p_start": period.start,
        "p_end": period.end,
    }


def _meetings(reader: Reader, period: Period, units: set[int] | None, trace: dict) -> dict:
    where, params = _in_period("date", period)
    if units is not None:
        theirs, more = meetings_of(units)
        where, params = f"{where} AND {theirs}", params | more
    rows = reader.rows(
        "SELECT id, kind, unit_id, date, title, expected, present FROM meeting"
        f" WHERE {where} ORDER BY date, id",
        **params,
    )
    ids = [r.id for r in rows]
    attendees, by_unit_attended, absent = 0, Counter(), Counter()
    if ids:
        found = reader.rows(
            "SELECT meeting_id, role, name, unit_id FROM attendance"
            f" WHERE meeting_id IN (SELECT id FROM meeting WHERE {where})"
            " AND role IN ('attendee', 'absentee')",
            **params,
        )
        attendees = sum(1 for r in found if r.role == "attendee")
        # Meetings each unit had someone at (not someone absent), and who was absent more
        # than once.
        by_unit_attended = Counter(
            unit_id
            for unit_id, _ in {
                (r.unit_id, r.meeting_id) for r in found if r.unit_id and r.role == "attendee"
            }
        )
        absent = Counter(r.name for r in found if r.role == "absentee")
    names = unit_names(reader, {r.unit_id for r in rows} | set(by_unit_attended))
    order = [k.value for k in MeetingKind]
    by_kind = Counter(r.kind for r in rows)
    by_unit: dict[str | None, Counter] = {}
    for r in rows:
        by_unit.setdefault(names.get(r.unit_id), Counter())[r.kind] += 1
    counted = [r for r in rows if r.expected and r.present is not None]
    expected = sum(r.expected for r in counted)
    present = sum(r.present for r in counted)
    trace["meetings.total"] = ids
    for kind in by_kind:
        trace[f"meetings.by_kind.{kind}"] = [r.id for r in rows if r.kind == kind]
    return {
        "total": len(rows),
        "by_kind": {k: by_kind[k] for k in order if by_kind[k]},
        "by_unit": [
            {"unit": name, "total": sum(c.values()), "by_kind": dict(c)}
            for name, c in sorted(by_unit.items(), key=lambda kv: -sum(kv[1].values()))
        ],
        "by_month": [
            {
                "period": month.key,
                "label": month.label,
                "total": sum(1 for r in rows if r.date in month),
            }
            for month in period.months()
        ],
        "attendance": {
            "meetings_counted": len(counted),
            "expected": expected,
            "present": present,
            "rate": round(present / expected, 4) if expected else None,
            "attendee_entries": attendees,
            "by_unit": [
                {"unit": names.get(unit_id), "meetings": n}
                for unit_id, n in sorted(
                    by_unit_attended.items(), key=lambda kv: (-kv[1], names.get(kv[0]) or "")
                )
            ],
            "absent_often": [
                {"name": name, "times": n}
                for name, n in sorted(absent.items(), key=lambda kv: (-kv[1], kv[0]))
                if n >= ABSENT_OFTEN
            ],
        },
        "list": [
            {
                "id": r.id,
                "date": iso(r.date),
                "kind": r.kind,
                "title": r.title,
                "unit": names.get(r.unit_id),
            }
            for r in rows
        ],
    }


def _raised(period: Period, units: set[int] | None) -> tuple[str, dict]:
    """Opinions raised in the period (by the units), as a condition on ``o``."""
    where, params = _in_period("o.raised_on", period)
    if units is not None:
        theirs, more = opinions_of(units, table="o")
        where, params = f"{where} AND {theirs}", params | more
    return where, params


def _opinions(reader: Reader, period: Period, units: set[int] | None, trace: dict) -> dict:
    where, params = _raised(period, units)
    rows = reader.rows(
        "SELECT o.id, o.meeting_id, o.source, o.topic, o.state, o.unit_id, m.title, m.date"
        f" FROM opinion o LEFT JOIN meeting m ON m.id = o.meeting_id WHERE {where}"
        " ORDER BY o.id",
        **params,
    )
    by_topic = Counter(r.topic or "未分类" for r in rows)
    sources: dict[tuple, list[int]] = {}
    for r in rows:
        key = (
            (f"{r.title}（{format_date(r.date)}）", r.meeting_id)
            if r.meeting_id
            else (r.source, None)
        )
        sources.setdefault(key, []).append(r.id)
    by_state = Counter(r.state for r in rows)
    raised_by = Counter(r.unit_id for r in rows if r.unit_id is not None)
    names = unit_names(reader, set(raised_by))
    trace["opinions.total"] = [r.id for r in rows]
    for state in OpinionState:
        trace[f"opinions.by_state.{state.value}"] = [r.id for r in rows if r.state == state.value]
    return {
        "total": len(rows),
        "by_topic": dict(by_topic.most_common()),
        "by_source": [
            {"source": label, "meeting_id": mid, "count": len(ids)}
            for (label, mid), ids in sorted(sources.items(), key=lambda kv: -len(kv[1]))
        ],
        "by_state": {s.value: by_state[s.value] for s in OpinionState},
        # The units whose people raised them (opinions that name one), most first.
        "by_unit": [
            {"unit": names[unit_id], "count": n}
            for unit_id, n in sorted(raised_by.items(), key=lambda kv: (-kv[1], names[kv[0]]))
        ],
    }


def _rechecks(reader: Reader, period: Period, units: set[int] | None, trace: dict) -> dict:
    """回头看 in the period: re-checks recorded (by their day, the day index), those that
    held, and those that reopened the item; of the unit's items when a unit is given."""
    where, params = _in_period("r.day", period)
    joined = ""
    if units is not None:
        # The period's re-checks first (their day index), then each one's item by its id
        # (CROSS JOIN: SQLite keeps that order) rather than every item of the units.
        among, more = listed("item_units", sorted(units))
        joined = f" CROSS JOIN {ITEM} i"
        where += f" AND i.id = r.item_id AND i.unit_id IN {among}"
        params |= more
    rows = reader.rows(
        f"SELECT r.item_id, r.effective FROM recheck r{joined} WHERE {where}"
        " ORDER BY r.item_id, r.id",
        **params,
    )
    held = [r.item_id for r in rows if r.effective]
    reopened = [r.item_id for r in rows if not r.effective]
    trace["rechecks.done"] = [r.item_id for r in rows]
    trace["rechecks.held"] = held
    trace["rechecks.reopened"] = reopened
    return {"done": len(rows), "held": len(held), "reopened": len(reopened)}


def _headline(reader: Reader, period: Period, units: set[int] | None) -> dict | None:
    """The main figures of another (ended) period, to compare with: None when its records
    hold nothing for it (no meeting, opinion or item), so nothing is compared with a blank.

    Each figure is read by the index that finds its few rows (opened or closed in the
    period, due before its end) instead of a pass over every item in scope, which would
    walk all the open items of the ledger for each period compared."""
    where, params = _in_period("date", period)
    if units is not None:
        theirs, more = meetings_of(units)
        where, params = f"{where} AND {theirs}", params | more
    held = reader.scalar(f"SELECT count(*) FROM meeting WHERE {where}", **params)
    where, params = _raised(period, units)
    raised = reader.scalar(f"SELECT count(*) FROM opinion o WHERE {where}", **params)
    scope, flags, params = _conditions(period, period.last, units)
    mine = ""
    if units is not None:
        mine = f" AND unit_id IN {listed('item_units', sorted(units))[0]}"

    def count(condition: str, what: str = "count(*)") -> int:
        sql = f"SELECT {what} FROM {ITEM} WHERE {condition}{mine}"
        return reader.scalar(sql, **params) or 0

    closed_in_period = "closed_on >= :p_start AND closed_on < :p_end"
    # Overdue at the period's end: still open (the open items' deadline index, up to the
    # end), or closed after it (the closing date index, from the end).
    late = f"due < :as_of AND {flags['overdue']}"
    counts = [
        count("opened_on >= :p_start AND opened_on < :p_end"),
        count(closed_in_period),
        count(closed_in_period, f"sum({_flag(flags['on_time'])})"),
        count(f"{NOT_CLOSED} AND {late}")
        + count(f"{CLOSED_BY_DATE} AND closed_on > :as_of AND {late}"),
    ]
    names = ("opened", "closed", "on_time", "overdue")
    in_scope = any(reader.first(f"SELECT 1 FROM {ITEM} WHERE {b} LIMIT 1", **params) for b in scope)
    if not (held or raised or in_scope):
        return None
    return {
        "period": {"label": period.label, "key": period.key},
        "meetings": held,
        "opinions": raised,
        "items": dict(zip(names, (n or 0 for n in counts), strict=True)),
    }


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _conditions(period: Period, as_of: dt.date, units: set[int] | None) -> tuple:
    """Which items are in scope (of the units), the SQL condition of each figure (see the
    module doc), and their parameters.

    The scope is two conditions that never hold together, each read by its own index: the
    items still open (the partial indexes hold only those), and the items closed since the
    period began (the closed_on index). Together they are the items opened before the
    period ended and not closed before it began; the closed ones of earlier periods, most
    of a ledger, are never read."""
    nxt = period.next()
    params = {
        "p_start": period.start,
        "p_end": period.end,
        "as_of": as_of,
        "next_start": nxt.start,
        "next_end": nxt.end,
        "long_ago": as_of - dt.timedelta(days=LONG_RUNNING_DAYS),
    }
    # Nearly every item was opened before the as-of day, so an index on opened_on is the
    # worst way in; wrapped in a function, the column is not offered to the planner.
    opened = "coalesce(opened_on, opened_on)"
    scope = (
        f"{NOT_CLOSED} AND {opened} < :p_end",
        f"{CLOSED_BY_DATE} AND closed_on >= :p_start AND {opened} < :p_end",
    )
    if units is not None:
        among, more = listed("item_units", sorted(units))
        scope = tuple(f"{branch} AND unit_id IN {among}" for branch in scope)
        params |= more
    unfinished = f"{opened} <= :as_of AND (closed_on IS NULL OR closed_on > :as_of)"
    running = f"{unfinished} AND due IS NOT NULL"
    closed = "closed_on >= :p_start AND closed_on < :p_end"
    overdue = f"{running} AND due < :as_of"
    flags = {
        "opened": "opened_on >= :p_start AND opened_on < :p_end",
        "closed": closed,
        "in_progress": running,
        "overdue": overdue,
        "ongoing": f"{unfinished} AND due IS NULL",
        "due_next_period": f"{running} AND due >= :next_start AND due < :next_end",
        "long_running": f"{running} AND due >= :as_of AND {opened} < :long_ago",
        "on_course": f"{running} AND due >= :as_of",
        # 按期: closed in the period on or before the deadline (early counts); judged: the
        # items closed in the period with a deadline, and those overdue on the as-of day.
        "on_time": f"{closed} AND due IS NOT NULL AND closed_on <= due",
        "judged": f"(({closed} AND due IS NOT NULL) OR ({overdue}))",
    }
    return scope, {name: f"({cond})" for name, cond in flags.items()}, params


def _items(
    reader: Reader,
    period: Period,
    units: set[int] | None,
    as_of: dt.date,
    trace: dict,
    *,
    with_trace: bool = True,
):
    scope, flags, params = _conditions(period, as_of, units)
    figures = ", ".join(f"sum({_flag(cond)}) AS {name}" for name, cond in flags.items())

    # The items in scope counted by the database, per unit: one grouped read per branch of
    # the scope, added up here (a few hundred units at most, never the items).
    # Grouped by the unit wrapped in a function: by the column itself, SQLite would read
    # the whole (unit, state) index to get the groups in order.
    by_unit_id = "coalesce(unit_id, unit_id)"
    per_unit: dict[int, Counter] = {}
    for branch in scope:
        for r in reader.rows(
            f"SELECT {by_unit_id} AS unit_id, count(*) AS total, {figures}"
            f" FROM {ITEM} WHERE {branch} GROUP BY {by_unit_id}",
            **params,
        ):
            counts = per_unit.setdefault(r.unit_id, Counter())
            counts["total"] += r.total
            for name in flags:
                counts[name] += getattr(r, name) or 0
    totals = {name: sum(u[name] for u in per_unit.values()) for name in flags}
    in_scope = sum(u["total"] for u in per_unit.values())
    # Items given an extension in the period, found by the extensions' day (few), each
    # item then by its id.
    extended_in_scope = (
        "id IN (SELECT item_id FROM extension WHERE day >= :p_start AND day < :p_end)"
        f" AND ({' OR '.join(f'({branch})' for branch in scope)})"
    )
    extended = reader.scalar(f"SELECT count(*) FROM {ITEM} WHERE {extended_in_scope}", **params)
    names = unit_names(reader, set(per_unit))
    by_unit = [
        {
            "unit": names.get(unit_id),
            "total": u["total"],
            "closed": u["closed"],
            "rate": round(u["closed"] / u["total"], 4),
            "on_time": u["on_time"],
            "overdue": u["overdue"],
        }
        for unit_id, u in per_unit.items()
    ]
    by_unit.sort(key=lambda u: (-u["rate"], -u["closed"], u["unit"] or ""))
    most = max((u["on_time"] for u in by_unit), default=0)
    best = sorted(u["unit"] for u in by_unit if most and u["on_time"] == most)
    lagging = [
        u["unit"]
        for u in sorted(by_unit, key=lambda u: (-u["overdue"], u["unit"] or ""))
        if u["overdue"]
    ]

    if with_trace:
        # The ids behind every figure, in a second pass over the same conditions.
        marks = ", ".join(f"{_flag(cond)} AS {name}" for name, cond in flags.items())
        rows = sorted(
            (
                r
                for branch in scope
                for r in reader.rows(
                    f"SELECT id, unit_id, {marks} FROM {ITEM} WHERE {branch}", **params
                )
            ),
            key=lambda r: r.id,
        )
        trace["items.in_scope"] = [r.id for r in rows]
        for name in flags:
            trace[f"items.{name}"] = [r.id for r in rows if getattr(r, name)]
        trace["items.extended"] = [
            r.id
            for r in reader.rows(
                f"SELECT id FROM {ITEM} WHERE {extended_in_scope} ORDER BY id", **params
            )
        ]
        for r in rows:
            trace.setdefault(f"items.by_unit.{names.get(r.unit_id)}", []).append(r.id)

    def first_of(name: str, key: tuple[str, ...]) -> list:
        """The first items of a figure. Items unfinished on the as-of day are either still
        open (the partial index, in deadline order) or closed since (the closed_on index):
        two small reads instead of one over the whole ledger."""
        found = []
        # The closed ones are sorted by the order's columns wrapped in a function (the same
        # values): by the id itself, SQLite would walk the whole table in id order hoping to
        # fill the page early instead of reading the few closed since by their date.
        closed_order = ", ".join(f"coalesce({col}, {col})" for col in key)
        theirs = f" AND unit_id IN {listed('item_units', sorted(units))[0]}" if units else ""
        for branch, order in (
            (NOT_CLOSED, ", ".join(key)),
            (f"{CLOSED_BY_DATE} AND closed_on > :as_of", closed_order),
        ):
            # The first ids from the index alone, then only their rows: ordered by deadline
            # straight away, SQLite would fetch the table row of every item closed since
            # (thousands at scale) before keeping fifty.
            first = (
                f"SELECT id FROM {ITEM} WHERE {branch} AND {flags[name]}{theirs}"
                f" ORDER BY {order} LIMIT {LISTED}"
            )
            found += reader.rows(
                f"SELECT id, problem, unit_id, owner, due, opened_on FROM {ITEM}"
                f" WHERE id IN ({first})",
                **params,
            )
        return sorted(found, key=lambda r: tuple(getattr(r, col) for col in key))[:LISTED]

    overdue = first_of("overdue", ("due", "id"))
    due_next = first_of("due_next_period", ("due", "id"))
    long_running = first_of("long_running", ("due", "id"))
    # Open at the as-of day: the overdue ones (listed above), then the rest by deadline,
    # then the standing (长期坚持) ones.
    on_course = first_of("on_course", ("due", "id"))
    standing = first_of("ongoing", ("id",))
    open_rows = [*overdue, *on_course, *standing][:LISTED]
    more = {r.unit_id for r in (*overdue, *due_next, *long_running, *open_rows)}
    names |= unit_names(reader, more)

    def brief(r, *, late: bool = False) -> dict:
        data = {
            "id": r.id,
            "problem": r.problem,
            "unit": names.get(r.unit_id),
            "owner": r.owner,
            "due": iso(r.due),
        }
        if late:
            data["days_overdue"] = (as_of - r.due).days
        return data

    def open_item(r) -> dict:
        late = r.due is not None and r.due < as_of
        return brief(r) | {"days_overdue": (as_of - r.due).days if late else 0}

    figures = {
        "in_scope": in_scope,
        "opened": totals["opened"],
        "closed": totals["closed"],
        "in_progress": totals["in_progress"],
        "overdue": totals["overdue"],
        "extended": extended,
        "ongoing": totals["ongoing"],
        "by_unit": by_unit,
        "best": best,
        "lagging": lagging,
        "due_next_period": totals["due_next_period"],
        "long_running": totals["long_running"],
        "on_time": totals["on_time"],
        "on_time_rate": round(totals["on_time"] / totals["judged"], 4)
        if totals["judged"]
        else None,
        "open": totals["in_progress"] + totals["ongoing"],
    }
    return figures, {
        "overdue": [brief(r, late=True) for r in overdue],
        "due_next_period": [brief(r) for r in due_next],
        "long_running": [brief(r) | {"opened_on": iso(r.opened_on)} for r in long_running],
        "open": [open_item(r) for r in open_rows],
    }
