"""Meetings (会议) with their attendance (出席、列席、缺席), decisions (决议) and minutes (纪要)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dangqun_cli.dates import When
from dangqun_cli.enums import MeetingKind
from dangqun_cli.errors import InvalidInput, NotFound
from dangqun_cli.fields import MEETING
from dangqun_cli.models import Attendance, AttendanceRole, Decision, Meeting
from dangqun_cli.records import get_record
from dangqun_cli.services import audit
from dangqun_cli.text import NAME_MAX, TITLE_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, unit_id_by_name

MAX_PEOPLE = 100_000


@dataclass(frozen=True)
class Person:
    """Someone (or a group such as 青年教师代表) at a meeting: ``NAME@UNIT``, and for an
    absentee ``NAME@UNIT:REASON`` (the unit and the reason each optional)."""

    name: str
    unit: str | None = None
    reason: str | None = None


def parse_attendee(text: str) -> Person:
    """``姓名@单位`` (a full-width ＠ too): the one parser of a person and their unit."""
    name, _, unit = text.replace("＠", "@").partition("@")
    return Person(name=name, unit=unit.strip() or None)


def parse_absentee(text: str) -> Person:
    """``姓名@单位:原因``: the reason after the first colon (a full-width ： too), the rest
    read as an attendee is, so an “@” in the reason stays in the reason."""
    head, _, reason = text.replace("：", ":").partition(":")
    person = parse_attendee(head)
    return Person(name=person.name, unit=person.unit, reason=reason.strip() or None)


@dataclass
class MeetingInput:
    """What a meeting may be given; None leaves a field unchanged on edit."""

    kind: MeetingKind | None = None
    title: str | None = None
    when: When | None = None
    end: When | None = None
    place: str | None = None
    unit: str | None = None
    host: str | None = None
    recorder: str | None = None
    attendees: list[Person] | None = None
    absentees: list[Person] | None = None
    invitees: list[Person] | None = None
    expected: int | None = None
    present: int | None = None
    minutes: str | None = None
    decisions: list[str] | None = None
    clear_end: bool = False


def add_meeting(session: Session, data: MeetingInput, *, record_id: int | None = None) -> int:
    """Record a meeting; ``record_id`` keeps an imported meeting's number when it is free."""
    if data.kind is None or data.when is None:
        raise InvalidInput(
            "会议类型和时间是必填的",
            MEETING.hint("用 {kind} 和 {date} 指定"),
            field="kind" if data.kind is None else "date",
        )
    meeting = Meeting(
        id=record_id,
        kind=data.kind,
        title="",
        date=data.when.date,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    if data.title is None:
        raise InvalidInput(
            "会议主题不能为空", MEETING.hint("用 {title} 填写会议主题"), field="title"
        )
    _apply(session, meeting, data)
    session.add(meeting)
    session.flush()
    return meeting.id


def edit_meeting(session: Session, meeting_id: int, data: MeetingInput) -> int:
    """Change what is given; values equal to the stored ones are :class:`NothingChanged`."""
    meeting = get_meeting(session, meeting_id)
    before = audit.content("meeting", meeting)
    _apply(session, meeting, data)
    audit.refuse_no_change(session, "meeting", meeting, before)
    return meeting.id


def set_minutes(session: Session, meeting_id: int, text: str) -> None:
    meeting = get_meeting(session, meeting_id)
    meeting.minutes = MEETING.clean("minutes", text)
    session.flush()
    audit.label(session, ("meeting", meeting.id), "minutes")


def add_attendance(session: Session, meeting_id: int, data: MeetingInput) -> None:
    """Add to the people already recorded (``meeting attend``) rather than replace them."""
    meeting = get_meeting(session, meeting_id)
    for role, people in _roles(data):
        _add_people(session, meeting, role, people, start=len(meeting.attendance))
    session.flush()


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    return get_record(session, Meeting, meeting_id)


def _roles(data: MeetingInput) -> list[tuple[AttendanceRole, list[Person]]]:
    pairs = [
        (AttendanceRole.attendee, data.attendees),
        (AttendanceRole.absentee, data.absentees),
        (AttendanceRole.invitee, data.invitees),
    ]
    return [(role, people) for role, people in pairs if people is not None]


def _apply(session: Session, meeting: Meeting, data: MeetingInput) -> None:
    if data.kind is not None:
        meeting.kind = data.kind
    if data.title is not None:
        meeting.title = MEETING.clean("title", data.title)
    if data.when is not None:
        meeting.date, meeting.time, meeting.part = data.when.date, data.when.time, data.when.part
    if data.end is not None:
        meeting.end_date, meeting.end_time = data.end.date, data.end.time
    if data.clear_end:
        meeting.end_date = meeting.end_time = None
    _check_end(meeting)
    for key in ("place", "host", "recorder"):
        value = getattr(data, key)
        if value is not None:
            setattr(meeting, key, MEETING.clean(key, value))
    if data.unit is not None:
        meeting.unit_id = (
            find_unit_id(session.connection(), data.unit) if data.unit.strip() else None
        )
    for key in ("expected", "present"):
        value = getattr(data, key)
        if value is not None:
            setattr(meeting, key, headcount(key, value))
    if (
        meeting.expected is not None
        and meeting.present is not None
        and meeting.present > meeting.expected
    ):
        raise InvalidInput(
            f"实到人数 {meeting.present} 大于应到人数 {meeting.expected}",
            MEETING.hint("请核对 {present} 和 {expected}"),
            field="present",
        )
    if data.minutes is not None:
        meeting.minutes = MEETING.clean("minutes", data.minutes)
    for role, people in _roles(data):
        meeting.attendance = [a for a in meeting.attendance if a.role != role]
        _add_people(session, meeting, role, people, start=len(meeting.attendance))
    if data.decisions is not None:
        texts = [MEETING.clean("decisions", t, required=True) for t in data.decisions]
        meeting.decisions = [Decision(position=i, text=t) for i, t in enumerate(texts)]


def headcount(key: str, value: int) -> int:
    """应到 or 实到人数, within what a meeting can have."""
    if not 0 <= value <= MAX_PEOPLE:
        label = MEETING[key].label
        raise InvalidInput(f"{label}应在 0 到 {MAX_PEOPLE} 之间，收到 {value}", field=key)
    return value


def _check_end(meeting: Meeting) -> None:
    if meeting.end_date is None:
        return
    start = dt.datetime.combine(meeting.date, meeting.time or dt.time())
    end = dt.datetime.combine(meeting.end_date, meeting.end_time or dt.time.max)
    if end < start:
        raise InvalidInput(
            "结束时间早于开始时间",
            MEETING.hint("请检查 {end}，例如 {end} 17:30", columns="请检查{end}和{date}"),
            field="end",
        )


def _add_people(
    session: Session,
    meeting: Meeting,
    role: AttendanceRole,
    people: list[Person],
    *,
    start: int,
) -> None:
    for offset, person in enumerate(people):
        meeting.attendance.append(
            Attendance(role=role, **checked_person(session, role, person), position=start + offset)
        )


def checked_person(session: Session, role: AttendanceRole, person: Person) -> dict:
    """A person as an attendance row keeps them (name, unit_id, org, reason), checked: the
    one rule for a person at a meeting, and for one in a template's lists."""
    label = {"attendee": "出席人", "absentee": "缺席人", "invitee": "列席人"}[role.value]
    name = clean_text(person.name, field=f"{label}姓名", max_len=NAME_MAX, required=True)
    unit_id, org = _unit_of(session, role, person.unit, label)
    reason = clean_text(person.reason, field="缺席原因", max_len=TITLE_MAX)
    return {"name": name, "unit_id": unit_id, "org": org, "reason": reason}


def _unit_of(
    session: Session, role: AttendanceRole, unit: str | None, label: str
) -> tuple[int | None, str | None]:
    """(unit id, organisation as text) of a person's ``@单位``.

    An attendee's or an absentee's unit must be a registered unit: the summary counts
    attendance per unit, and a typo must not pass as a unit of its own. A 列席 guest often
    comes from outside (市委组织部, 镇教育办): a registered name links to the unit, any
    other is kept as text, and no unit is invented."""
    if not unit:
        return None, None
    conn = session.connection()
    if role is AttendanceRole.invitee:
        found = unit_id_by_name(conn, unit)
        if found is not None:
            return found, None
        return None, clean_text(unit, field=f"{label}单位", max_len=NAME_MAX, required=True)
    try:
        return find_unit_id(conn, unit), None
    except NotFound as exc:
        known = (exc.hint or "").replace("{", "{{").replace("}", "}}")  # names, not fields
        guest = "外单位的来宾可记为列席（用 {invitees}），不必登记单位"
        raise NotFound(
            exc.message,
            MEETING.hint(f"{known}；{guest}" if known else guest),
            field=role.value + "s",
        ) from None
