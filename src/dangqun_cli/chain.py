"""The audit trail's hash chain: each entry's hash covers its content and the previous hash.

Standard library only; migration 0005 carries a copy of ``entry_hash`` to backfill old
entries, so the two must not drift (a test compares them).
"""

from __future__ import annotations

import hashlib
import json

GENESIS = ""  # the "previous hash" of the first entry


def entry_hash(prev: str, entry: dict) -> str:
    at = entry["at"]
    payload = json.dumps(
        [
            prev,
            entry["id"],
            at.isoformat() if hasattr(at, "isoformat") else str(at),
            entry["actor"],
            entry["record_type"],
            entry["record_id"],
            entry["action"],
            entry["before"],
            entry["after"],
            entry.get("source"),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
