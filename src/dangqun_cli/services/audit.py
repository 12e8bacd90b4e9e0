"""The audit trail (操作记录): every change to every record, in the transaction that made it.

A ``before_flush`` listener notes which aggregates (a meeting with its attendance and
decisions, an opinion, a unit …) a session touches; just before commit,
:func:`write_pending` writes one entry per changed aggregate with its whole state before
and after. "Before" is the previous entry's "after", so a record's latest entry always
holds its current values, which is what lets the trail be checked against the tables.
Services never write entries themselves; they may name the action (``label``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from dangqun_cli import models
from dangqun_cli.chain import GENESIS, entry_hash
from dangqun_cli.database.bulk import insert_rows
from dangqun_cli.models import AuditEntry
from dangqun_cli.records import KINDS

_MODELS = {m.class_.__tablename__: m.class_ for m in models.Unit.__mapper__.registry.mappers}
# The model of each kind of record the trail follows (records.KINDS names them).
ROOTS: dict[str, type] = {kind.key: _MODELS[kind.table] for kind in KINDS}
CHILDREN: dict[str, tuple[str, ...]] = {
    "meeting": ("attendance", "decisions"),
    "item": ("opinion_links", "notes", "extensions", "rechecks", "attachments"),
}


_PENDING = "audit_pending"  # objects touched, resolved to keys after flush
_DELETED = "audit_deleted"  # keys of aggregates whose rows were deleted
_NEW_ROOTS = "audit_new_roots"
_LABELS = "audit_labels"
_KEY = "audit_key"
_COMMAND = "audit_command"  # the id of the first entry this session wrote
HEAD = "audit_head"  # (ledger, (id, hash)) of the last entry this session wrote


def install(session: Session) -> None:
    """Start noting what ``session`` changes."""
    session.info.update({_PENDING: [], _DELETED: [], _NEW_ROOTS: set(), _LABELS: {}})

    @event.listens_for(session, "before_flush")
    def _note(sess: Session, _ctx, _instances) -> None:
        # Each of these properties builds a new set: once per flush, not once per object.
        new, deleted = sess.new, sess.deleted
        for obj in list(new) + list(sess.dirty) + list(deleted):
            if isinstance(obj, AuditEntry) or not hasattr(obj, "audit_key"):
                continue
            if obj in deleted:
                sess.info[_DELETED].append(obj.audit_key())
            else:
                sess.info[_PENDING].append(obj)
                if obj in new and type(obj) in ROOTS.values():
                    sess.info[_NEW_ROOTS].add(id(obj))


def label(session: Session, key: tuple[str, int], action: str) -> None:
    """Name the action for an aggregate's entry (``reply`` rather than ``update``)."""
    session.info[_LABELS][key] = action


def discard_pending(session: Session) -> None:
    """Forget what was noted since the last write (after rolling back to a savepoint)."""
    session.info[_PENDING].clear()
    session.info[_DELETED].clear()
    session.info[_NEW_ROOTS].clear()


def write_pending(session: Session) -> None:
    """Write one entry per aggregate changed in this session (called once, before commit)."""
    session.flush()
    keys: dict[tuple[str, int], bool] = {}  # key -> created in this session
    for obj in session.info[_PENDING]:
        key = obj.audit_key()
        keys[key] = keys.get(key, False) or id(obj) in session.info[_NEW_ROOTS]
    for key in session.info[_DELETED]:
        keys.setdefault(key, False)
    entries = []
    for (rtype, rid), created in keys.items():
        root = session.get(ROOTS[rtype], rid)
        after = snapshot(rtype, root) if root is not None else None
        before = None if created else _latest_after(session, rtype, rid)
        if before == after:
            continue
        action = session.info[_LABELS].get((rtype, rid))
        if action is None:
            action = "create" if before is None else "delete" if after is None else "update"
        entries.append((rtype, rid, action, before, after))
    append(session, entries)
    discard_pending(session)


def append(session: Session, entries: list[tuple[str, int, str, dict | None, dict | None]]) -> None:
    """Write entries ``(type, id, action, before, after)``, chained after the last one.

    :func:`write_pending` calls it for what the ORM changed; a bulk import that inserts rows
    itself calls it with :func:`snapshot_of` each row, in the same transaction."""
    if not entries:
        return
    actor = session.info.get("actor") or "unknown"
    now = dt.datetime.now().replace(microsecond=0)
    source = session.info.get("audit_source")
    rows = [
        {
            "at": now,
            "actor": actor,
            "record_type": rtype,
            "record_id": rid,
            "action": action,
            "before": dumps(before),
            "after": dumps(after),
            "source": source,
        }
        for rtype, rid, action, before, after in entries
    ]
    _chain(session, rows)
    # Not the ORM: the rows are complete, and an import writes thousands.
    insert_rows(session.connection(), AuditEntry.__table__, rows)


