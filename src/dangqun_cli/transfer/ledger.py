"""The whole ledger as one JSON file (``export all``), and back (``import FILE``).

Table-driven: every table of ``SQLModel.metadata`` but the audit trail and the ledger's
identity (``ledger_meta``) goes out, the office's settings (``setting``) included, every
column of it, ids included, so a column a later migration adds travels without this
module changing; the attachments' files too, their bytes as base64 (``attachment_blob``).
The bytes are deterministic: tables in the
metadata's foreign-key order, rows by primary key, keys in column order, dates and times
as ISO text, so exporting a restored ledger gives the same file again.

A restore goes into an empty database only, keeping every id. The file is checked whole
before anything is written (marker, format version, structure version, tables, columns,
types, uniqueness, references), and every refusal names the table, record and column.
The rows are then written through the command's ORM session, so the audit trail gets one
chained "create" entry per record, as if each had been added by a command.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from dangqun_cli.errors import InvalidInput
from dangqun_cli.transfer.limits import CELL_MAX, ROWS_MAX

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from dangqun_cli.render.files import Target

MARK = "ledger"  # {"dangqun": "ledger", …}: what tells this file from any other JSON
VERSION = 1  # of this file's layout; the tables' structure is "schema" (db.SCHEMA_HEAD)
HEADER_KEYS = ("dangqun", "version", "schema", "tables")
# Not the ledger's records: the audit trail is written anew by the restore (one entry per
# record), the ledger's identity (ledger id, key check) belongs to each database.
SKIPPED = frozenset({"audit_entry", "ledger_meta", "alembic_version"})
# Cadence rules alone (the five that databases made before issue 15 came with, or a preset
# just applied) make way for the ledger's own rules. Any other record makes a database not
# empty.
REPLACED = frozenset({"cadence_rule"})
WORDS = ("all", "全部", "整本台账")  # export's type word for the whole ledger
FIX_HINT = "请改正文件后重新导入；文件应是 dangqun export all 导出的原样"
NOT_EMPTY_HINT = "整本台账只能导入空数据库，如 dangqun --db 新台账.db import 文件"


def tables() -> list[sa.Table]:
    """The ledger's tables in foreign-key order (parents first): the file's order."""
    from sqlmodel import SQLModel

    import dangqun_cli.models  # noqa: F401  (defines the tables)

    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIPPED]


# ---- export ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A stored value as JSON data: enums by their key, dates and times as ISO text, a
    file's bytes (attachment_blob) as base64."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return value


def rows(conn: Connection, table: sa.Table):
    """Every row of ``table`` by primary key, as a dict in column order."""
    import sqlalchemy as sa

    query = sa.select(table).order_by(*table.primary_key.columns)
    names = [c.name for c in table.columns]
    # A table of files (each up to limits.ATTACHMENT_MAX) is read a few rows at a time.
    files = any(isinstance(c.type, sa.LargeBinary) for c in table.columns)
    for row in conn.execute(query.execution_options(yield_per=4 if files else 2000)):
        yield {name: _plain(value) for name, value in zip(names, row, strict=True)}


def export(conn: Connection, dest: Target) -> dict[str, int]:
    """Write the whole ledger to ``dest``; returns the rows written per table.

    The file is written a row at a time, byte for byte what ``json.dumps(whole,
    ensure_ascii=False, indent=2)`` would give, without holding the whole ledger."""
    from dangqun_cli.database.schema import SCHEMA_HEAD

    counts: dict[str, int] = {}
    header = {"dangqun": MARK, "version": VERSION, "schema": SCHEMA_HEAD}

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2)

    def fill(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("{\n")
            for key, value in header.items():
                f.write(f"  {dumps(key)}: {dumps(value)},\n")
            f.write('  "tables": {')
            for i, table in enumerate(tables()):
                f.write(("," if i else "") + f"\n    {dumps(table.name)}: [")
                n = 0
                for row in rows(conn, table):
                    f.write(("," if n else "") + "\n      " + dumps(row).replace("\n", "\n      "))
                    n += 1
                f.write("\n    ]" if n else "]")
                counts[table.name] = n
            f.write("\n  }\n}\n" if counts else "}\n}\n")

    dest.write(fill)
    return counts


# ---- checking a file ---------------------------------------------------------------------


@dataclass
class Plan:
    """A checked file: each table's rows as the values to store, in insertion order."""

    tables: list[tuple[sa.Table, list[dict]]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {t.name: len(r) for t, r in self.tables}


def _refuse(shown: str, message: str, hint: str = FIX_HINT) -> InvalidInput:
    return InvalidInput(f"{shown}：{message}", hint)


def check(data: Any, shown: str) -> Plan:
    """The file's records, checked against this program's tables; InvalidInput names the
    first problem (table, record, column). Nothing is written."""
    if not isinstance(data, dict) or data.get("dangqun") != MARK:
        raise _refuse(
            shown,
            '不是 dangqun 导出的整本台账（缺少 "dangqun": "ledger"）',
            "整本台账用 dangqun export all --format json 导出；单类记录是 JSON 数组",
        )
    unknown = [k for k in data if k not in HEADER_KEYS]
    if unknown:
        raise _refuse(
            shown, f"不认识的键 {_quoted(unknown[0])}", f"可用的键：{'、'.join(HEADER_KEYS)}"
        )
    _check_versions(data, shown)
    given = data.get("tables")
    if not isinstance(given, dict):
        raise _refuse(shown, '"tables" 应是一个对象：表名 → 记录的数组')
    known = {t.name: t for t in tables()}
    for name in given:
        if name not in known:
            skipped = name in SKIPPED
            raise _refuse(
                shown,
                f"{'不能导入' if skipped else '没有'}名为 {_quoted(name)} 的表",
                "操作记录和台账设置由导入重新生成，不从文件读取"
                if skipped
                else f"可导入的表：{'、'.join(known)}",
            )
    plan = Plan()
    for table in known.values():
        records = given.get(table.name, [])
        if not isinstance(records, list):
            raise _refuse(shown, f"表 {table.name} 应是记录的数组")
        if len(records) > ROWS_MAX:
            raise _refuse(
                shown, f"表 {table.name} 超过 {ROWS_MAX:,} 条记录的上限", "请确认文件是否完整"
            )
        plan.tables.append((table, [_row(shown, table, n, r) for n, r in enumerate(records, 1)]))
    _check_keys(shown, plan)
    _check_references(shown, plan)
    _check_settings(shown, plan)
    _check_files(shown, plan)
    return plan


def _check_versions(data: dict, shown: str) -> None:
    from dangqun_cli.database.schema import SCHEMA_HEAD, refuse_newer
    from dangqun_cli.errors import DatabaseError

    version = data.get("version")
    if type(version) is not int or version < 1:
        raise _refuse(shown, f'"version" 应是格式版本号 {VERSION}')
    if version > VERSION:
        raise _refuse(
            shown,
            f"文件的格式版本 {version} 比本程序能读的（{VERSION}）新",
            "请升级 dangqun 后再导入",
        )
    schema = data.get("schema")
    if not isinstance(schema, str) or not re.fullmatch(r"\d{4}", schema):
        raise _refuse(shown, f'"schema" 应是结构版本号，如 "{SCHEMA_HEAD}"')
    try:
        refuse_newer(schema, "文件", "请升级 dangqun 后再导入")
    except DatabaseError as exc:  # the file, not a database, is too new: exit 1 all the same
        raise _refuse(shown, exc.message, exc.hint) from None


def _record(table: sa.Table, n: int, row: dict | None = None) -> str:
    """How a message names a record: by its id when it has a readable one."""
    pk = [c.name for c in table.primary_key.columns]
    if isinstance(row, dict) and all(type(row.get(k)) is int for k in pk):
        ids = "、".join(f"{k}={row[k]}" for k in pk) if len(pk) > 1 else str(row[pk[0]])
        return f"表 {table.name} 中编号 {ids} 的记录"
    return f"表 {table.name} 第 {n} 条记录"


def _row(shown: str, table: sa.Table, n: int, given: Any) -> dict:
    """One record's values, each checked against its column's type and made the Python
    value the column stores. A column the file lacks (a file from an older structure)
    takes the column's default, or is empty where the column allows it."""
    if not isinstance(given, dict):
        raise _refuse(shown, f"{_record(table, n)}不是 JSON 对象")
    where = _record(table, n, given)
    columns = {c.name: c for c in table.columns}
    for name in given:
        if name not in columns:
            raise _refuse(
                shown,
                f"{where}有不认识的列 {_quoted(name)}",
                f"表 {table.name} 的列：{'、'.join(columns)}",
            )
    values = {}
    for name, column in columns.items():
        if name in given:
            value = given[name]
        elif column.default is not None and column.default.is_scalar:
            value = _plain(column.default.arg)
        else:
            value = None
        if value is None:
            if not column.nullable:
                raise _refuse(shown, f"{where}，列 {name}：不能为空")
            values[name] = None
            continue
        try:
            values[name] = _value(column, value)
        except ValueError as exc:
            raise _refuse(shown, f"{where}，列 {name}：{exc}") from None
    return values


def _value(column: sa.Column, value: Any) -> Any:
    """``value`` as ``column`` stores it; ValueError (in Chinese) says what is wrong."""
    import sqlalchemy as sa

    kind = column.type
    if isinstance(kind, sa.Enum):  # before String: an Enum is a String
        if not isinstance(value, str) or value not in kind.enums:
            raise ValueError(f"{_shown(value)} 不是可用的值（可用：{'、'.join(kind.enums)}）")
        return kind.enum_class(value) if kind.enum_class is not None else value
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"{_shown(value)} 应是 true 或 false")
        return value
    if isinstance(kind, sa.Integer):
        if type(value) is not int:
            raise ValueError(f"{_shown(value)} 不是整数")
        if column.primary_key and value < 1:
            raise ValueError(f"编号 {value} 无效，应是正整数")
        return value
    for sa_type, parse, example in (
        (sa.DateTime, dt.datetime.fromisoformat, "2010-09-06T15:00:00"),
        (sa.Date, dt.date.fromisoformat, "2010-09-06"),
        (sa.Time, dt.time.fromisoformat, "15:00:00"),
    ):
        if isinstance(kind, sa_type):
            try:
                parsed = parse(value) if isinstance(value, str) else None
            except ValueError:
                parsed = None
            # Only the ISO text export writes: fromisoformat also takes 20100906 and the like.
            if parsed is None or parsed.isoformat() != value:
                raise ValueError(f"{_shown(value)} 不是有效的日期或时间（应写作 {example}）")
            return parsed
    if isinstance(kind, sa.LargeBinary):  # a file's bytes, written as base64
        return _file_bytes(value)
    if isinstance(kind, sa.String):  # Text too
        if not isinstance(value, str):
            raise ValueError(f"{_shown(value)} 应是文字")
        limit = kind.length or CELL_MAX
        if len(value) > limit:
            raise ValueError(f"超过 {limit:,} 字的上限（{len(value):,} 字）")
        return value
    if isinstance(value, dict | list):
        raise ValueError("应是单个值，不是对象或数组")
    return value


