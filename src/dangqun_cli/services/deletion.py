"""Deleting a record (``meeting|opinion|rectify delete ID``, ``unit delete NAME``).

Refused while other records name it (services/dependents.py). The record goes with its
children (a meeting's attendance and decisions, an item's notes and extensions); the audit
trail's ``delete`` entry keeps the whole record as it was, so ``log`` shows what was removed
and ``undo`` can put it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangqun_cli.records import NAMES, get_record
from dangqun_cli.services.audit import ROOTS, snapshot
from dangqun_cli.services.dependents import refuse_if_depended_on

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def shown(kind: str, record_id: int, values: dict | None) -> str:
    """``会议 3“教职工代表座谈会”``: a record as a confirmation or a refusal names it."""
    from dangqun_cli.fields import named

    label = named(kind, values)
    return f"{NAMES[kind]} {record_id}" + (f"“{label}”" if label else "")


def delete_record(session: Session, kind: str, record_id: int) -> str:
    """Delete record ``kind`` ``record_id``, or refuse (not found, depended on); returns
    how it is named (:func:`shown`)."""
    record = get_record(session, ROOTS[kind], record_id)
    named = shown(kind, record.id, snapshot(kind, record))
    refuse_if_depended_on(session.connection(), kind, record.id, named)
    session.delete(record)
    session.flush()
    return named
