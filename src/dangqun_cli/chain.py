"""The audit trail's hash chain: each entry's hash covers its content and the previous hash.

Entries are keyed (HMAC-SHA256 with the ledger's key, which is kept outside the database:
keys.py), so rewriting the history needs something the database file does not hold.
Entries written before a ledger had a key are plain SHA-256, which anyone can recompute;
the key's ``keyed_from`` says where the keyed part begins. Standard library only;
migration 0005 carries a copy of the plain hash to backfill old entries, so the two must
not drift (a test compares them).
"""

from __future__ import annotations

import hashlib
import hmac
import json

GENESIS = ""  # the "previous hash" of the first entry


def entry_hash(prev: str, entry: dict, key: bytes | None = None) -> str:
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
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.digest(key, payload, "sha256").hex()  # hmac.new(…).hexdigest(), in C
