"""The settings as they stand: stored values, and each known setting with its default."""

from __future__ import annotations

from dangqun_cli import settings
from dangqun_cli.database.reader import Reader


def stored(reader: Reader) -> dict[str, str]:
    """The values set in this database, by key (a setting at its default has none)."""
    return {r.name: r.value for r in reader.rows("SELECT name, value FROM setting")}


def value(reader: Reader, key: str) -> str | None:
    """The value of ``key``: the stored one, else its default."""
    known = settings.find(key)
    found = reader.scalar("SELECT value FROM setting WHERE name = :name", name=known.key)
    return found if found is not None else known.default


def rows(reader: Reader) -> list[dict]:
    """Every known setting: ``[{key, label, value, default}]`` (value null when not set)."""
    values = stored(reader)
    return [
        {"key": k.key, "label": k.label, "value": values.get(k.key), "default": k.default}
        for k in settings.KNOWN
    ]
