"""database/bulk.py: rows it inserts are stored exactly as SQLAlchemy's own insert stores
them (dates, times, datetimes and enums included), on SQLite (its driver path) and on
PostgreSQL (SQLAlchemy's insert)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dangqun_cli.database.bulk import insert_rows
from dangqun_cli.database.transactions import unit_of_work
from dangqun_cli.enums import DayPart, MeetingKind
from dangqun_cli.models import Meeting, Unit


def _meeting(number: int, title: str) -> dict:
    return {
        "id": number,
        "kind": MeetingKind.parse("座谈会", what="会议类型"),
        "title": title,
        "date": dt.date(2010, 9, 6),
        "time": dt.time(15, 30),
        "part": DayPart.afternoon,
        "end_date": None,
        "end_time": None,
        "place": "学校会议室",
        "unit_id": 1,
        "host": "王书记",
        "recorder": "李为容",
        "expected": 12,
        "present": 11,
        "minutes": "座谈会纪要",
        "created_at": dt.datetime(2010, 9, 6, 17, 5, 9),
    }


def test_bulk_rows_are_stored_as_sqlalchemy_stores_them(hermetic):
    with unit_of_work(hermetic.url, actor="测试") as session:
        conn = session.connection()
        unit = {"id": 1, "name": "学校党支部", "created_at": dt.datetime(2010, 9, 1, 8, 0)}
        conn.execute(sa.insert(Unit.__table__), [unit])
        conn.execute(sa.insert(Meeting.__table__), [_meeting(1, "座谈会")])
        insert_rows(conn, Meeting.__table__, [_meeting(2, "座谈会")])
    columns = [c.name for c in Meeting.__table__.columns if c.name != "id"]
    stored = [
        hermetic.scalar(f"SELECT {column} FROM meeting WHERE id = {number}")
        for number in (1, 2)
        for column in columns
    ]
    by_sqlalchemy, by_bulk = stored[: len(columns)], stored[len(columns) :]
    assert by_bulk == by_sqlalchemy
    assert "2010-09-06" in {str(v) for v in by_bulk}  # the values are really there


def test_repeated_and_differing_values_are_each_stored_as_sqlalchemy_stores_them(hermetic):
    """Each distinct value is converted once per insert: rows that repeat a date, a time or
    a kind, and rows that differ from them, all come out as SQLAlchemy writes them."""
    kinds = ["座谈会", "支委会", "座谈会", "党员大会"]
    days = [dt.date(2010, 9, 6), dt.date(2010, 9, 7), dt.date(2010, 9, 6), dt.date(2011, 1, 2)]
    times = [dt.time(15, 30), None, dt.time(15, 30), dt.time(8, 0)]

    def meetings(first: int) -> list[dict]:
        rows = []
        for i, (kind, day, at) in enumerate(zip(kinds, days, times, strict=True)):
            row = _meeting(first + i, f"会议{i}")
            row.update(kind=MeetingKind.parse(kind, what="会议类型"), date=day, time=at)
            rows.append(row)
        return rows

    with unit_of_work(hermetic.url, actor="测试") as session:
        conn = session.connection()
        unit = {"id": 1, "name": "学校党支部", "created_at": dt.datetime(2010, 9, 1, 8, 0)}
        conn.execute(sa.insert(Unit.__table__), [unit])
        conn.execute(sa.insert(Meeting.__table__), meetings(1))
        insert_rows(conn, Meeting.__table__, meetings(11))
    shown = "kind || '|' || date || '|' || coalesce(CAST(time AS TEXT), '')"
    for i in range(len(kinds)):
        by_sqlalchemy, by_bulk = (
            hermetic.scalar(f"SELECT {shown} FROM meeting WHERE id = {n}") for n in (1 + i, 11 + i)
        )
        assert by_bulk == by_sqlalchemy
        assert str(days[i].day) in by_bulk
