"""制度执行: each cadence rule against the meetings actually held, sub-period by sub-period.

A rule for one unit counts that unit's meetings; a rule for the whole organisation (unit
NULL) counts every meeting of its kind. Checked for one unit (``--unit``), only the rules
of that unit and the units under it apply: a whole-organisation rule (联席会议每月2次 for a
street office) says nothing about one community. Sub-periods are whole calendar months,
quarters or years overlapping the period asked.

A sub-period is met when enough meetings were held; unmet only once it has ended; while it
runs and is not yet met, ``met`` is None (status ongoing): a month that has not ended is
never a failure.
"""

from __future__ import annotations

import datetime as dt

from dangqun_cli.database.reader import Reader, listed
from dangqun_cli.dates import Period, parse_period
from dangqun_cli.queries.common import iso
from dangqun_cli.unit_lookup import find_unit_id, unit_and_below, unit_names

MET, UNMET, ONGOING = "met", "unmet", "ongoing"


def sub_periods(period: Period, per: str) -> list[Period]:
    """The whole calendar months/quarters/years that overlap ``period``."""
    keys: dict[str, None] = {}
    for month in period.months():
        y, m = month.start.year, month.start.month
        key = {"month": f"{y}-{m:02d}", "quarter": f"{y}Q{(m - 1) // 3 + 1}", "year": str(y)}[per]
        keys[key] = None
    return [parse_period(k) for k in keys]


def rules(reader: Reader, units: set[int] | None = None) -> list:
    """The rules that apply: all of them, or those of the given units."""
    if units is None:
        return reader.rows("SELECT * FROM cadence_rule ORDER BY id")
    among, params = listed("units", sorted(units))
    return reader.rows(f"SELECT * FROM cadence_rule WHERE unit_id IN {among} ORDER BY id", **params)


def outcome(required: int, held: int, finished: bool) -> bool | None:
    """met: True once enough were held, False only for an ended sub-period, else None."""
    if held >= required:
        return True
    return False if finished else None


def check(reader: Reader, period: Period, *, today: dt.date, unit: str | None = None) -> list[dict]:
    """One row per rule and sub-period: required, held, met, and the meetings counted."""
    units = unit_and_below(reader, find_unit_id(reader, unit)) if unit is not None else None
    applying = rules(reader, units)
    spans = {r.id: sub_periods(period, r.per) for r in applying}
    all_spans = [s for ss in spans.values() for s in ss]
    if not all_spans:
        return []
    kinds, params = listed("kinds", sorted({r.kind for r in applying}))
    held = reader.rows(
        f"SELECT id, kind, unit_id, date FROM meeting WHERE kind IN {kinds}"
        " AND date >= :start AND date < :end ORDER BY date, id",
        start=min(s.start for s in all_spans),
        end=max(s.end for s in all_spans),
        **params,
    )
    names = unit_names(reader, {r.unit_id for r in applying})
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
            finished = span.end <= today
            met = outcome(rule.min_count, len(ids), finished)
            rows.append(
                {
                    "rule_id": rule.id,
                    "kind": rule.kind,
                    "unit": names.get(rule.unit_id),
                    "per": rule.per,
                    "period": span.key,
                    "label": span.label,
                    "start": iso(span.start),
                    "end": iso(span.last),
                    "required": rule.min_count,
                    "held": len(ids),
                    "met": met,
                    "status": MET if met else UNMET if met is False else ONGOING,
                    "needed": max(0, rule.min_count - len(ids)),
                    "finished": finished,
                    "meetings": ids,
                }
            )
    return rows


def list_rules(reader: Reader) -> list[dict]:
    found = rules(reader)
    names = unit_names(reader, {r.unit_id for r in found})
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
