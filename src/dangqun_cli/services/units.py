"""Units (单位): the organisations meetings belong to and items are assigned to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangqun_cli.enums import UnitKind
from dangqun_cli.errors import InvalidInput
from dangqun_cli.models import Unit
from dangqun_cli.services import audit
from dangqun_cli.text import NAME_MAX, TEXT_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id, same_name

_UNSET = object()


def add_unit(
    session: Session,
    *,
    name: str,
    kind: UnitKind = UnitKind.other,
    parent: str | None = None,
    note: str | None = None,
) -> int:
    clean = clean_text(name, field="单位名称", max_len=NAME_MAX, required=True)
    _refuse_duplicate(session, clean)
    unit = Unit(
        name=clean,
        kind=kind,
        parent_id=find_unit_id(session.connection(), parent) if parent else None,
        note=clean_text(note, field="备注", max_len=TEXT_MAX, multiline=True),
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    session.add(unit)
    session.flush()
    return unit.id


def edit_unit(
    session: Session,
    unit_name: str,
    *,
    name: str | None = None,
    kind: UnitKind | None = None,
    parent: object = _UNSET,
    note: object = _UNSET,
) -> int:
    """Change what is given; ``parent=""`` or ``note=""`` clears it. Values equal to the
    stored ones are :class:`~dangqun_cli.errors.NothingChanged`."""
    unit = session.get(Unit, find_unit_id(session.connection(), unit_name))
    before = audit.content("unit", unit)
    if name is not None:
        clean = clean_text(name, field="单位名称", max_len=NAME_MAX, required=True)
        if clean != unit.name:
            _refuse_duplicate(session, clean, exclude=unit.id)
            unit.name = clean
    if kind is not None:
        unit.kind = kind
    if parent is not _UNSET:
        unit.parent_id = _parent_id(session, unit, parent)
    if note is not _UNSET:
        unit.note = clean_text(note, field="备注", max_len=TEXT_MAX, multiline=True)
    audit.refuse_no_change(session, "unit", unit, before)
    return unit.id


def _parent_id(session: Session, unit: Unit, parent: object) -> int | None:
    if not parent:
        return None
    candidate = session.get(Unit, find_unit_id(session.connection(), str(parent)))
    seen = candidate
    while seen is not None:  # a unit cannot sit under itself, however deep
        if seen.id == unit.id:
            raise InvalidInput(
                f"不能把“{candidate.name}”设为“{unit.name}”的上级单位：会形成循环",
                "请选择不在其下级中的单位",
            )
        seen = session.get(Unit, seen.parent_id) if seen.parent_id else None
    return candidate.id


def _refuse_duplicate(session: Session, name: str, *, exclude: int | None = None) -> None:
    """Names that differ only in width or invisible characters are one name (name_key)."""
    same = same_name(session.connection(), name, exclude=exclude)
    if not same:
        return
    existing = same[0][1]
    if existing == name:
        raise InvalidInput(f"单位“{name}”已存在", "单位名称不能重复；用 dangqun unit edit 修改")
    raise InvalidInput(
        f"单位“{name}”与已有的单位“{existing}”只是写法不同（全角半角或不可见字符）",
        "单位名称不能重复；用已有的名称，或用 dangqun unit edit 修改",
    )
