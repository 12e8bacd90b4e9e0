"""Evidence files (附件) of rectification items: listed with an item, and read back whole."""

from __future__ import annotations

import hashlib

from dangqun_cli.database.reader import Reader
from dangqun_cli.errors import DatabaseError, NotFound
from dangqun_cli.records import possible, require

NOT_FOUND_HINT = "用 dangqun rectify show 事项编号 查看附件编号"


def _row(r) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "size": r.size,
        "sha256": r.sha256,
        "at": r.at.isoformat(),
        "by": r.by,
    }


def item_attachments(reader: Reader, item_id: int) -> list[dict]:
    """An item's attachments in the order they were added (``rectify show``)."""
    rows = reader.rows(
        'SELECT id, name, size, sha256, "at", "by" FROM attachment WHERE item_id = :id ORDER BY id',
        id=item_id,
    )
    return [_row(r) for r in rows]


def list_attachments(reader: Reader, item_id: int) -> list[dict]:
    """``rectify attachment list ID``: the item must exist."""
    require("item", item_id, lambda: reader.first(SELECT_ITEM, id=item_id))
    return item_attachments(reader, item_id)


SELECT_ITEM = "SELECT id FROM rectification_item WHERE id = :id"


def attachment_content(reader: Reader, attachment_id: int):
    """An attachment (``id item_id name sha256 content``) with its bytes, checked against
    its sha256: bytes changed behind dangqun's back are refused, never handed out as the
    evidence that was attached."""
    found = (
        reader.first(
            "SELECT a.id, a.item_id, a.name, a.sha256, b.content FROM attachment a"
            " LEFT JOIN attachment_blob b ON b.sha256 = a.sha256 WHERE a.id = :id",
            id=attachment_id,
        )
        if possible(attachment_id)
        else None
    )
    if found is None:
        raise NotFound(f"没有编号为 {attachment_id} 的附件", NOT_FOUND_HINT)
    content = found.content
    # Bytes, unless someone stored text there (SQLite would keep it): that is no file.
    if not isinstance(content, bytes) or hashlib.sha256(content).hexdigest() != found.sha256:
        lost = "不见了" if content is None else "与其 sha256 不符"
        raise DatabaseError(
            f"附件 {attachment_id}（{found.name}）的文件内容{lost}（数据库在 dangqun 之外被改动）",
            "用 dangqun log verify 检查；可从备份恢复",
        )
    return found
