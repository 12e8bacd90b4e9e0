"""Calendar events as an iCalendar file (RFC 5545), written by the icalendar library.

All-day events carry dates (``VALUE=DATE``); a meeting with an hour carries it as the
secretary recorded it, in local "floating" time, which every calendar shows as that hour.
Without a METHOD, DTSTAMP is when the record last changed (RFC 5545 §3.8.7.2), so the same
ledger gives the same file.
"""

from __future__ import annotations

import datetime as dt

from dangqun_cli import __version__
from dangqun_cli.reports.calendar import MEETING, Event

PRODID = f"-//dangqun//dangqun {__version__}//ZH"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def calendar_bytes(events: list[Event], *, name: str) -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in events:
        ev = icalendar.Event()
        ev.add("uid", e.uid)
        stamp = e.changed.astimezone(dt.UTC) if e.changed is not None else EPOCH
        ev.add("dtstamp", stamp)
        if e.changed is not None:
            ev.add("last-modified", stamp)
        ev.add("sequence", e.sequence)
        ev.add("summary", e.title)
        ev.add("dtstart", e.start)
        if e.end is not None:
            ev.add("dtend", e.end)
        ev.add("description", e.description)
        if e.place:
            ev.add("location", e.place)
        ev.add("categories", [e.category])
        # A deadline or a re-check marks a day; it does not make anyone busy all of it.
        ev.add("transp", "OPAQUE" if e.category == MEETING else "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()
