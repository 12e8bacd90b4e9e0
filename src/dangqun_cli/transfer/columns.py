"""The columns of the ledgers offices keep in Excel, and the headers they write them under.

The columns are the fields of each record (dangqun_cli/fields.py): the header dangqun
writes on export and the headers it recognises on import (the usual Chinese variants,
and the English key). Export then import reads back what was written.
"""

from __future__ import annotations

import re

from dangqun_cli.fields import RECORDS, Field

Column = Field  # a column of a ledger is a field of its record (dangqun_cli/fields.py)

TYPES = {kind: record.columns for kind, record in RECORDS.items()}
TYPE_WORDS = {
    "items": "items", "整改": "items", "整改事项": "items", "台账": "items", "整改台账": "items",
    "meetings": "meetings", "会议": "meetings",
    "opinions": "opinions", "意见": "opinions", "意见建议": "opinions",
}  # fmt: skip
IGNORED = {"序号", "no", "#"}  # row numbers written by hand or by export

# Several names in a cell: one per line, or separated like this. Decisions, which are
# sentences with commas of their own, go one per line.
LIST_SEPARATORS = re.compile(r"[\n；;、，,]+")
LINE_SEPARATORS = re.compile(r"\n+")


def normalise(header: str) -> str:
    """Headers as people type them: spaces, line breaks, ＊必填 marks and （单位） notes go."""
    text = re.sub(r"\s+", "", str(header or ""))
    text = re.sub(r"[（(][^）)]*[）)]$", "", text).strip("*＊:：")
    return text.lower()


def recognise(columns: tuple[Column, ...], extra: dict[str, str] | None = None) -> dict:
    """Normalised header → column key, from the table and the user's ``--map``."""
    found: dict[str, str] = {}
    for col in columns:
        for name in (col.header, col.label, col.key, *col.aliases):
            found[normalise(name)] = col.key
    for header, key in (extra or {}).items():
        found[normalise(header)] = key
    return found
