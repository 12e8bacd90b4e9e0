"""``dangqun undo``: revert the operator's last command from what the audit trail kept.

The trail holds each changed record's whole state before and after (services/audit.py),
children included, and numbers the entries of one command together (``command``). Undo
puts every record that command touched back as it was before: a record it created is
deleted, one it deleted is made again with its number and children, one it changed gets
its earlier values back. Nothing else is touched, so undo refuses when a later command (by
anyone) changed one of those records, when a record to delete is now named by others, when
a record to put back names one that is gone, or when a name it would take back is taken.
The undo is a command of its own, every entry labelled ``undo``; the command before it is
then an undo, which is not undone again (undo does not redo). An import is not undone
(``db restore`` of the backup made before it does that).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import SQLModel

from dangqun_cli.errors import DangqunError, IllegalMove
from dangqun_cli.records import BY_KEY, BY_TABLE, NAMES
from dangqun_cli.services import audit
from dangqun_cli.services.audit import ROOTS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ACTION = "undo"
_HINT = "撤销只针对当前操作人（--as 或 DANGQUN_USER）自己的上一条命令"


def plan(command: dict | None, actor: str) -> list[dict]:
    """What undoing ``command`` (command_log.last_command) does, record by record, in
    the order of their first entries: ``{"record_type", "record_id", "label", "revert",
    "before"}`` — revert is ``delete`` (it was created), ``restore`` (deleted) or
    ``revert`` (changed); ``before`` the state it returns to. Refuses what cannot be undone."""
    from dangqun_cli.fields import named

    if command is None:
        raise IllegalMove(f"没有可以撤销的命令：{actor} 还没有改动过任何记录", _HINT)
    entries = command["entries"]
    if command["command"] is None:
        raise IllegalMove("上一条命令是在本版本之前记录的，不能撤销", "撤销只针对升级后执行的命令")
    if any(e["action"] == ACTION for e in entries):
        raise IllegalMove(
            "上一条命令是撤销，不能再撤销（撤销不会重做）", "要恢复，请重新执行原来的命令"
        )
    if any(e["source"] for e in entries):
        raise IllegalMove(
            f"上一条命令是导入（{len(entries)} 条操作记录），不能撤销",
            "要取消导入，请用 dangqun db restore 恢复导入前的备份",
        )
    records: dict[tuple[str, int], dict] = {}
    for e in entries:
        key = (e["record_type"], e["record_id"])
        if key not in records:
            records[key] = {"first": e, "last": e}
        records[key]["last"] = e
    steps = []
    for (rtype, rid), seen in records.items():
        before, after = seen["first"]["before"], seen["last"]["after"]
        revert = "delete" if before is None else "restore" if after is None else "revert"
        steps.append(
            {
                "record_type": rtype,
                "record_id": rid,
                "label": named(rtype, after or before),
                "revert": revert,
                "before": before,
            }
        )
    return steps


def refuse_later(change: dict | None) -> None:
    """Refuse when a later command changed a record the command touched
    (command_log.later_change)."""
    if change is None:
        return
    kind = change["record_type"]
    shown = f"{NAMES.get(kind, kind)} {change['record_id']}"
    raise IllegalMove(
        f"不能撤销：{shown} 此后又被改动过（第 {change['id']} 条操作记录，{change['actor']}）",
        f"只能撤销此后没有被其他命令改动过的命令；用 dangqun log --record {kind}:"
        f"{change['record_id']} 查看",
    )


def undo(session: Session, *, actor: str, expected: int | None) -> list[dict]:
    """Revert ``actor``'s last command, which must still be the one numbered ``expected``
    (what was shown and confirmed); returns its plan."""
    from dangqun_cli.command_log import last_command, later_change
    from dangqun_cli.database.reader import as_reader

    reader = as_reader(session.connection())
    command = last_command(reader, actor)
    steps = plan(command, actor)
    if expected is not None and command["command"] != expected:
        raise IllegalMove("上一条命令在确认期间有了变化，未撤销", "请重新运行 dangqun undo")
    refuse_later(later_change(reader, command))
    removed = {(s["record_type"], s["record_id"]) for s in steps if s["revert"] == "delete"}
    back = {(s["record_type"], s["record_id"]) for s in steps if s["revert"] != "delete"}
    order = _order()
    # Records that go first, those that name others last; records come back the other way.
    for step in sorted(
        (s for s in steps if s["revert"] == "delete"),
        key=lambda s: (-order[s["record_type"]], -s["record_id"]),
    ):
        _remove(session, step, removed)
    for step in sorted(
        (s for s in steps if s["revert"] != "delete"),
        key=lambda s: (order[s["record_type"]], s["record_id"]),
    ):
        _put_back(session, step, back)
    return steps


@functools.cache
def _order() -> dict[str, int]:
    """Each kind's place among the tables, those named by others first."""
    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    return {key: tables.index(model.__tablename__) for key, model in ROOTS.items()}


def _shown(step: dict) -> str:
    label = f"“{step['label']}”" if step["label"] else ""
    return f"{NAMES[step['record_type']]} {step['record_id']}{label}"


