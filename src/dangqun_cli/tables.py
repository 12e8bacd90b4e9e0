"""The tables' columns and their types, declared once for the read side and the shared
look-ups. ``models.py`` owns the schema; a test checks that every column named here exists
there with the same type.

Plain reads (:mod:`dangqun_cli.database.reader`) use :data:`KINDS` to turn what SQLite
keeps as text back into dates and times; code still on SQLAlchemy Core gets the same
tables as typed ``sa.table`` views (``tables.item`` …), built on first use, so that a read
which needs none of them never imports SQLAlchemy.
"""

from __future__ import annotations

INT, STR, TEXT, DATE, TIME, MOMENT = "int", "str", "text", "date", "time", "moment"
# Read as stored: 0/1 on SQLite, true/false on PostgreSQL (bool() it where it matters).
BOOL = "bool"
BYTES = "bytes"  # a file's content: bytes on both databases (BLOB, bytea)

# Python name → (table name, {column: type})
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "unit": ("unit", {"id": INT, "name": STR, "kind": STR, "parent_id": INT, "note": TEXT}),
    "meeting": (
        "meeting",
        {
            "id": INT,
            "kind": STR,
            "title": STR,
            "date": DATE,
            "time": TIME,
            "part": STR,
            "end_date": DATE,
            "end_time": TIME,
            "place": STR,
            "unit_id": INT,
            "host": STR,
            "recorder": STR,
            "expected": INT,
            "present": INT,
            "minutes": TEXT,
        },
    ),
    "attendance": (
        "attendance",
        {
            "id": INT,
            "meeting_id": INT,
            "role": STR,
            "name": STR,
            "unit_id": INT,
            "org": STR,
            "reason": STR,
            "position": INT,
        },
    ),
    "decision": (
        "decision",
        {"id": INT, "meeting_id": INT, "position": INT, "text": TEXT},
    ),
    "opinion": (
        "opinion",
        {
            "id": INT,
            "meeting_id": INT,
            "source": STR,
            "raised_by": STR,
            "topic": STR,
            "text": TEXT,
            "state": STR,
            "reply": TEXT,
            "reason": TEXT,
            "raised_on": DATE,
            "handled_on": DATE,
            "unit_id": INT,
        },
    ),
    "audit_entry": (
        "audit_entry",
        {
            "id": INT,
            "at": MOMENT,
            "actor": STR,
            "record_type": STR,
            "record_id": INT,
            "action": STR,
            "before": TEXT,
            "after": TEXT,
            "source": STR,
            "hash": STR,
            "command": INT,
        },
    ),
    "item": (
        "rectification_item",
        {
            "id": INT,
            "problem": TEXT,
            "measures": TEXT,
            "source": STR,
            "unit_id": INT,
            "category": STR,
            "target": TEXT,
            "partners": STR,
            "owner": STR,
            "leader": STR,
            "due": DATE,
            "original_due": DATE,
            "state": STR,
            "opened_on": DATE,
            "result": TEXT,
            "evidence": TEXT,
            "submitted_on": DATE,
            "verified_by": STR,
            "closed_on": DATE,
            "note": TEXT,
        },
    ),
    "item_opinion": ("item_opinion", {"item_id": INT, "opinion_id": INT}),
    "progress_note": (
        "progress_note",
        {"id": INT, "item_id": INT, "kind": STR, "day": DATE, "by": STR, "text": TEXT},
    ),
    "extension": (
        "extension",
        {
            "id": INT,
            "item_id": INT,
            "from_due": DATE,
            "to_due": DATE,
            "reason": TEXT,
            "day": DATE,
            "by": STR,
        },
    ),
    "recheck": (
        "recheck",
        {
            "id": INT,
            "item_id": INT,
            "day": DATE,
            "effective": BOOL,
            "result": TEXT,
            "reason": TEXT,
            "by": STR,
            "created_at": MOMENT,
        },
    ),
    "attachment": (
        "attachment",
        {
            "id": INT,
            "item_id": INT,
            "name": STR,
            "size": INT,
            "sha256": STR,
            "at": MOMENT,
            "by": STR,
        },
    ),
    "attachment_blob": ("attachment_blob", {"sha256": STR, "content": BYTES}),
    "cadence_rule": (
        "cadence_rule",
        {"id": INT, "kind": STR, "unit_id": INT, "min_count": INT, "per": STR},
    ),
    "work_summary": (
        "work_summary",
        {
            "id": INT,
            "period_key": STR,
            "period_start": DATE,
            "period_end": DATE,
            "unit_id": INT,
            "title": STR,
            "facts": TEXT,
            "narrative": TEXT,
            "state": STR,
            "created_at": MOMENT,
            "finalized_at": MOMENT,
            "anchor_entry": INT,
            "anchor_hash": STR,
        },
    ),
    "setting": ("setting", {"id": INT, "name": STR, "value": TEXT}),
    "meeting_template": (
        "meeting_template",
        {
            "id": INT,
            "name": STR,
            "kind": STR,
            "title": STR,
            "place": STR,
            "unit_id": INT,
            "host": STR,
            "recorder": STR,
            "attendees": TEXT,
            "invitees": TEXT,
            "expected": INT,
        },
    ),
}


def _kinds() -> dict[str, str]:
    """Column name → date, time or moment, for every such column. A name means one type
    wherever it appears (checked here), so a result column is converted by its name."""
    kinds: dict[str, str] = {}
    for _, columns in TABLES.values():
        for name, kind in columns.items():
            if kind in (DATE, TIME, MOMENT):
                assert kinds.setdefault(name, kind) == kind, f"{name} has two types"
    return kinds


KINDS = _kinds()

_VIEWS: dict[str, object] = {}


def __getattr__(name: str):
    """``tables.item`` and the like: the SQLAlchemy Core view of a table, built once."""
    if name == "ALL":
        return tuple(__getattr__(n) for n in TABLES)
    if name not in TABLES:
        raise AttributeError(name)
    if name not in _VIEWS:
        import sqlalchemy as sa

        types = {
            INT: sa.Integer,
            BOOL: sa.Boolean,
            STR: sa.String,
            TEXT: sa.Text,
            DATE: sa.Date,
            TIME: sa.Time,
            MOMENT: sa.DateTime,
            BYTES: sa.LargeBinary,
        }
        table_name, columns = TABLES[name]
        _VIEWS[name] = sa.table(
            table_name, *(sa.column(col, types[kind]) for col, kind in columns.items())
        )
    return _VIEWS[name]
