"""The audit trail as a list (``dangqun log``)."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.queries.common import count
from dangqun_cli.tables import audit_entry

ACTION_LABELS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "reply": "答复",
    "decline": "不予采纳",
    "minutes": "编辑纪要",
    "note": "记录进展",
    "extend": "延期",
    "submit": "提交验收",
    "verify": "验收销号",
    "reject": "退回",
    "edit": "修改",
    "regenerate": "重新生成",
    "finalize": "定稿",
    "import": "导入",
    "set": "设置",
    "unset": "恢复默认",
}


def list_entries(
    conn: Connection,
    *,
    record: tuple[str, int] | None = None,
    since: dt.date | None = None,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """Newest first; returns the entries shown and how many matched in all."""
    a = audit_entry.c
    conditions = []
    if record is not None:
        conditions += [a.record_type == record[0], a.record_id == record[1]]
    if since is not None:
        conditions.append(a.at >= dt.datetime.combine(since, dt.time()))
    query = sa.select(audit_entry).where(*conditions).order_by(a.id.desc()).limit(limit)
    shown = [
        {
            "id": r.id,
            "at": r.at.isoformat(),
            "actor": r.actor,
            "record_type": r.record_type,
            "record_id": r.record_id,
            "action": r.action,
            "before": json.loads(r.before) if r.before else None,
            "after": json.loads(r.after) if r.after else None,
            "source": r.source,
        }
        for r in conn.execute(query)
    ]
    total = (
        len(shown) if limit is None or len(shown) < limit else count(conn, audit_entry, conditions)
    )
    return shown, total
