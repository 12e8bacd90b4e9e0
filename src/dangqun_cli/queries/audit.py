"""The audit trail as a list (``dangqun log``)."""

from __future__ import annotations

import datetime as dt

from dangqun_cli.command_log import entry_data
from dangqun_cli.database.reader import Reader
from dangqun_cli.queries.common import matched

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
    "recheck": "回头看",
    "reopen": "回头看未见成效",
    "attach": "添加附件",
    "edit": "修改",
    "regenerate": "重新生成",
    "finalize": "定稿",
    "import": "导入",
    "set": "设置",
    "unset": "恢复默认",
    "undo": "撤销",
}


def list_entries(
    reader: Reader,
    *,
    record: tuple[str, int] | None = None,
    since: dt.date | None = None,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """Newest first; returns the entries shown and how many matched in all."""
    where, params = ["1 = 1"], {}
    if record is not None:
        where += ["record_type = :type", "record_id = :id"]
        params |= {"type": record[0], "id": record[1]}
    if since is not None:
        where.append("at >= :since")
        params["since"] = dt.datetime.combine(since, dt.time())
    sql = f"SELECT * FROM audit_entry WHERE {' AND '.join(where)} ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    shown = [entry_data(r) for r in reader.rows(sql, **params)]
    return shown, matched(reader, len(shown), limit, "audit_entry", where, params)
