"""Meeting templates (会议模板) as a list and as one record."""

from __future__ import annotations

from dangqun_cli.database.reader import Reader
from dangqun_cli.template_lookup import find_template_id, people_of

_SELECT = (
    "SELECT t.id, t.name, t.kind, t.title, t.place, u.name AS unit, t.host, t.recorder,"
    " t.attendees, t.invitees, t.expected"
    " FROM meeting_template t LEFT JOIN unit u ON u.id = t.unit_id"
)


def _row(r) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "kind": r.kind,
        "title": r.title,
        "place": r.place,
        "unit": r.unit,
        "host": r.host,
        "recorder": r.recorder,
        "attendees": people_of(r.attendees),
        "invitees": people_of(r.invitees),
        "expected": r.expected,
    }


def list_templates(reader: Reader) -> list[dict]:
    """Every template, in the order they were added (an office keeps a handful)."""
    return [_row(r) for r in reader.rows(f"{_SELECT} ORDER BY t.id")]


def show_template(reader: Reader, name: str) -> dict:
    """One template by its name; an unknown name is refused with the names there are."""
    template_id = find_template_id(reader, name)
    return _row(reader.first(f"{_SELECT} WHERE t.id = :id", id=template_id))
