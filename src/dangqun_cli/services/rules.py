"""Cadence rules (制度要求): which meetings must be held how often."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dangqun_cli.enums import MeetingKind, Per
from dangqun_cli.errors import InvalidInput
from dangqun_cli.models import CadenceRule
from dangqun_cli.records import get_record
from dangqun_cli.unit_lookup import find_unit_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_COUNT = 100


def add_rule(
    session: Session, *, kind: MeetingKind, min_count: int, per: Per, unit: str | None
) -> int:
    if not 1 <= min_count <= MAX_COUNT:
        raise InvalidInput(f"次数应在 1 到 {MAX_COUNT} 之间，收到 {min_count}", "例如 --min 2")
    unit_id = find_unit_id(session.connection(), unit) if unit is not None else None
    clash = session.query(CadenceRule).filter_by(kind=kind, per=per, unit_id=unit_id).first()
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


def remove_rule(session: Session, rule_id: int) -> None:
    """Delete a rule; the audit trail keeps what it was."""
    rule = get_record(session, CadenceRule, rule_id)
    session.delete(rule)
    session.flush()
