"""``dangqun log verify``: is the audit trail whole, and does it account for every record?

Two checks. The chain: every entry's hash is recomputed from its content and the
previous hash, and ids run without gaps, so the first entry altered, inserted or removed
is named. The records: each record's current values must equal the "after" of its latest
entry, so a row changed or deleted behind dangqun's back is caught too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dangqun_cli.chain import GENESIS, entry_hash
from dangqun_cli.models import AuditEntry
from dangqun_cli.services.audit import CHILDREN, ROOTS, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def verify(session: Session) -> tuple[list[dict], dict]:
    """(problems, counts); the chain stops at its first break, records are all checked."""
    problems: list[dict] = []
    entries = _chain(session, problems)
    latest = _latest(session)
    checked = 0
    for rtype, model in ROOTS.items():
        options = [selectinload(getattr(model, rel)) for rel in CHILDREN.get(rtype, ())]
        for obj in session.execute(sa.select(model).options(*options)).scalars():
            checked += 1
            recorded = latest.pop((rtype, obj.id), None)
            if recorded is None:
                problems.append(_record(rtype, obj.id, "没有任何操作记录（在 dangqun 之外添加）"))
            elif _plain(json.loads(recorded)) != _plain(snapshot(rtype, obj)):
                problems.append(
                    _record(rtype, obj.id, "当前内容与最后一条操作记录不符（在 dangqun 之外修改）")
                )
    for (rtype, rid), after in latest.items():
        if after is not None:
            problems.append(
                _record(rtype, rid, "记录已不存在，但操作记录中没有删除（在 dangqun 之外删除）")
            )
    return problems, {"entries": entries, "records": checked}


def _chain(session: Session, problems: list[dict]) -> int:
    table = AuditEntry.__table__
    prev, expected, count = GENESIS, None, 0
    rows = session.execute(
        sa.select(table).order_by(table.c.id).execution_options(yield_per=5000)
    ).mappings()
    for row in rows:
        count += 1
        if expected is not None and row["id"] != expected:
            problems.append(_entry(expected, f"第 {expected} 条操作记录不见了（被删除）"))
            break
        if row["hash"] != entry_hash(prev, dict(row)):
            problems.append(
                _entry(row["id"], f"第 {row['id']} 条操作记录被改动，或是在 dangqun 之外插入的")
            )
            break
        prev, expected = row["hash"], row["id"] + 1
    return count


def _latest(session: Session) -> dict[tuple[str, int], str | None]:
    a = AuditEntry.__table__.c
    newest = sa.select(sa.func.max(a.id)).group_by(a.record_type, a.record_id).scalar_subquery()
    rows = session.execute(
        sa.select(a.record_type, a.record_id, a.after).where(a.id.in_(newest))
    ).all()
    return {(r.record_type, r.record_id): r.after for r in rows}


def _plain(data):
    """Compare values, not layout: a column added by a later migration is null, not absent."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _entry(entry_id: int, message: str) -> dict:
    return {"kind": "chain", "entry": entry_id, "record": None, "message": message}


def _record(rtype: str, rid: int, message: str) -> dict:
    return {
        "kind": "record",
        "entry": None,
        "record": f"{rtype}:{rid}",
        "message": f"记录 {rtype}:{rid} {message}",
    }