def _remove(session: Session, step: dict, removed: set[tuple[str, int]]) -> None:
    from dangqun_cli.services.dependents import dependents, describe

    rtype, rid = step["record_type"], step["record_id"]
    record = session.get(ROOTS[rtype], rid)
    if record is None:  # cannot be: a later entry would say it was deleted
        raise DangqunError(f"不能撤销：{_shown(step)} 已不存在", "请用 dangqun log verify 检查")
    found = dependents(session.connection(), rtype, rid, ignore=removed)
    if found:
        raise IllegalMove(
            f"不能撤销：要删除的{_shown(step)}已被 {describe(found)} 用到",
            "先删除或修改这些记录，再撤销",
        )
    audit.label(session, (rtype, rid), ACTION)
    session.delete(record)
    session.flush()


def _put_back(session: Session, step: dict, back: set[tuple[str, int]]) -> None:
    rtype, rid, state = step["record_type"], step["record_id"], step["before"]
    model = ROOTS[rtype]
    _refuse_missing_references(session, step, back)
    _refuse_taken_names(session, step)
    record = session.get(model, rid)
    if record is None:
        record = model()
        _set_columns(record, state)
        session.add(record)
    else:
        _set_columns(record, state, keep=("id",))
    for rel, child_model in audit.child_models(rtype):
        _set_children(record, rel, child_model, state.get(rel) or [])
    audit.label(session, (rtype, rid), ACTION)
    session.flush()


def _set_columns(obj, state: dict, keep: tuple[str, ...] = ()) -> None:
    """Every column as ``state`` has it (one it lacks, added since, is empty)."""
    for key, parse in _parsers(type(obj)).items():
        if key in keep:
            continue
        setattr(obj, key, _parsed(parse, state.get(key)))


def _set_children(record, rel: str, model: type, wanted: list[dict]) -> None:
    """The children as ``wanted``: those still there (same number) changed in place, the
    others made anew (new numbers: a child's number may have been given out again)."""
    keys = [c.key for c in model.__table__.primary_key]
    numbered = keys == ["id"]

    def key_of(values) -> tuple:
        return tuple(
            values.get(k) if isinstance(values, dict) else getattr(values, k) for k in keys
        )

    current = {key_of(child): child for child in getattr(record, rel)}
    children = []
    for values in wanted:
        child = current.pop(key_of(values), None) or model()
        if numbered:
            values = {k: v for k, v in values.items() if k != "id"}
        _set_columns_present(child, values)
        children.append(child)
    setattr(record, rel, children)


def _set_columns_present(obj, values: dict) -> None:
    parsers = _parsers(type(obj))
    for key, value in values.items():
        if key in parsers:
            setattr(obj, key, _parsed(parsers[key], value))


def _parsed(parse, value):
    return value if value is None or parse is None else parse(value)


@functools.cache
def _parsers(model: type) -> dict:
    """Column key → how its stored JSON value becomes the attribute's (None: as it is)."""
    found = {}
    for attr in sa.inspect(model).column_attrs:
        kind = attr.columns[0].type
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            found[attr.key] = kind.enum_class
        elif isinstance(kind, sa.DateTime):
            found[attr.key] = dt.datetime.fromisoformat
        elif isinstance(kind, sa.Date):
            found[attr.key] = dt.date.fromisoformat
        elif isinstance(kind, sa.Time):
            found[attr.key] = dt.time.fromisoformat
        else:
            found[attr.key] = None
    return found


@functools.cache
def _references(rtype: str) -> tuple[tuple[str | None, str, str], ...]:
    """The numbers of other records a record of ``rtype`` keeps: (child relationship or
    None for the record's own columns, column key, kind of record it names)."""
    found = []
    parts = [(None, ROOTS[rtype]), *audit.child_models(rtype)]
    for rel, model in parts:
        for column in model.__table__.columns:
            for fk in column.foreign_keys:
                target = BY_TABLE.get(fk.column.table.name)
                if target is None or (rel is not None and target.key == rtype):
                    continue  # a child's link to its own record
                found.append((rel, column.key, target.key))
    return tuple(found)


def _refuse_missing_references(session: Session, step: dict, back: set) -> None:
    """A record put back may only name records that exist (or come back with it)."""
    state = step["before"]
    for rel, column, target in _references(step["record_type"]):
        rows = [state] if rel is None else state.get(rel) or []
        for row in rows:
            number = row.get(column)
            if number is None or (target, number) in back:
                continue
            if session.get(ROOTS[target], number) is None:
                raise IllegalMove(
                    f"不能撤销：{_shown(step)}所用的{BY_KEY[target].name} {number} 已被删除",
                    "先恢复或重新添加它，再撤销",
                )


def _refuse_taken_names(session: Session, step: dict) -> None:
    """A name put back (a unit's, a template's) must not belong to another record now."""
    model = ROOTS[step["record_type"]]
    table = model.__table__
    for column in table.columns:
        if not column.unique:
            continue
        value = step["before"].get(column.key)
        if value is None:
            continue
        other = session.execute(
            sa.select(table.c.id).where(column == value, table.c.id != step["record_id"])
        ).scalar()
        if other is not None:
            raise IllegalMove(
                f"不能撤销：{_shown(step)}的名称已被{NAMES[step['record_type']]} {other} 使用",
                "先把那条记录改名，再撤销",
            )
