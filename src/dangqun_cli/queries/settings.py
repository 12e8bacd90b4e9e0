"""The settings as they stand: stored values, and each known setting with its default."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli import settings
from dangqun_cli.tables import setting


def stored(conn: Connection) -> dict[str, str]:
    """The values set in this database, by key (a setting at its default has none)."""
    s = setting.c
    return {r.name: r.value for r in conn.execute(sa.select(s.name, s.value))}


def value(conn: Connection, key: str) -> str | None:
    """The value of ``key``: the stored one, else its default."""
    known = settings.find(key)
    s = setting.c
    found = conn.execute(sa.select(s.value).where(s.name == known.key)).scalar()
    return found if found is not None else known.default


def rows(conn: Connection) -> list[dict]:
    """Every known setting: ``[{key, label, value, default}]`` (value null when not set)."""
    values = stored(conn)
    return [
        {"key": k.key, "label": k.label, "value": values.get(k.key), "default": k.default}
        for k in settings.KNOWN
    ]
