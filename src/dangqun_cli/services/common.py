"""What every write service shares: fetching a record by id, or saying how to find it."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from dangqun_cli.errors import NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

MAX_ID = 2**63 - 1  # larger ids cannot exist, and SQLite would overflow on them


def get_record(session: Session, model: type[T], record_id: int, what: str, hint: str) -> T:
    """The record with that id, or a NotFound that says how to find the right one."""
    obj = session.get(model, record_id) if 0 < record_id <= MAX_ID else None
    if obj is None:
        raise NotFound(f"没有编号为 {record_id} 的{what}", hint)
    return obj