def _file_bytes(value: Any) -> bytes:
    """The bytes of a file (attachment_blob.content) from their base64 text."""
    import base64
    import binascii

    from dangqun_cli.transfer.limits import ATTACHMENT_MAX, MB

    if not isinstance(value, str):
        raise ValueError(f"{_shown(value)} 应是 base64 文字（文件内容）")
    if len(value) > (ATTACHMENT_MAX + 2) // 3 * 4:
        raise ValueError(f"文件超过附件 {ATTACHMENT_MAX // MB} MB 的上限")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("不是有效的 base64 文字（文件内容）") from None


def _check_files(shown: str, plan: Plan) -> None:
    """Each file's bytes hash to the sha256 they are kept under, and each attachment's size
    is its file's: what ``log verify`` checks, refused before anything is written."""
    import hashlib

    by_name = {t.name: (t, records) for t, records in plan.tables}
    _, blobs = by_name.get("attachment_blob", (None, []))
    sizes = {}
    for n, row in enumerate(blobs, 1):
        if hashlib.sha256(row["content"]).hexdigest() != row["sha256"]:
            where = f"表 attachment_blob 第 {n} 条记录（sha256 {_shown(row['sha256'])}）"
            raise _refuse(shown, f"{where}，列 content：文件内容与 sha256 不符")
        sizes[row["sha256"]] = len(row["content"])
    table, attachments = by_name.get("attachment", (None, []))
    for n, row in enumerate(attachments, 1):
        size = sizes.get(row["sha256"])
        if size is not None and size != row["size"]:
            raise _refuse(
                shown, f"{_record(table, n, row)}，列 size：{row['size']} 与文件的大小 {size} 不符"
            )


