"""Commands as the audit trail groups them: the operator's last one, for ``undo``, which
both its read (what will be undone, before the confirmation) and its write (the same,
again, under the write lock) look up. Plain SQL (:mod:`dangqun_cli.database.reader`).

Every entry a command wrote carries the id of its first entry (``command``, migration
0016); the entries are written together, so they are contiguous from that id.
"""

from __future__ import annotations

import json

from dangqun_cli.database.reader import Reader


def entry_data(r) -> dict:
    """An audit entry (a row of ``audit_entry``) as JSON data: ``log --json`` and undo."""
    return {
        "id": r.id,
        "at": r.at.isoformat(),
        "actor": r.actor,
        "record_type": r.record_type,
        "record_id": r.record_id,
        "action": r.action,
        "before": json.loads(r.before) if r.before else None,
        "after": json.loads(r.after) if r.after else None,
        "source": r.source,
        "command": r.command,
    }


def last_command(reader: Reader, actor: str) -> dict | None:
    """The last command ``actor`` ran that changed anything: ``{"command", "at", "actor",
    "entries": [...]}`` (``command`` None when it was written before commands were
    numbered: then its last entry only), or None when ``actor`` has none."""
    last = reader.first(
        "SELECT id, command FROM audit_entry WHERE actor = :actor ORDER BY id DESC LIMIT 1",
        actor=actor,
    )
    if last is None:
        return None
    if last.command is None:
        rows = reader.rows("SELECT * FROM audit_entry WHERE id = :id", id=last.id)
    else:
        rows = reader.rows(
            "SELECT * FROM audit_entry WHERE id >= :c AND command = :c ORDER BY id",
            c=last.command,
        )
    entries = [entry_data(r) for r in rows]
    return {"command": last.command, "at": entries[0]["at"], "actor": actor, "entries": entries}


def later_change(reader: Reader, command: dict) -> dict | None:
    """The first entry after ``command`` about a record it changed, or None."""
    last = command["entries"][-1]["id"]
    found = None
    for rtype, rid in dict.fromkeys((e["record_type"], e["record_id"]) for e in command["entries"]):
        row = reader.first(
            "SELECT id, actor, record_type, record_id, action FROM audit_entry"
            " WHERE record_type = :type AND record_id = :rid AND id > :last ORDER BY id LIMIT 1",
            type=rtype,
            rid=rid,
            last=last,
        )
        if row is not None and (found is None or row.id < found["id"]):
            found = {
                "id": row.id,
                "actor": row.actor,
                "record_type": row.record_type,
                "record_id": row.record_id,
                "action": row.action,
            }
    return found
