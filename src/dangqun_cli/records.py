"""The kinds of record dangqun keeps, and the one rule for a record that is not there.

Each kind's key (as the audit trail, ``log --record`` and the JSON spell it), its Chinese
name, its table and the way a secretary finds its numbers are written here once; the
services (ORM sessions), the read side (Core connections), the audit trail, the database
counters and the terminal all take them from here. Standard library only: the CLI may
import it without loading the database layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from dangqun_cli.errors import NotFound

T = TypeVar("T")

MAX_ID = 2**63 - 1  # larger ids cannot exist, and SQLite would overflow on them


@dataclass(frozen=True)
class Kind:
    """A kind of record: ``unit`` 单位, ``meeting`` 会议 …"""

    key: str
    name: str  # Chinese, as messages and the audit list name it
    table: str
    hint: str  # how to find the right number
    label: str  # the stored value that names a record to a person (its name, title …)


KINDS = (
    Kind("unit", "单位", "unit", "用 dangqun unit list 查看已有单位", "name"),
    Kind("meeting", "会议", "meeting", "用 dangqun meeting list 查看会议编号", "title"),
    Kind("opinion", "意见", "opinion", "用 dangqun opinion list 查看意见编号", "text"),
    Kind(
        "item",
        "整改事项",
        "rectification_item",
        "用 dangqun rectify list 查看整改事项编号",
        "problem",
    ),
    Kind(
        "summary", "工作总结", "work_summary", "用 dangqun summary list 查看工作总结编号", "title"
    ),
    Kind("rule", "制度要求", "cadence_rule", "用 dangqun rule list 查看编号", "kind"),
    Kind("setting", "设置", "setting", "用 dangqun config list 查看设置", "name"),
    Kind(
        "template",
        "会议模板",
        "meeting_template",
        "用 dangqun meeting template list 查看模板",
        "name",
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_TABLE = {kind.table: kind for kind in KINDS}
KEYS = tuple(BY_KEY)
NAMES = {kind.key: kind.name for kind in KINDS}
# A kind as a person may write it: its key (any case) or its Chinese name.
BY_WORD = {**{kind.name: kind for kind in KINDS}, **BY_KEY}


def find_kind(word: str) -> Kind | None:
    """The kind ``word`` names (``item``, ``整改事项``), or None."""
    word = word.strip()
    return BY_WORD.get(word) or BY_WORD.get(word.lower())


def possible(record_id: int) -> bool:
    """Whether a record could have this number at all (only then is it worth a query)."""
    return 0 < record_id <= MAX_ID


def not_found(kind: str, record_id: int) -> NotFound:
    """``没有编号为 7 的会议（用 dangqun meeting list 查看会议编号）``."""
    k = BY_KEY[kind]
    return NotFound(f"没有编号为 {record_id} 的{k.name}", k.hint)


def require(kind: str, record_id: int, fetch: Callable[[], T | None]) -> T:
    """What ``fetch`` finds for the record ``kind`` ``record_id``, or :func:`not_found`.
    ``fetch`` (a session's ``get``, a Core ``select``) is not called for a number that
    cannot exist."""
    found = fetch() if possible(record_id) else None
    if found is None:
        raise not_found(kind, record_id)
    return found


def get_record(session, model: type[T], record_id: int) -> T:
    """The ORM object of ``model`` with that number, for the services."""
    kind = BY_TABLE[model.__tablename__].key
    return require(kind, record_id, lambda: session.get(model, record_id))