def _check_keys(shown: str, plan: Plan) -> None:
    """No two records of a table share a primary key or a unique value."""
    import sqlalchemy as sa

    for table, records in plan.tables:
        keys = [
            c
            for c in table.constraints
            if isinstance(c, sa.UniqueConstraint | sa.PrimaryKeyConstraint)
        ]
        keys += [i for i in table.indexes if i.unique]
        for key in keys:
            names = [c.name for c in key.columns]
            seen: dict[tuple, int] = {}
            for n, row in enumerate(records, 1):
                value = tuple(row[name] for name in names)
                if None in value:
                    continue  # NULLs never collide
                if value in seen:
                    raise _refuse(
                        shown,
                        f"{_record(table, n, row)}，列 {'、'.join(names)}："
                        f"与第 {seen[value]} 条记录重复",
                    )
                seen[value] = n


def _check_settings(shown: str, plan: Plan) -> None:
    """A setting is one this program knows, with a value ``config set`` would store
    (settings.py): the summary's title is made from it."""
    from dangqun_cli import settings

    for table, records in plan.tables:
        if table.name != "setting":
            continue
        for n, row in enumerate(records, 1):
            where = _record(table, n, row)
            known = settings.BY_KEY.get(row["name"])
            if known is None:
                raise _refuse(
                    shown,
                    f"{where}，列 name：没有名为 {_shown(row['name'])} 的设置",
                    f"可用的设置：{settings.listed()}",
                )
            try:
                clean = known.clean(row["value"])
            except InvalidInput as exc:
                raise _refuse(shown, f"{where}，列 value：{exc.message}") from None
            if clean != row["value"]:
                raise _refuse(shown, f"{where}，列 value：前后有空白或全角花括号")


