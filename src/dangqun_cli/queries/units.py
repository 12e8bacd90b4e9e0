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
    query = sa.select(unit).order_by(text_order(conn, unit.c.name))
    if kind is not None:
        query = query.where(unit.c.kind == kind.value)
    names = _all_names(conn)
    return [_row(r, names) for r in conn.execute(query)]


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
    data["children"] = sorted(
        conn.execute(sa.select(unit.c.name).where(unit.c.parent_id == unit_id)).scalars()
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
