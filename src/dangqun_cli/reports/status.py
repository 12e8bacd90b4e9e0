"""今日待办 (``dangqun status``): what needs attention on a given day — items overdue, due
soon or awaiting verification, closed items due for their re-check (回头看), and meetings
still owed under the cadence rules."""

from __future__ import annotations

import datetime as dt

from dangqun_cli.database.reader import Reader
from dangqun_cli.dates import parse_period
from dangqun_cli.queries.rectification import list_items, rechecks_due
from dangqun_cli.reports.cadence import check

SOON_DAYS = 7
SHOWN = 20


def status(reader: Reader, *, today: dt.date) -> dict:
    overdue, overdue_total = list_items(reader, today=today, overdue=True, limit=SHOWN)
    soon, soon_total = list_items(
        reader,
        today=today,
        due_from=today,
        due_before=today + dt.timedelta(days=SOON_DAYS + 1),
        limit=SHOWN,
    )
    waiting, waiting_total = list_items(reader, today=today, state="submitted", limit=SHOWN)
    rechecks, rechecks_total = rechecks_due(reader, today=today, limit=SHOWN)
    year = parse_period(str(today.year), today=today)
    checked = check(reader, year, today=today)
    owed = [r for r in checked if not r["met"] and r["start"] <= today.isoformat() <= r["end"]]
    return {
        "date": today.isoformat(),
        "overdue": overdue,
        "overdue_total": overdue_total,
        "due_soon": soon,
        "due_soon_total": soon_total,
        "awaiting_verification": waiting,
        "awaiting_verification_total": waiting_total,
        "rechecks_due": rechecks,
        "rechecks_due_total": rechecks_total,
        "meetings_owed": owed,
        # No rule at all (a new database): status says how to set some, not "all met".
        "rules_total": len({r["rule_id"] for r in checked}),
    }
