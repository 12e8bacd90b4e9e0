"""What the read side's queries share: text search, sorting text alike on both databases,
counting. Plain SQL for :class:`~dangqun_cli.database.reader.Reader`; the few differences
between the two databases are here."""

from __future__ import annotations

import string

from dangqun_cli.database.reader import Reader
from dangqun_cli.text import clean_text

SEARCH_MAX = 200

_UPPER, _LOWER = string.ascii_uppercase, string.ascii_lowercase
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)


def search_condition(
    reader: Reader, columns, text: str, *, name: str = "search"
) -> tuple[str, dict]:
    """Rows where any of ``columns`` contains ``text`` literally (% and _ are not wildcards),
    Latin letters A–Z in either case: the condition and its parameter."""
    text = clean_text(text, field="搜索文字", max_len=SEARCH_MAX, required=True)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped.translate(_ASCII_LOWER)}%"
    tests = (f"{ascii_lower(reader, col)} LIKE :{name} ESCAPE '\\'" for col in columns)
    return "(" + " OR ".join(tests) + ")", {name: pattern}


def ascii_lower(reader: Reader, column: str) -> str:
    """``column`` with A–Z in lower case and every other character as it is: SQLite's
    lower() does exactly that; PostgreSQL's would also fold É, Ａ … by the server's locale."""
    if reader.dialect == "postgresql":
        return f"translate({column}, '{_UPPER}', '{_LOWER}')"
    return f"lower({column})"


def text_order(reader: Reader, column: str) -> str:
    """Sort text by its characters' code points on both databases: SQLite always does;
    a PostgreSQL server's collation (zh_CN, ICU …) would sort by pinyin or ignore case.
    (Code points on a UTF-8 database, which is what the README's recipe creates.)"""
    return f'{column} COLLATE "C"' if reader.dialect == "postgresql" else column


def count(reader: Reader, table: str, where: list[str], params: dict) -> int:
    return reader.scalar(f"SELECT count(*) FROM {table} WHERE {' AND '.join(where)}", **params)


def matched(reader: Reader, shown: int, limit: int | None, table: str, where, params) -> int:
    """How many rows matched in all, for a page of ``shown`` rows: counted only when the
    page is full (otherwise the page is all of them)."""
    if limit is None or shown < limit:
        return shown
    return count(reader, table, where, params)


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