def _chain(session: Session, rows: list[dict]) -> None:
    """Number the new entries after the last one and link each to the one before, keyed
    with the ledger's key (keys.py).

    Writers take turns for their whole transaction (database/engines.py: BEGIN IMMEDIATE on
    SQLite, an advisory lock on PostgreSQL), so no one else can be extending the chain
    meanwhile."""
    from dangqun_cli import keys

    key = session.info.get(_KEY)
    if key is None:  # once per command: an import writes entries row by row
        key = session.info[_KEY] = keys.for_writing(session.connection())
    last = head(session)
    next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    # One command, one number for all its entries: the id of its first (what undo reverts).
    command = session.info.setdefault(_COMMAND, next_id)
    for row in rows:
        row["id"] = next_id
        row["command"] = command
        row["hash"] = prev = entry_hash(prev, row, key.for_entry(next_id))
        next_id += 1
    session.info[HEAD] = (key.ledger, (rows[-1]["id"], rows[-1]["hash"]))


def head(session: Session) -> tuple[int, str] | None:
    """The last audit entry's (id, hash), or None when the trail is empty."""
    last = session.execute(
        sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (last.id, last.hash or GENESIS) if last else None


def _latest_after(session: Session, rtype: str, rid: int) -> dict | None:
    text = session.execute(
        sa.select(AuditEntry.after)
        .where(AuditEntry.record_type == rtype, AuditEntry.record_id == rid)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar()
    return json.loads(text) if text else None


def snapshot(rtype: str, root: Any) -> dict:
    """An aggregate's stored values as plain JSON data: the root's columns and its children's."""
    data = _columns(root)
    for rel in CHILDREN.get(rtype, ()):
        data[rel] = [_columns(child) for child in getattr(root, rel)]
    return data


def content(rtype: str, root: Any) -> dict:
    """What a record holds, as :func:`snapshot` without its children's row ids: a list put
    back as it was is no change (``edit`` refuses to record nothing as a change)."""
    data = _columns(root)
    for rel in CHILDREN.get(rtype, ()):
        data[rel] = [
            {k: v for k, v in _columns(child).items() if k != "id"} for child in getattr(root, rel)
        ]
    return data


def refuse_no_change(session: Session, rtype: str, root: Any, before: dict) -> None:
    """Raise :class:`NothingChanged` when ``root`` holds what it held (``before``, from
    :func:`content`); the transaction is then rolled back, so nothing is written."""
    from dangqun_cli.errors import NothingChanged

    session.flush()
    if content(rtype, root) == before:
        raise NothingChanged()


def snapshot_of(rtype: str, values: dict, children: dict[str, list[dict]]) -> dict:
    """What :func:`snapshot` gives for an aggregate inserted as plain rows: ``values`` and
    each child's must hold every column, as inserted."""
    data = _values(ROOTS[rtype], values)
    for rel, child in child_models(rtype):
        data[rel] = [_values(child, row) for row in children.get(rel, [])]
    return data


@functools.cache
def child_models(rtype: str) -> tuple[tuple[str, type], ...]:
    """Each child relationship of ``rtype`` and its model (``notes`` → ProgressNote)."""
    mapper = sa.inspect(ROOTS[rtype])
    return tuple((rel, mapper.relationships[rel].mapper.class_) for rel in CHILDREN.get(rtype, ()))


@functools.cache
def children_of(rtype: str) -> tuple[tuple[str, sa.Table, sa.Column, tuple], ...]:
    """For reading an aggregate as plain rows (``log verify``): each child relationship's
    name, table, column naming the parent, and the order :func:`snapshot` lists it in."""
    mapper = sa.inspect(ROOTS[rtype])
    found = []
    for rel in CHILDREN.get(rtype, ()):
        prop = mapper.relationships[rel]
        ((_, parent),) = prop.local_remote_pairs
        table = prop.mapper.local_table
        found.append((rel, table, parent, (*(prop.order_by or ()), *table.primary_key)))
    return tuple(found)


def _values(model: type, row: dict) -> dict:
    plain, as_is = _plain, _AS_IS  # a bulk import snapshots every row: inline the common case
    return {key: v if type(v := row[key]) in as_is else plain(v) for key in column_keys(model)}


@functools.cache
def column_keys(model: type) -> tuple[str, ...]:
    return tuple(c.key for c in sa.inspect(model).column_attrs)


def _columns(obj: Any) -> dict:
    return {c.key: _plain(getattr(obj, c.key)) for c in sa.inspect(type(obj)).column_attrs}


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # nearly every value: no isinstance checks
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value


def dumps(data: dict | None) -> str | None:
    if data is None:
        return None
    return _encode(data)


# json.dumps with these options builds an encoder per call; an import writes one per row.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
