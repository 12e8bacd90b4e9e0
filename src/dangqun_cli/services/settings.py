"""Settings (设置): set a known setting's value, or take it back to its default.

Which settings exist and what a value may be is settings.py's; here a value is stored,
one row per setting that has one, in the command's transaction and so in the audit trail
(``set`` and ``unset`` entries).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dangqun_cli import settings
from dangqun_cli.models import Setting
from dangqun_cli.services import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _row(session: Session, key: str) -> Setting | None:
    return session.query(Setting).filter_by(name=key).one_or_none()


def set_value(session: Session, key: str, value: str) -> tuple[settings.Known, str, bool]:
    """Store ``value`` for ``key``; returns the setting, the value as stored and whether
    it changed."""
    known = settings.find(key)
    clean = known.clean(value)
    row = _row(session, known.key)
    if row is not None and row.value == clean:
        return known, clean, False
    if row is None:
        row = Setting(
            name=known.key, value=clean, created_at=dt.datetime.now().replace(microsecond=0)
        )
        session.add(row)
    else:
        row.value = clean
    session.flush()
    audit.label(session, ("setting", row.id), "set")
    return known, clean, True


def unset(session: Session, key: str) -> tuple[settings.Known, bool]:
    """Take ``key`` back to its default; returns the setting and whether it had a value.
    The audit trail keeps the value it had."""
    known = settings.find(key)
    row = _row(session, known.key)
    if row is None:
        return known, False
    session.delete(row)
    session.flush()
    audit.label(session, ("setting", row.id), "unset")
    return known, True
