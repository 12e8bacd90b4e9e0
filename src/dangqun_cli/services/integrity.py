"""``dangqun log verify``: is the audit trail whole, and does it account for every record?

The chain: every entry's hash is recomputed from its content, the previous hash and the
ledger's key (kept outside the database: keys.py), and ids run without gaps, so the first
entry altered, inserted or removed is named. The head: an anchor given on the command
line (a finalised summary prints one) and this machine's witness of the last head it wrote
must still be there, unchanged — which catches a tail cut off, leaving nothing to
recompute. The records: each record's current values must equal the "after" of its
latest entry, so a row changed or deleted behind dangqun's back is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from dangqun_cli import keys
from dangqun_cli.chain import FIELDS, GENESIS, iso_moment, row_hash
from dangqun_cli.database.reader import as_reader
from dangqun_cli.errors import DatabaseError
from dangqun_cli.models import AuditEntry
from dangqun_cli.records import NAMES
from dangqun_cli.services.audit import ROOTS, children_of, dumps, snapshot_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# A stored value that cannot be read (a date that is no date, a state that is no state)
# arrives as one of these from the driver or SQLAlchemy.
_UNREADABLE = (ValueError, TypeError, LookupError, OverflowError, sa.exc.StatementError)

# Rows per query: the chain is read this many entries at a time, and the records this many
# of a kind at a time, with their children and their latest entries; memory stays bounded
# by it, whatever the size of the ledger.
BATCH = 5000

# ``progress(what, done, total)``: called after each batch (what: "chain" or "records").
Progress = Callable[[str, int, int], None]


@dataclass
class Report:
    problems: list[dict] = field(default_factory=list)
    entries: int = 0
    records: int = 0
    keyed: bool = False
    head: tuple[int, str] | None = None

    def as_json(self) -> dict:
        head = {"id": self.head[0], "hash": self.head[1]} if self.head else None
        return {
            "ok": not self.problems,
            "entries": self.entries,
            "records": self.records,
            "keyed": self.keyed,
            "head": head,
            "problems": self.problems,
        }


def verify(
    conn: Connection,
    *,
    expected: dict[int, str] | None = None,
    witnessed: dict | None = None,
    records: bool = True,
    progress: Progress | None = None,
) -> Report:
    """Check the chain, the expected heads (entry id → hash or its prefix: anchors), this
    machine's witness (``{"ledger", "id", "hash"}``), and (unless told not to) every record.
    Core only, a batch at a time (:data:`BATCH`)."""
    report = Report()
    meta = keys.ledger_meta(conn)
    key = _key(meta, witnessed, report)
    wanted = dict(expected or {})
    if witnessed and witnessed.get("ledger") == meta.get("ledger_id"):
        wanted.setdefault(int(witnessed["id"]), str(witnessed["hash"]))
    found = _chain(conn, key, report, set(wanted), progress)
    for entry_id, hash_ in sorted(wanted.items()):
        if entry_id not in found:
            report.problems.append(
                _entry(entry_id, f"第 {entry_id} 条操作记录不见了（操作记录被截断或删除）")
            )
        elif not found[entry_id].startswith(hash_.lower()):
            report.problems.append(
                _entry(entry_id, f"第 {entry_id} 条操作记录与校验码不符（操作记录被改写）")
            )
    if records:
        _records(conn, report, progress)
        _files(conn, report)
    return report


def _key(meta: dict[str, str], witnessed: dict | None, report: Report) -> keys.LedgerKey | None:
    """This machine's key for the ledger; a missing or wrong key is a problem."""
    try:
        ledger = keys.ledger_id(meta)
    except DatabaseError as exc:
        report.problems.append(_entry(None, exc.message))
        return None
    if witnessed and witnessed.get("ledger") != ledger:
        report.problems.append(
            _entry(None, "这里的台账已不是本机上次写入的那一份（台账编号不同：被替换或恢复过）")
        )
    key = keys.load(ledger)
    check = meta.get("key_check")
    if key is None and check is not None:
        report.problems.append(
            _key_problem("本机没有这份台账的操作记录密钥，无法校验哈希链（用 db key import 导入）")
        )
    elif key is not None and check is not None and key.check != check:
        report.problems.append(
            _key_problem("本机的操作记录密钥与数据库中的校验值不符（密钥不对，或数据库被改动）")
        )
        key = None
    report.keyed = key is not None
    return key


