"""``rectify add --from-file``: one new item per JSON line, checked by the importer's rules
(``importing.check_item``, the same as an imported ledger row) and written by its batch
writer, all in the caller's transaction; an error names the line and the key."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from dangqun_cli.errors import DangqunError, InvalidInput
from dangqun_cli.transfer import jsonl
from dangqun_cli.transfer.batch import ItemBatch, collector_paused
from dangqun_cli.transfer.importing import Context, RowProblems, check_item

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TEXT_KEYS = ("problem", "measures", "unit", "owner", "leader", "source", "category", "target")
KEYS = {*TEXT_KEYS, "due", "ongoing", "opinions", "partners", "date"}
ONGOING = "长期坚持"


@collector_paused()
def add_lines(session: Session, text: str, *, today: dt.date) -> list[int]:
    """The new items' ids, in the order of the lines."""
    ctx = Context(session, today, create_units=False, way="file")
    batch = ItemBatch(ctx, always_new=True)
    for number, line in jsonl.lines(text):
        if not line.strip():
            continue
        try:
            batch.takes(check_item(ctx, _values(jsonl.loads(line), today)))
        except RowProblems as exc:
            first = exc.problems[0]
            # A hint names fields by the line's keys (立项时间 is its "date").
            hint = first.hint_in_columns({k: k for k in KEYS} | {"opened_on": "date"})
            raise type(first)(f"第 {number} 行：{first.message}", hint) from None
        except DangqunError as exc:
            raise type(exc)(f"第 {number} 行：{exc.message}", exc.hint) from None
    if not batch.plans:
        raise InvalidInput("文件中没有整改事项", '每行一个 JSON 对象，例如 {"problem": …}')
    return batch.flush()


def _values(record, today: dt.date) -> dict:
    """A line as the cells of a ledger row."""
    if not isinstance(record, dict):
        raise InvalidInput("每行应是一个 JSON 对象")
    unknown = sorted(set(record) - KEYS)
    if unknown:
        raise InvalidInput(
            f"不认识的键：{', '.join(unknown)}", f"可用的键：{', '.join(sorted(KEYS))}"
        )
    values = {k: _str(record, k) for k in TEXT_KEYS}
    due, ongoing = _str(record, "due"), _bool(record, "ongoing")
    if ongoing and due:
        raise InvalidInput("整改时限和“长期坚持”只能选一个", "有明确时限写 due，否则写 ongoing")
    values["due"] = ONGOING if ongoing else due
    values["opinions"] = ",".join(str(i) for i in _ids(record.get("opinions", []))) or None
    values["partners"] = "、".join(_names(record, "partners") or []) or None
    values["opened_on"] = _str(record, "date") or today  # 立项 today unless the line says
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"“{key}”应为文字，收到 {json.dumps(value, ensure_ascii=False)}")


def _names(record: dict, key: str) -> list[str] | None:
    value = record.get(key)
    if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise InvalidInput(f'“{key}”应为名称的数组，例如 ["学校工会"]')


def _bool(record: dict, key: str) -> bool:
    value = record.get(key, False)
    if isinstance(value, bool):
        return value
    raise InvalidInput(f"“{key}”应为 true 或 false，收到 {json.dumps(value, ensure_ascii=False)}")


def _ids(value) -> list[int]:
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return value
    raise InvalidInput("“opinions”应为意见编号的数组，例如 [1, 2]")