def _check_references(shown: str, plan: Plan) -> None:
    """Every reference names a record in the file; a table's references to itself (a
    unit's parent) form no loop, and its rows are put parents first."""
    present: dict[tuple[str, str], set] = {}
    by_name = {t.name: records for t, records in plan.tables}

    def values(table: str, column: str) -> set:
        if (table, column) not in present:
            present[(table, column)] = {r[column] for r in by_name.get(table, [])}
        return present[(table, column)]

    for i, (table, records) in enumerate(plan.tables):
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            target = fk.column
            if target.table.name not in by_name:
                continue  # a table the file does not carry (none at present)
            there = values(target.table.name, target.name)
            for n, row in enumerate(records, 1):
                value = row[fk.parent.name]
                if value is not None and value not in there:
                    raise _refuse(
                        shown,
                        f"{_record(table, n, row)}，列 {fk.parent.name}："
                        f"没有编号为 {value} 的 {target.table.name} 记录",
                    )
        loops = [fk for fk in table.foreign_keys if fk.column.table is table]
        if loops:
            plan.tables[i] = (table, _parents_first(shown, table, records, loops))


def _parents_first(shown: str, table: sa.Table, records: list[dict], loops) -> list[dict]:
    """The rows ordered so that each one's parent comes before it (the database checks
    each reference as the row goes in)."""
    pk = loops[0].column.name
    by_key = {r[pk]: r for r in records}
    placed: set = set()
    ordered: list[dict] = []
    for start in records:
        chain = []
        row = start
        while row is not None and row[pk] not in placed:
            if any(row is r for r in chain):
                n = records.index(row) + 1
                raise _refuse(
                    shown, f"{_record(table, n, row)}，列 {loops[0].parent.name}：上下级关系成环"
                )
            chain.append(row)
            parents = [row[fk.parent.name] for fk in loops if row[fk.parent.name] is not None]
            row = by_key.get(parents[0]) if parents else None
        for row in reversed(chain):
            placed.add(row[pk])
            ordered.append(row)
    return ordered


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _quoted(key: str) -> str:
    return _shown(str(key))


# ---- restoring ---------------------------------------------------------------------------


def restore(session: Session, plan: Plan) -> None:
    """Write a checked file into the empty database behind ``session`` (the command's one
    transaction), keeping every id; one audit entry per record."""
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from dangqun_cli.database.sequences import sync_sequences
    from dangqun_cli.services import audit

    conn = session.connection()
    mappers = _mappers()
    for table in tables():
        if (
            table.name not in REPLACED
            and conn.execute(sa.select(1).select_from(table).limit(1)).first()
        ):
            raise InvalidInput(f"数据库里已有记录（表 {table.name}）", NOT_EMPTY_HINT)
    for table in tables():
        if table.name in REPLACED:  # the new database's defaults, deleted as a command would
            for record in session.execute(sa.select(mappers[table].class_)).scalars():
                session.delete(record)
    session.flush()
    audit.write_pending(session)
    for table, records in plan.tables:
        mapper = mappers.get(table)
        if mapper is None:  # a table no class maps: no record of its own to audit
            if records:
                session.execute(sa.insert(table), records)
            continue
        attrs = {c.name: mapper.get_property_by_column(c).key for c in table.columns}
        session.add_all(
            mapper.class_(**{attrs[k]: v for k, v in record.items()}) for record in records
        )
        session.flush()  # table by table: each reference is to a row already there
    # Each aggregate's entry holds its children (services/audit.py snapshot): load them
    # in one query per kind rather than one per record.
    for rtype, relations in audit.CHILDREN.items():
        model = audit.ROOTS[rtype]
        for record in session.identity_map.values():
            if isinstance(record, model):
                session.expire(record, list(relations))
        options = [selectinload(getattr(model, rel)) for rel in relations]
        session.execute(sa.select(model).options(*options)).scalars().all()
    audit.write_pending(session)
    sync_sequences(session.connection())


def _mappers() -> dict:
    """Each table's ORM mapper (models.py's classes)."""
    import sqlalchemy as sa

    from dangqun_cli import models

    found = {}
    for obj in vars(models).values():
        if isinstance(obj, type) and hasattr(obj, "__table__"):
            mapper = sa.inspect(obj)
            found[mapper.local_table] = mapper
    return found
