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
from datetime import datetime

GENESIS = ""  # the "previous hash" of the first entry
# What an entry's hash covers after the previous hash, in this order. The last, the command
# an entry belongs to (migration 0016), only when it is set: entries written before it have
# none, and their hashes are what they were.
FIELDS = (
    "id",
    "at",
    "actor",
    "record_type",
    "record_id",
    "action",
    "before",
    "after",
    "source",
    "command",
)

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def entry_hash(prev: str, entry: dict, key: bytes | None = None) -> str:
    return row_hash(
        prev,
        (
            entry["id"],
            entry["at"],
            entry["actor"],
            entry["record_type"],
            entry["record_id"],
            entry["action"],
            entry["before"],
            entry["after"],
            entry.get("source"),
            entry.get("command"),
        ),
        key,
    )


def iso_moment(at) -> str:
    """An entry's moment as ``datetime.isoformat()`` writes it (what the hash covers), from a
    datetime or from the text SQLAlchemy keeps in SQLite (``2010-09-15 10:00:00.000000``).
    Text that is no moment raises ValueError."""
    return (datetime.fromisoformat(at) if isinstance(at, str) else at).isoformat()


def row_hash(prev: str, row, key: bytes | None = None) -> str:
    """:func:`entry_hash` of an entry given as its :data:`FIELDS` in order (a database row,
    as ``log verify`` reads a million of them)."""
    entry_id, at, *rest = row
    if len(rest) == len(FIELDS) - 2 and rest[-1] is None:
        rest.pop()  # no command: hashed as before there were commands
    payload = _dumps([prev, entry_id, iso_moment(at), *rest]).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.digest(key, payload, "sha256").hex()  # hmac.new(…).hexdigest(), in C
