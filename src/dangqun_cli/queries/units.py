"""Units as a list and as one record."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.enums import UnitKind
from dangqun_cli.queries.common import text_order
from dangqun_cli.records import require
from dangqun_cli.tables import meeting, unit
from dangqun_cli.unit_lookup import find_unit_id, unit_id_by_name


def _all_names(conn: Connection) -> dict[int, str]:
    return {i: n for i, n in conn.execute(sa.select(unit.c.id, unit.c.name))}


def _row(r, names: dict[int, str]) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "kind": r.kind,
        "parent": names.get(r.parent_id),
        "note": r.note,
    }


def list_units(conn: Connection, *, kind: UnitKind | None = None) -> list[dict]:
    """The units as a tree: each parent before its children, siblings in the order they were
    registered (by id: an office adds its top unit first, and code-point order of Chinese
    names means nothing to a reader). ``depth`` counts the listed units above a unit, so a
    ``--kind`` list indents only under parents it shows."""
    rows = conn.execute(sa.select(unit).order_by(unit.c.id)).all()
    names = {r.id: r.name for r in rows}
    children: dict[int | None, list] = {}
    for r in rows:
        parent = r.parent_id if r.parent_id in names else None
        children.setdefault(parent, []).append(r)
    shown: list[dict] = []
    todo = [(r, 0) for r in reversed(children.get(None, []))]
    seen: set[int] = set()
    while todo:  # depth first, without recursion (a cycle, which edit refuses, cannot loop)
        r, depth = todo.pop()
        if r.id in seen:
            continue
        seen.add(r.id)
        listed = kind is None or r.kind == kind.value
        if listed:
            shown.append(_row(r, names) | {"depth": depth})
        below = depth + 1 if listed else depth
        todo += [(child, below) for child in reversed(children.get(r.id, []))]
    return shown


def show_unit(conn: Connection, name_or_id: str) -> dict:
    """By name; a bare number that is no unit's name is taken as an id."""
    by_name = unit_id_by_name(conn, name_or_id)
    number = name_or_id.strip()
    if by_name is None and number.isascii() and number.isdigit():
        typed = int(number)
        unit_id = require(
            "unit",
            typed,
            lambda: conn.execute(sa.select(unit.c.id).where(unit.c.id == typed)).scalar(),
        )
    else:
        unit_id = by_name or find_unit_id(conn, name_or_id)
    row = conn.execute(sa.select(unit).where(unit.c.id == unit_id)).one()
    names = _all_names(conn)
    data = _row(row, names)
    data["children"] = list(  # in the order unit list shows them
        conn.execute(
            sa.select(unit.c.name).where(unit.c.parent_id == unit_id).order_by(unit.c.id)
        ).scalars()
    )
    data["meetings"] = conn.execute(
        sa.select(sa.func.count()).where(meeting.c.unit_id == unit_id)
    ).scalar()
    return data


COMPLETION_MAX = 50


def names_for_completion(conn: Connection, prefix: str) -> list[str]:
    """Names that begin with ``prefix`` exactly: the shell shows only those, so letters in
    the other case must not take up the places."""
    query = sa.select(unit.c.name).order_by(text_order(conn, unit.c.name)).limit(COMPLETION_MAX)
    if prefix:
        query = query.where(sa.func.substr(unit.c.name, 1, len(prefix)) == prefix)
    return list(conn.execute(query).scalars())
