"""Meeting templates (会议模板): what a recurring meeting (the monthly 支委会) always has —
kind, title, unit, place, host, recorder, attendees, invitees, expected headcount — kept
under a name. Checked by the very rules ``meeting add`` applies (fields.MEETING, the
person and unit look-ups), so a template that is accepted fills a meeting that is."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangqun_cli.errors import InvalidInput
from dangqun_cli.fields import MEETING, TEMPLATE
from dangqun_cli.models import AttendanceRole, MeetingTemplate
from dangqun_cli.services.meetings import MeetingInput, Person, checked_person, headcount
from dangqun_cli.template_lookup import find_template_id, people_text, same_template
from dangqun_cli.unit_lookup import find_unit_id, unit_names


def add_template(session: Session, *, name: str, data: MeetingInput) -> int:
    """Keep a template; a name already taken (after name_key) is refused."""
    clean = TEMPLATE.clean("name", name, required=True)
    same = same_template(session.connection(), clean)
    if same:
        existing = same[0][1]
        written = "已存在" if existing == clean else f"与已有的模板“{existing}”只是写法不同"
        raise InvalidInput(
            f"会议模板“{clean}”{written}",
            f"模板名称不能重复；先用 dangqun meeting template remove {existing} 删除，再添加",
        )
    conn = session.connection()
    template = MeetingTemplate(
        name=clean,
        kind=data.kind,
        title=MEETING.clean("title", data.title, required=False),
        place=MEETING.clean("place", data.place),
        unit_id=find_unit_id(conn, data.unit) if data.unit and data.unit.strip() else None,
        host=MEETING.clean("host", data.host),
        recorder=MEETING.clean("recorder", data.recorder),
        attendees=_people(session, AttendanceRole.attendee, data.attendees),
        invitees=_people(session, AttendanceRole.invitee, data.invitees),
        expected=headcount("expected", data.expected) if data.expected is not None else None,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    kept = ("kind", "title", "place", "unit_id", "host", "recorder", "attendees", "invitees")
    if all(getattr(template, key) is None for key in (*kept, "expected")):
        raise InvalidInput(
            "会议模板没有任何内容",
            MEETING.hint("至少给出 {kind}、{title}、{unit}、{attendees} 等中的一项"),
        )
    session.add(template)
    session.flush()
    return template.id


def remove_template(session: Session, name: str) -> str:
    """Delete a template (meetings made from it keep what it filled in); the audit trail
    keeps what it was. Returns its name as stored."""
    template = session.get(MeetingTemplate, find_template_id(session.connection(), name))
    shown = template.name
    session.delete(template)
    session.flush()
    return shown


def _people(session: Session, role: AttendanceRole, people: list[Person] | None) -> str | None:
    """People checked as a meeting checks them, written with their unit's stored name."""
    if not people:
        return None
    checked = [checked_person(session, role, p) for p in people]
    names = unit_names(session.connection(), {c["unit_id"] for c in checked})
    return people_text([(c["name"], names.get(c["unit_id"]) or c["org"]) for c in checked])
