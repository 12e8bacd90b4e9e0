"""What depends on a record: the other records that name it, which keep it from being deleted.

Found from the tables' foreign keys, so a table added later is covered without a change
here: a meeting is named by the opinions raised at it, an opinion by the rectification
items that answer it (through their links), a unit by its meetings, opinions, items, child
units, rules, summaries, templates and the attendance of other meetings. A row of a
record's children (an attendance, an item's link to an opinion) counts as its record (the
meeting, the item). Meeting templates keep their people as text (``姓名@单位``): a unit
named there counts too, as using the template would need it.

``delete`` refuses while anything depends on the record; ``undo`` refuses to remove a
record it would have to delete for the same reason.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import SQLModel

from dangqun_cli.errors import IllegalMove
from dangqun_cli.records import BY_KEY, BY_TABLE, NAMES
from dangqun_cli.services.audit import ROOTS, children_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

SHOWN = 5  # numbers named in a refusal; the rest are counted (等 N 条)


@functools.cache
def _owners() -> dict[str, tuple[str, sa.Column]]:
    """Each child table → (the kind of its record, its column naming the record)."""
    return {
        table.name: (rtype, parent) for rtype in ROOTS for _, table, parent, _ in children_of(rtype)
    }


@functools.cache
def _references(kind: str) -> tuple[tuple[str | None, sa.Column, sa.Column], ...]:
    """Every column naming a record of ``kind``: (the kind of record that row belongs to,
    the column of its record's number, the referring column)."""
    target = BY_KEY[kind].table
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table.name != target:
                continue
            if table.name in BY_TABLE:
                found.append((BY_TABLE[table.name].key, table.c.id, fk.parent))
            elif table.name in _owners():
                owner, parent = _owners()[table.name]
                found.append((owner, parent, fk.parent))
            else:  # a table that is no record's: named by its own name
                found.append((None, next(iter(table.primary_key)), fk.parent))
    return tuple(found)


def dependents(
    conn: Connection, kind: str, record_id: int, *, ignore: set[tuple[str, int]] = frozenset()
) -> dict[str, list[int]]:
    """The records that name record ``kind`` ``record_id`` (kind → their numbers, in order),
    leaving out the record itself and those in ``ignore`` (going away with it)."""
    found: dict[str, set[int]] = {}
    for owner, number, column in _references(kind):
        rows = conn.execute(sa.select(number).where(column == record_id).distinct())
        key = owner or column.table.name
        for (rid,) in rows:
            if (owner, rid) != (kind, record_id) and (owner, rid) not in ignore:
                found.setdefault(key, set()).add(rid)
    if kind == "unit":
        for rid in _templates_naming(conn, record_id):
            if ("template", rid) not in ignore:
                found.setdefault("template", set()).add(rid)
    order = {key: i for i, key in enumerate(BY_KEY)}  # as records.KINDS lists them
    return {key: sorted(found[key]) for key in sorted(found, key=lambda k: order.get(k, 99))}


def _templates_naming(conn: Connection, unit_id: int) -> list[int]:
    """Templates whose attendees or invitees name the unit (``姓名@单位``, one a line)."""
    from dangqun_cli.models import MeetingTemplate, Unit
    from dangqun_cli.text import name_key

    name = conn.execute(sa.select(Unit.name).where(Unit.id == unit_id)).scalar()
    if name is None:
        return []
    key = name_key(name)
    t = MeetingTemplate.__table__.c
    rows = conn.execute(
        sa.select(t.id, t.attendees, t.invitees).where(
            sa.or_(t.attendees.contains("@"), t.invitees.contains("@"))
        )
    )
    return [
        rid
        for rid, *texts in rows
        if any(
            "@" in line and name_key(line.rsplit("@", 1)[1]) == key
            for text in texts
            if text
            for line in text.splitlines()
        )
    ]


def describe(found: dict[str, list[int]]) -> str:
    """``意见 4、5，整改事项 1、2、3、4、5 等 8 条``."""
    parts = []
    for key, ids in found.items():
        numbers = "、".join(str(i) for i in ids[:SHOWN])
        more = f" 等 {len(ids)} 条" if len(ids) > SHOWN else ""
        parts.append(f"{NAMES.get(key, key)} {numbers}{more}")
    return "，".join(parts)


def refuse_if_depended_on(conn: Connection, kind: str, record_id: int, shown: str) -> None:
    """Refuse to delete ``shown`` (``会议 3``) while other records name it."""
    found = dependents(conn, kind, record_id)
    if found:
        raise IllegalMove(
            f"{shown}不能删除：{describe(found)} 与它有关",
            "先删除或修改这些记录，再删除它",
        )
