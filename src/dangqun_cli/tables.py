"""Lightweight views of the tables (``sa.table``) for the read side and the shared look-ups,
typed so that dates come back as dates on every database. ``models.py`` owns the schema; a
test checks that every column named here exists there with the same type.
"""

from __future__ import annotations

import sqlalchemy as sa

unit = sa.table(
    "unit",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("parent_id", sa.Integer),
    sa.column("note", sa.Text),
)

meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("date", sa.Date),
    sa.column("time", sa.Time),
    sa.column("part", sa.String),
    sa.column("end_date", sa.Date),
    sa.column("end_time", sa.Time),
    sa.column("place", sa.String),
    sa.column("unit_id", sa.Integer),
    sa.column("host", sa.String),
    sa.column("recorder", sa.String),
    sa.column("expected", sa.Integer),
    sa.column("present", sa.Integer),
    sa.column("minutes", sa.Text),
)

attendance = sa.table(
    "attendance",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("role", sa.String),
    sa.column("name", sa.String),
    sa.column("unit_id", sa.Integer),
    sa.column("org", sa.String),
    sa.column("reason", sa.String),
    sa.column("position", sa.Integer),
)

decision = sa.table(
    "decision",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("text", sa.Text),
)

opinion = sa.table(
    "opinion",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("source", sa.String),
    sa.column("raised_by", sa.String),
    sa.column("topic", sa.String),
    sa.column("text", sa.Text),
    sa.column("state", sa.String),
    sa.column("reply", sa.Text),
    sa.column("reason", sa.Text),
    sa.column("raised_on", sa.Date),
    sa.column("handled_on", sa.Date),
    sa.column("unit_id", sa.Integer),
)

audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("record_type", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("before", sa.Text),
    sa.column("after", sa.Text),
    sa.column("source", sa.String),
    sa.column("hash", sa.String),
)

item = sa.table(
    "rectification_item",
    sa.column("id", sa.Integer),
    sa.column("problem", sa.Text),
    sa.column("measures", sa.Text),
    sa.column("source", sa.String),
    sa.column("unit_id", sa.Integer),
    sa.column("category", sa.String),
    sa.column("target", sa.Text),
    sa.column("partners", sa.String),
    sa.column("owner", sa.String),
    sa.column("leader", sa.String),
    sa.column("due", sa.Date),
    sa.column("original_due", sa.Date),
    sa.column("state", sa.String),
    sa.column("opened_on", sa.Date),
    sa.column("result", sa.Text),
    sa.column("evidence", sa.Text),
    sa.column("submitted_on", sa.Date),
    sa.column("verified_by", sa.String),
    sa.column("closed_on", sa.Date),
    sa.column("note", sa.Text),
)

item_opinion = sa.table(
    "item_opinion",
    sa.column("item_id", sa.Integer),
    sa.column("opinion_id", sa.Integer),
)

progress_note = sa.table(
    "progress_note",
    sa.column("id", sa.Integer),
    sa.column("item_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("day", sa.Date),
    sa.column("by", sa.String),
    sa.column("text", sa.Text),
)

extension = sa.table(
    "extension",
    sa.column("id", sa.Integer),
    sa.column("item_id", sa.Integer),
    sa.column("from_due", sa.Date),
    sa.column("to_due", sa.Date),
    sa.column("reason", sa.Text),
    sa.column("day", sa.Date),
    sa.column("by", sa.String),
)

cadence_rule = sa.table(
    "cadence_rule",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("unit_id", sa.Integer),
    sa.column("min_count", sa.Integer),
    sa.column("per", sa.String),
)

work_summary = sa.table(
    "work_summary",
    sa.column("id", sa.Integer),
    sa.column("period_key", sa.String),
    sa.column("period_start", sa.Date),
    sa.column("period_end", sa.Date),
    sa.column("unit_id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("facts", sa.Text),
    sa.column("narrative", sa.Text),
    sa.column("state", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("finalized_at", sa.DateTime),
    sa.column("anchor_entry", sa.Integer),
    sa.column("anchor_hash", sa.String),
)

setting = sa.table(
    "setting",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("value", sa.Text),
)

ALL = (
    unit,
    meeting,
    attendance,
    decision,
    opinion,
    audit_entry,
    item,
    item_opinion,
    progress_note,
    extension,
    cadence_rule,
    work_summary,
    setting,
)
