"""Text that a spreadsheet would run as a formula, and how a CSV cell keeps it as text.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel, WPS and LibreOffice as the start of a formula (``=HYPERLINK(…)`` sends the sheet's
contents to whoever wrote it). XLSX says "this is a string" with the cell's type; CSV has
no types, so export writes the usual leading apostrophe and import takes it off again.

The rule is exact, so export → import gives back the same text byte for byte: an
apostrophe goes in front of any text that is one or more apostrophes away from a trigger
(``=x``, ``'=x``, ``''=x`` …), and import strips one apostrophe from exactly those cells.
Text that already starts with apostrophes before a trigger therefore keeps them all.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

_NEEDS_QUOTE = re.compile("'*[=+\\-@\t\r]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate this text typed into a cell."""
    return text.startswith(TRIGGERS)


_FIRST = frozenset("'=+-@\t\r")  # what such a text can begin with


def defuse(text: str) -> str:
    """The text as a CSV cell that no spreadsheet evaluates."""
    # (the first character decides for nearly every cell, without the pattern: export
    # runs this on every cell of the ledger)
    if not text or text[0] not in _FIRST:
        return text
    return QUOTE + text if _NEEDS_QUOTE.match(text) else text


def restore(cell: str) -> str:
    """The text that :func:`defuse` turned into this CSV cell."""
    if cell.startswith(QUOTE) and _NEEDS_QUOTE.match(cell, 1):
        return cell[1:]
    return cell


# XLSX text escapes a character as _xHHHH_ (Excel writes a carriage return as _x000D_), and a
# text that itself holds such a sequence as _x005F_xHHHH_ (the underscore escaped). openpyxl
# writes text as it is, so export escapes the underscore itself: the cell then reads back,
# in Excel and in dangqun, as it was written.
_EXCEL_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def xlsx_text(text: str) -> str:
    """The text as an XLSX cell holds it (``_x0041_`` becomes ``_x005F_x0041_``)."""
    return _EXCEL_ESCAPE.sub("_x005F_", text) if "_x" in text else text
