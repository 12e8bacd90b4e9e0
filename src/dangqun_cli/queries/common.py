"""Look-ups the read side and the services share: units by name, text search."""

from __future__ import annotations

import difflib
import string

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.errors import NotFound
from dangqun_cli.queries.tables import unit
from dangqun_cli.text import NAME_MAX, clean_text


def find_unit_id(conn: Connection, name: str) -> int:
    """A unit by its exact name; an unknown name is refused with the closest names."""
    wanted = clean_text(name, field="单位名称", max_len=NAME_MAX, required=True)
    found = conn.execute(sa.select(unit.c.id).where(unit.c.name == wanted)).scalar()
    if found is not None:
        return found
    names = list(conn.execute(sa.select(unit.c.name).order_by(unit.c.id)).scalars())
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.4)
    close += [n for n in names if (wanted in n or n in wanted) and n not in close]
    if close:
        hint = "是不是：" + "、".join(close[:3]) + "？"
    else:
        hint = f"先用 dangqun unit add {wanted} 添加，或用 dangqun unit list 查看已有单位"
    raise NotFound(f"没有名为“{wanted}”的单位", hint)


def unit_names(conn: Connection, ids: set[int | None]) -> dict[int, str]:
    """Names for a set of unit ids, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = conn.execute(sa.select(unit.c.id, unit.c.name).where(unit.c.id.in_(wanted)))
    return {unit_id: name for unit_id, name in rows}


SEARCH_MAX = 200


def search_condition(conn: Connection, columns, text: str):
    """Rows where any of ``columns`` contains ``text`` literally (% and _ are not wildcards),
    Latin letters A–Z in either case."""
    text = clean_text(text, field="搜索文字", max_len=SEARCH_MAX, required=True)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped.translate(_ASCII_LOWER)}%"
    return sa.or_(*(ascii_lower(conn, col).like(pattern, escape="\\") for col in columns))


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def ascii_lower(conn: Connection, column):
    """``column`` with A–Z in lower case and every other character as it is: SQLite's
    lower() does exactly that; PostgreSQL's would also fold É, Ａ … by the server's locale."""
    if conn.dialect.name == "postgresql":
        return sa.func.translate(column, string.ascii_uppercase, string.ascii_lowercase)
    return sa.func.lower(column)


def text_order(conn: Connection, column):
    """Sort text by its characters' code points on both databases: SQLite always does;
    a PostgreSQL server's collation (zh_CN, ICU …) would sort by pinyin or ignore case.
    (Code points on a UTF-8 database, which is what the README's recipe creates.)"""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def count(conn: Connection, table, conditions: list) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table).where(*conditions)).scalar()


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
