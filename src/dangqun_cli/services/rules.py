"""Cadence rules (制度要求): which meetings must be held how often."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dangqun_cli.enums import MeetingKind, Per
from dangqun_cli.errors import InvalidInput
from dangqun_cli.models import CadenceRule
from dangqun_cli.records import get_record
from dangqun_cli.unit_lookup import find_unit_id, unit_names

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dangqun_cli.presets import Preset

MAX_COUNT = 100


def add_rule(
    session: Session, *, kind: MeetingKind, min_count: int, per: Per, unit: str | None
) -> int:
    if not 1 <= min_count <= MAX_COUNT:
        raise InvalidInput(f"次数应在 1 到 {MAX_COUNT} 之间，收到 {min_count}", "例如 --min 2")
    unit_id = find_unit_id(session.connection(), unit) if unit is not None else None
    clash = _same_kind(session, kind=kind, per=per, unit_id=unit_id)
    if clash is not None:
        raise InvalidInput(
            f"已有同样的制度要求（第 {clash.id} 条：{per.label}至少 {clash.min_count} 次）",
            f"先用 dangqun rule remove {clash.id} 删除，再添加",
        )
    rule = CadenceRule(
        kind=kind,
        unit_id=unit_id,
        min_count=min_count,
        per=per,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    session.add(rule)
    session.flush()
    return rule.id


def _same_kind(
    session: Session, *, kind: MeetingKind, per: Per, unit_id: int | None
) -> CadenceRule | None:
    """The rule already kept for this kind, period and unit (there is at most one)."""
    return session.query(CadenceRule).filter_by(kind=kind, per=per, unit_id=unit_id).first()


def apply_preset(session: Session, *, preset: Preset, unit: str | None) -> list[dict]:
    """Add the preset's rules (for ``unit``, or all units) through ``add_rule``; a rule
    already kept for the same kind, period and unit is left as it is. One row per rule of
    the preset: ``result`` is ``added``, ``exists`` (the same rule) or ``differs`` (another
    count kept, unchanged), with the id of the rule now in force."""
    unit_id = find_unit_id(session.connection(), unit) if unit is not None else None
    unit_name = unit_names(session.connection(), {unit_id}).get(unit_id)
    rows = []
    for kind, min_count, per in preset.rules:
        kept = _same_kind(session, kind=kind, per=per, unit_id=unit_id)
        row = {"kind": kind.value, "unit": unit_name, "min": min_count, "per": per.value}
        if kept is None:
            rule_id = add_rule(session, kind=kind, min_count=min_count, per=per, unit=unit)
            rows.append({"id": rule_id, **row, "result": "added"})
        else:
            if kept.min_count == min_count:
                rows.append({"id": kept.id, **row, "result": "exists"})
            else:
                rows.append({"id": kept.id, **row, "result": "differs", "kept_min": kept.min_count})
    return rows


def remove_rule(session: Session, rule_id: int) -> None:
    """Delete a rule; the audit trail keeps what it was."""
    rule = get_record(session, CadenceRule, rule_id)
    session.delete(rule)
    session.flush()
