"""Units as a list and as one record."""

from __future__ import annotations

from dangqun_cli.database.reader import Reader
from dangqun_cli.enums import UnitKind
from dangqun_cli.queries.common import text_order
from dangqun_cli.records import require
from dangqun_cli.unit_lookup import find_unit_id, unit_id_by_name


def _all_names(reader: Reader) -> dict[int, str]:
    return {i: n for i, n in reader.rows("SELECT id, name FROM unit")}


def _row(r, names: dict[int, str]) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "kind": r.kind,
        "parent": names.get(r.parent_id),
        "note": r.note,
    }


def list_units(reader: Reader, *, kind: UnitKind | None = None) -> list[dict]:
    """The units as a tree: each parent before its children, siblings in the order they were
    registered (by id: an office adds its top unit first, and code-point order of Chinese
    names means nothing to a reader). ``depth`` counts the listed units above a unit, so a
    ``--kind`` list indents only under parents it shows."""
    rows = reader.rows("SELECT * FROM unit ORDER BY id")
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


def show_unit(reader: Reader, name_or_id: str) -> dict:
    """By name; a bare number that is no unit's name is taken as an id."""
    by_name = unit_id_by_name(reader, name_or_id)
    number = name_or_id.strip()
    if by_name is None and number.isascii() and number.isdigit():
        typed = int(number)
        unit_id = require(
            "unit",
            typed,
            lambda: reader.scalar("SELECT id FROM unit WHERE id = :id", id=typed),
        )
    else:
        unit_id = by_name or find_unit_id(reader, name_or_id)
    row = reader.first("SELECT * FROM unit WHERE id = :id", id=unit_id)
    data = _row(row, _all_names(reader))
    children = reader.rows("SELECT name FROM unit WHERE parent_id = :id ORDER BY id", id=unit_id)
    data["children"] = [c.name for c in children]  # in the order unit list shows them
    data["meetings"] = reader.scalar("SELECT count(*) FROM meeting WHERE unit_id = :id", id=unit_id)
    return data


COMPLETION_MAX = 50


def names_for_completion(reader: Reader, prefix: str) -> list[str]:
    """Names that begin with ``prefix`` exactly: the shell shows only those, so letters in
    the other case must not take up the places."""
    where = "WHERE substr(name, 1, :length) = :prefix" if prefix else ""
    rows = reader.rows(
        f"SELECT name FROM unit {where} ORDER BY {text_order(reader, 'name')}"
        f" LIMIT {COMPLETION_MAX}",
        length=len(prefix),
        prefix=prefix,
    )
    return [r.name for r in rows]
