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

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dangqun_cli import keys
from dangqun_cli.chain import GENESIS, entry_hash
from dangqun_cli.errors import DatabaseError
from dangqun_cli.models import AuditEntry
from dangqun_cli.records import NAMES
from dangqun_cli.services.audit import CHILDREN, ROOTS, snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A stored value that cannot be read (a date that is no date, a state that is no state)
# arrives as one of these from the driver or SQLAlchemy.
_UNREADABLE = (ValueError, TypeError, LookupError, OverflowError, sa.exc.StatementError)


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
    session: Session,
    *,
    expected: dict[int, str] | None = None,
    witnessed: dict | None = None,
    records: bool = True,
) -> Report:
    """Check the chain, the expected heads (entry id → hash or its prefix: anchors), this
    machine's witness (``{"ledger", "id", "hash"}``), and (unless told not to) every record."""
    report = Report()
    meta = keys.ledger_meta(session.connection())
    key = _key(meta, witnessed, report)
    wanted = dict(expected or {})
    if witnessed and witnessed.get("ledger") == meta.get("ledger_id"):
        wanted.setdefault(int(witnessed["id"]), str(witnessed["hash"]))
    found = _chain(session, key, report, set(wanted))
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
        _records(session, report)
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


def _chain(
    session: Session, key: keys.LedgerKey | None, report: Report, wanted: set[int]
) -> dict[int, str]:
    """Walk the chain; returns the stored hashes of the ``wanted`` entries."""
    table = AuditEntry.__table__
    prev, expected, checking = GENESIS, None, not report.problems
    found: dict[int, str] = {}
    rows = session.execute(
        sa.select(table).order_by(table.c.id).execution_options(yield_per=5000)
    ).mappings()
    while True:
        try:
            row = next(rows, None)
        except _UNREADABLE:
            bad = report.head[0] + 1 if report.head else 1
            report.problems.append(_entry(bad, f"第 {bad} 条操作记录的内容无法读取（被改动）"))
            break
        if row is None:
            break
        report.entries += 1
        report.head = (row["id"], row["hash"] or "")
        if row["id"] in wanted:
            found[row["id"]] = row["hash"] or ""
        if not checking:
            continue
        secret = key.for_entry(row["id"]) if key else None
        if expected is not None and row["id"] != expected:
            report.problems.append(_entry(expected, f"第 {expected} 条操作记录不见了（被删除）"))
            checking = False
        elif row["hash"] != entry_hash(prev, dict(row), secret):
            report.problems.append(
                _entry(row["id"], f"第 {row['id']} 条操作记录被改动，或是在 dangqun 之外插入的")
            )
            checking = False
        else:
            prev, expected = row["hash"], row["id"] + 1
    return found


def _records(session: Session, report: Report) -> None:
    latest = _latest(session)
    for rtype, model in ROOTS.items():
        for rid, obj in _objects(session, rtype, model, report):
            report.records += 1
            recorded = latest.pop((rtype, rid), None)
            if recorded is None:
                report.problems.append(
                    _record(rtype, rid, "没有任何操作记录（在 dangqun 之外添加）")
                )
                continue
            try:
                last = json.loads(recorded)
            except ValueError:
                report.problems.append(
                    _record(rtype, rid, "最后一条操作记录的内容无法解析（被改动）")
                )
                continue
            if obj is not None and _plain(last) != (now := _plain(snapshot(rtype, obj))):
                report.problems.append(_differs(rtype, rid, _plain(last), now))
    for (rtype, rid), after in latest.items():
        if after is not None:
            report.problems.append(
                _record(rtype, rid, "已不存在，但操作记录中没有删除（在 dangqun 之外删除）")
            )


def _objects(session: Session, rtype: str, model, report: Report):
    """(id, record) for every record of ``model``; a record whose stored values cannot be
    read is a problem named by its id (and comes with None)."""
    options = [selectinload(getattr(model, rel)) for rel in CHILDREN.get(rtype, ())]
    try:
        objs = list(session.execute(sa.select(model).options(*options)).scalars())
    except _UNREADABLE:
        session.expunge_all()  # the rows were read; converting one of them failed
    else:
        yield from ((obj.id, obj) for obj in objs)
        return
    pk = model.__table__.c.id
    for rid in list(session.execute(sa.select(pk).order_by(pk)).scalars()):
        try:
            obj = session.execute(sa.select(model).where(pk == rid).options(*options)).scalar_one()
        except _UNREADABLE:
            session.expunge_all()
            report.problems.append(
                _record(rtype, rid, "的内容无法读取（在 dangqun 之外被改成了无效的值）")
            )
            yield rid, None
            continue
        yield rid, obj


def _latest(session: Session) -> dict[tuple[str, int], str | None]:
    a = AuditEntry.__table__.c
    newest = sa.select(sa.func.max(a.id)).group_by(a.record_type, a.record_id).scalar_subquery()
    rows = session.execute(
        sa.select(a.record_type, a.record_id, a.after).where(a.id.in_(newest))
    ).all()
    return {(r.record_type, r.record_id): r.after for r in rows}


def _plain(data):
    """Compare values, not layout: a column added by a later migration is null, not absent."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def check_backup(conn, shown: str) -> tuple[str, tuple[int, str] | None]:
    """Refuse a backup (opened at the current structure) whose chain does not verify with
    this machine's key; returns its ledger id and the head of its chain. Its records are
    not compared with their history here: ``log verify`` after the restore does that, and
    says which record differs."""
    from sqlalchemy.orm import Session

    report = verify(Session(bind=conn), records=False)
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
