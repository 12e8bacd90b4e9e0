"""What the read side's queries share: text search, sorting text alike on both databases,
counting."""

from __future__ import annotations

import string

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dangqun_cli.text import clean_text

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