# An entry's fields as the hash covers them, "at" under another name: a result column called
# "at" would be made a datetime, and the hash wants it as text (chain.iso_moment).
_ENTRY = ", ".join('"at" AS moment' if name == "at" else f'"{name}"' for name in FIELDS[1:])
# On SQLite the hashed text itself, less the previous hash, built by SQLite's json_array:
# the moment rewritten as datetime.isoformat() writes it, the rest as json.dumps would.
# Where the two encoders could ever differ, the entry is checked again the slow way, so a
# difference of encoding is never taken for tampering; bytes that match are the very
# bytes hashed when the entry was written (two JSON texts that are equal bytes are equal).
_ISO_AT = (
    "CASE WHEN substr(\"at\", 21) = '000000'"
    ' THEN substr("at", 1, 10) || \'T\' || substr("at", 12, 8)'
    " ELSE replace(\"at\", ' ', 'T') END"
)
_PAYLOAD = ", ".join(_ISO_AT if name == "at" else f'"{name}"' for name in FIELDS)
# An entry without a command (written before migration 0016) is hashed without it (chain.py).
_PAYLOAD_OLD = ", ".join(_ISO_AT if name == "at" else f'"{name}"' for name in FIELDS[:-1])


def _fast() -> str:
    """The columns the fast path reads: the hashed text, for entries with a command and
    without, and the command (the grouping is checked too)."""
    return (
        f"CAST(CASE WHEN command IS NULL THEN json_array({_PAYLOAD_OLD})"
        f" ELSE json_array({_PAYLOAD}) END AS BLOB) AS payload, command"
    )


def _chain(
    conn: Connection,
    key: keys.LedgerKey | None,
    report: Report,
    wanted: set[int],
    progress: Progress | None,
) -> dict[int, str]:
    """Walk the chain, :data:`BATCH` entries a query (keyset on the id); returns the stored
    hashes of the ``wanted`` entries. Plain SQL, on SQLite through the standard library in
    the same transaction, the text to hash made by SQLite (see :data:`_PAYLOAD`)."""
    reader = as_reader(conn)
    fast = reader.dialect == "sqlite" and _json_in_sql(reader)
    picked = _fast() if fast else _ENTRY
    sql = f"SELECT id, hash, {picked} FROM audit_entry WHERE id > :last ORDER BY id"
    prev, expected, checking = GENESIS, None, not report.problems
    command = None  # the command the previous entry belongs to
    found: dict[int, str] = {}
    total = _count(conn, AuditEntry.__table__.c.id) if progress else 0
    last = 0
    while True:
        rows = reader.rows(f"{sql} LIMIT {BATCH}", last=last)
        read = 0
        try:
            for row in rows:
                entry_id, stored = row.id, row.hash or ""
                if checking:
                    if expected is not None and entry_id != expected:
                        report.problems.append(
                            _entry(expected, f"第 {expected} 条操作记录不见了（被删除）")
                        )
                        checking = False
                    elif not _holds(reader, row, prev, key, fast):
                        message = f"第 {entry_id} 条操作记录被改动，或是在 dangqun 之外插入的"
                        report.problems.append(_entry(entry_id, message))
                        checking = False
                    elif not _grouped(row.command, entry_id, command):
                        message = f"第 {entry_id} 条操作记录所属的命令不对（操作记录被改写）"
                        report.problems.append(_entry(entry_id, message))
                        checking = False
                    else:
                        prev, expected, command = row.hash, entry_id + 1, row.command
                report.head = (entry_id, stored)
                read += 1
                if entry_id in wanted:
                    found[entry_id] = stored
        except _UNREADABLE:
            report.entries += read
            bad = report.head[0] + 1 if report.head else 1
            report.problems.append(_entry(bad, f"第 {bad} 条操作记录的内容无法读取（被改动）"))
            return found
        report.entries += read
        if progress:
            progress("chain", report.entries, total)
        if read < BATCH:
            return found
        last = report.head[0]


def _holds(reader, row, prev: str, key: keys.LedgerKey | None, fast: bool) -> bool:
    """Whether the entry's stored hash is its hash; its content unreadable raises."""
    secret = key.for_entry(row.id) if key else None
    if fast:
        text = b'["' + prev.encode() + b'",' + row.payload[1:]  # prev: hex digits, or ""
        made = hmac.digest(secret, text, "sha256") if secret else hashlib.sha256(text).digest()
        if made.hex() == row.hash:
            return True
        row = reader.first(f"SELECT id, hash, {_ENTRY} FROM audit_entry WHERE id = :id", id=row.id)
    content = (row.id, iso_moment(row.moment), *row[3:])
    return row.hash == row_hash(prev, content, secret)


def _grouped(command: int | None, entry_id: int, previous: int | None) -> bool:
    """Whether an entry's command is one the chain can have: none (before migration 0016,
    so none before it either), its own id (a command's first entry) or the previous
    entry's command (the same command, whose entries are written together)."""
    if command is None:
        return previous is None
    return command == entry_id or (previous is not None and command == previous)


def _json_in_sql(reader) -> bool:
    """Whether this SQLite has json_array (built in since 3.38, in most builds long before)."""
    try:
        reader.scalar("SELECT json_array(1)")
    except Exception:  # no JSON functions: hash the slow way
        return False
    return True


def _count(conn: Connection, column) -> int:
    """How many rows (for the progress line only): the largest id, which costs nothing."""
    return conn.execute(sa.select(sa.func.max(column))).scalar() or 0


def _records(conn: Connection, report: Report, progress: Progress | None) -> None:
    """Each record's current values against its latest entry's "after", kind by kind and
    :data:`BATCH` records at a time; then the records the trail still holds but the tables
    do not (in the order of their latest entries)."""
    total = sum(_count(conn, m.__table__.c.id) for m in ROOTS.values()) if progress else 0
    deleted: list[tuple[int, dict]] = []
    for rtype, model in ROOTS.items():
        pk = model.__table__.c.id
        last = None
        while True:
            query = sa.select(pk).order_by(pk).limit(BATCH)
            if last is not None:
                query = query.where(pk > last)
            ids = conn.execute(query).scalars().all()
            # The last batch reaches past the largest id: a deleted record may lie there.
            upto = ids[-1] if len(ids) == BATCH else None
            latest = _latest(conn, rtype, last, upto)
            for rid, now in _snapshots(conn, rtype, ids, last, upto, report):
                report.records += 1
                recorded = latest.pop(rid, (None, None))[1]
                if recorded is None:
                    report.problems.append(
                        _record(rtype, rid, "没有任何操作记录（在 dangqun 之外添加）")
                    )
                    continue
                if now is not None and recorded == dumps(now):
                    continue  # the common case: the very text written, nothing to take apart
                try:
                    before = json.loads(recorded)
                except ValueError:
                    report.problems.append(
                        _record(rtype, rid, "最后一条操作记录的内容无法解析（被改动）")
                    )
                    continue
                if now is not None and _plain(before) != (now := _plain(now)):
                    report.problems.append(_differs(rtype, rid, _plain(before), now))
            gone = "已不存在，但操作记录中没有删除（在 dangqun 之外删除）"
            for rid, (entry_id, after) in latest.items():
                if after is not None:
                    deleted.append((entry_id, _record(rtype, rid, gone)))
            if progress:
                progress("records", report.records, total)
            if upto is None:
                break
            last = upto
    deleted.sort(key=lambda found: found[0])
    report.problems.extend(problem for _, problem in deleted)


def _span(column, after: int | None, upto: int | None):
    """``after < column <= upto``, either end open when None."""
    bounds = []
    if after is not None:
        bounds.append(column > after)
    if upto is not None:
        bounds.append(column <= upto)
    return sa.and_(sa.true(), *bounds)


def _latest(
    conn: Connection, rtype: str, after: int | None, upto: int | None
) -> dict[int, tuple[int, str | None]]:
    """record id → (id, "after") of its latest entry, for the records of ``rtype`` whose ids
    lie in the span (the index on (record_type, record_id, id) finds them)."""
    a = AuditEntry.__table__.c
    newest = (
        sa.select(sa.func.max(a.id))
        .where(a.record_type == rtype, _span(a.record_id, after, upto))
        .group_by(a.record_id)
    )
    rows = conn.execute(
        sa.select(a.record_id, a.id, a.after).where(a.id.in_(newest)).order_by(a.id)
    )
    return {rid: (entry_id, text) for rid, entry_id, text in rows}


def _snapshots(
    conn: Connection,
    rtype: str,
    ids: list[int],
    after: int | None,
    upto: int | None,
    report: Report,
) -> Iterator[tuple[int, dict | None]]:
    """(id, values as the trail records them) for the records of ``rtype`` in the span,
    read as plain rows with their children; a record whose stored values cannot be read is
    a problem named by its id (and comes with None)."""
    try:
        found = _read(conn, rtype, after, upto)
    except _UNREADABLE:
        found = None  # one of them cannot be read: read them one by one to say which
    if found is not None:
        yield from found
        return
    for rid in ids:
        try:
            (one,) = _read(conn, rtype, rid - 1, rid)
        except _UNREADABLE:
            report.problems.append(
                _record(rtype, rid, "的内容无法读取（在 dangqun 之外被改成了无效的值）")
            )
            yield rid, None
            continue
        yield one


def _read(
    conn: Connection, rtype: str, after: int | None, upto: int | None
) -> list[tuple[int, dict]]:
    table = ROOTS[rtype].__table__
    rows = conn.execute(
        sa.select(table).where(_span(table.c.id, after, upto)).order_by(table.c.id)
    ).mappings()
    kids: dict[str, dict[int, list]] = {}
    for rel, child, parent, order in children_of(rtype):
        grouped = kids[rel] = {}
        query = sa.select(child).where(_span(parent, after, upto)).order_by(parent, *order)
        for row in conn.execute(query).mappings():
            grouped.setdefault(row[parent.key], []).append(row)
    return [
        (row["id"], snapshot_of(rtype, row, {rel: kids[rel].get(row["id"], []) for rel in kids}))
        for row in rows
    ]


def _plain(data):
    """Compare values, not layout: a column added by a later migration is null, not absent,
    and a child table added by one (an item's attachments) is empty, not absent."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None and v != []}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


# Files read at a time when their bytes are checked: each may hold up to
# limits.ATTACHMENT_MAX, so memory stays within a few of them.
FILES_AT_ONCE = 4


def _files(conn: Connection, report: Report) -> None:
    """The attachments' bytes (kept apart from the records: the trail names them by their
    sha256): every attachment's bytes are there, and all bytes hash to their sha256."""
    from dangqun_cli.models import Attachment, AttachmentBlob

    a, b = Attachment.__table__.c, AttachmentBlob.__table__.c
    users: dict[str, list] = {}
    for row in conn.execute(sa.select(a.id, a.item_id, a.name, a.sha256).order_by(a.id)):
        users.setdefault(row.sha256, []).append(row)
    stored = set()
    query = sa.select(b.sha256, b.content).order_by(b.sha256)
    for sha256, content in conn.execute(query.execution_options(yield_per=FILES_AT_ONCE)):
        stored.add(sha256)
        # Bytes, unless someone stored text there (SQLite would keep it): that is no file.
        if not isinstance(content, bytes) or hashlib.sha256(content).hexdigest() != sha256:
            _file_problems(
                report, sha256, users.get(sha256, []), "与其 sha256 不符（在 dangqun 之外被改动）"
            )
    for sha256, rows in users.items():
        if sha256 not in stored:
            _file_problems(report, sha256, rows, "不见了（在 dangqun 之外被删除）")


def _file_problems(report: Report, sha256: str, rows: list, what: str) -> None:
    """A problem per attachment whose file it is, or one for bytes no attachment uses."""
    if not rows:
        message = f"文件内容 {sha256[:12]}… {what}"
        report.problems.append({"kind": "file", "entry": None, "record": None, "message": message})
    for row in rows:
        problem = _record("item", row.item_id, f"的附件 {row.id}（{row.name}）的文件内容{what}")
        report.problems.append({**problem, "kind": "file"})


def check_backup(conn, shown: str) -> tuple[str, tuple[int, str] | None]:
    """Refuse a backup (opened at the current structure) whose chain does not verify with
    this machine's key; returns its ledger id and the head of its chain. Its records are
    not compared with their history here: ``log verify`` after the restore does that, and
    says which record differs."""
    report = verify(conn, records=False)
    if report.problems:
        first = report.problems[0]
        hint = (
            keys.IMPORT_HINT
            if first["kind"] == "key"
            else "这份备份可能被改动过；什么也没有恢复，请换一份备份"
        )
        raise DatabaseError(f"备份 {shown} 的操作记录校验不通过：{first['message']}", hint)
    return keys.ledger_id(keys.ledger_meta(conn)), report.head


def _key_problem(message: str) -> dict:
    return {"kind": "key", "entry": None, "record": None, "message": message}


def _entry(entry_id: int | None, message: str) -> dict:
    return {"kind": "chain", "entry": entry_id, "record": None, "message": message}


def _record(rtype: str, rid: int, message: str) -> dict:
    """A problem with one record, named as ``log`` names it: ``整改事项 3 …``."""
    return {
        "kind": "record",
        "entry": None,
        "record": f"{rtype}:{rid}",
        "message": f"{NAMES[rtype]} {rid} {message}",
    }


def _differs(rtype: str, rid: int, recorded: dict, now: dict) -> dict:
    """``整改事项 3 的“整改措施”与操作记录不符：记录为…，现为…（在 dangqun 之外修改）``."""
    from dangqun_cli.fields import differences

    found = differences(rtype, recorded, now)
    names = "".join(f"“{field.label}”" for field, _, _ in found)
    values = "；".join(
        f"{f'“{field.label}”' if len(found) > 1 else ''}记录为“{_short(old)}”，现为“{_short(new)}”"
        for field, old, new in found
        if old is not None and new is not None
    )
    message = f"的{names}与操作记录不符" + (f"：{values}" if values else "")
    return _record(rtype, rid, message + "（在 dangqun 之外修改）")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
