"""Reading an XLSX workbook: the scan that bounds it, and the two readers behind it.

calamine (Rust, through python-calamine) reads a sheet about ten times as fast as openpyxl,
but builds the sheet's whole rectangle of cells at once, from its first cell to its last,
before yielding a row; openpyxl reads a row at a time. Before either sees the file, one
pass over its inflated parts refuses what is past a limit (``transfer.limits``) and says
whether the file is plain enough for calamine to be given it; anything else is read by
openpyxl as before, bounded by the limits as it reads. Both give the same cells: a blank
cell is None, a whole number an int, an Excel date a datetime, a formula its cached value,
a text cell its text (one starting with "=" too).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from dangqun_cli.errors import InvalidInput
from dangqun_cli.transfer.limits import CELLS_MAX, MB, PART_MAX, ROWS_MAX
from dangqun_cli.transfer.reading import _rows


def rows(data: bytes, path: str, sheet: str | None) -> list[tuple[int, list]]:
    """The numbered rows of ``sheet`` (default: the first worksheet) of the XLSX ``data``."""
    import zipfile
    import zlib

    try:
        plain = check(data, path)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError,
            zlib.error) as exc:  # fmt: skip
        raise _not_xlsx(path, exc) from None
    read = calamine_rows if plain else openpyxl_rows
    return read(data, path, sheet)


def _not_xlsx(path: str, exc: BaseException) -> InvalidInput:
    name = type(exc).__name__
    if name == "error":  # zlib's, for a damaged compressed part
        name = f"{type(exc).__module__}.error"
    return InvalidInput(
        f"{path} 不是有效的 XLSX 文件（{name}）",
        "可能已损坏或不完整；请用 Excel 重新保存",
    )


def _unreadable(path: str, exc: BaseException) -> InvalidInput:
    return InvalidInput(
        f"{path} 的工作表无法读取（{type(exc).__name__}）", "可能已损坏；请用 Excel 重新保存"
    )


def _no_sheet(sheet: str, names: list[str]) -> InvalidInput:
    return InvalidInput(f"没有名为“{sheet}”的工作表", f"本文件的工作表：{'、'.join(names)}")


# ---- the readers -------------------------------------------------------------------------


def calamine_rows(data: bytes, path: str, sheet: str | None) -> list[tuple[int, list]]:
    """The sheet as calamine reads it. Only for a file :func:`check` found plain."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # CalamineError, or a Rust panic (pyo3's PanicException)
        raise _not_xlsx(path, exc) from None
    try:
        if sheet is None:
            kinds = [m.typ for m in book.sheets_metadata]
            names = [n for n, k in zip(book.sheet_names, kinds, strict=True)
                     if k == SheetTypeEnum.WorkSheet]  # fmt: skip
            if not names:
                raise InvalidInput(f"{path} 中没有工作表", "请用 Excel 打开检查")
            sheet = names[0]
        elif sheet not in book.sheet_names:
            raise _no_sheet(sheet, book.sheet_names)
        ws = book.get_sheet_by_name(sheet)
        if ws.start is None:  # an empty sheet (iter_rows would panic on it)
            return []
        return _rows(_as_openpyxl(ws.iter_rows(), ws.start[1]), path)
    except (InvalidInput, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise _unreadable(path, exc) from None
    finally:
        book.close()


def _as_openpyxl(rows, skipped: int):
    """calamine's rows, from row 1 (it yields the blank rows above its first cell) but from
    its first column: the ``skipped`` columns left of it come back as blanks, so a column
    keeps its letter. Its cells become what openpyxl gave."""
    pad = [None] * skipped
    date, datetime = dt.date, dt.datetime
    for row in rows:
        cells = pad.copy()
        for c in row:
            kind = type(c)
            if kind is str:
                c = c or None  # a blank cell comes as ""
            elif kind is float and c.is_integer():
                c = int(c)  # Excel stores 7 as 7.0; openpyxl gave 7
            elif kind is date:
                c = datetime(c.year, c.month, c.day)  # a date cell without a time
            cells.append(c)
        yield cells


def openpyxl_rows(data: bytes, path: str, sheet: str | None) -> list[tuple[int, list]]:
    """The sheet as openpyxl reads it, a row at a time."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl reports a broken workbook in many ways
        raise _not_xlsx(path, exc) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise _no_sheet(sheet, book.sheetnames)
        # The sheet's <dimension> is a claim, not a fact: A1:XFD1048576 would make openpyxl
        # pad every row to 16,384 cells and yield every row up to 1,048,576. Without it, a
        # row is as wide as its last cell and missing rows are empty.
        ws.reset_dimensions()
        return _rows(ws.iter_rows(values_only=True), path)
    except InvalidInput:
        raise
    except Exception as exc:  # openpyxl reports a broken sheet in many ways
        raise _unreadable(path, exc) from None
    finally:
        book.close()


# ---- the scan ----------------------------------------------------------------------------

# Row and cell tags, as an XML parser sees them (the name ends at a space, / or >), and
# whether the tag's first attribute is r="…". Counted, they give the rows and cells of a
# sheet for the limits, and whether every cell says where it is (Excel, WPS, LibreOffice and
# openpyxl write r="B7" first): a cell without one is placed by counting, which the scan
# does not follow, so such a file is not plain.
_TAG = re.compile(rb"""<(?:c|row)[\s/>](?:r=["'])?""")
_COUNTED = (b"<row ", b"<row>", b"<c ", b"<c>")  # what the limits count
# Any attribute r="B7", wherever it is and however spaced: a superset of the places calamine
# can put a cell, so the rectangle it builds is at most the largest row × column named.
# The quick pattern also sees dir="5400000" (every theme has one); where it finds too much,
# the exact one (an r after a space or a quote, as an XML parser splits attributes) decides.
_REF_QUICK = re.compile(rb"""r\s*=\s*["']([A-Za-z]*)([0-9]+)["']""")
_REF = re.compile(rb"""(?<=[\s"'])r\s*=\s*["']([A-Za-z]*)([0-9]+)["']""")
# Prefixed cell or row tags (<x:c>), error cells (calamine reads #N/A as blank, openpyxl
# as "#N/A") and UTF-16 (a NUL byte): the file goes to openpyxl.
_PREFIXED = re.compile(rb":(?:c[\s/>]|row)")
_ODD = (b't="e"', b"\0")
# A tag or attribute longer than this (no < or > in it) cannot be cut safely: such a file
# goes to openpyxl. The longest cell, 400,001 characters written as &#12345;, fits.
_RUN_MAX = 4 * MB


@dataclass
class _Part:
    """What the scan of one part found."""

    tags: Counter = field(default_factory=Counter)  # _TAG's matches
    strings: int = 0  # <si>, in the shared strings
    plain: bool = True  # calamine would read nothing here otherwise than the scan saw it
    last_row: int = 0  # the largest row and column any r="…" names
    last_column: int = 0

    def count(self, *names: bytes) -> int:
        return sum(n for tag, n in self.tags.items() if tag.startswith(names))


def check(data: bytes, path: str) -> bool:
    """Refuse a zip bomb, and a sheet past the row or cell limit, before any reader parses
    anything (openpyxl reads some 100,000 cells a second: a file it would take minutes over
    is refused here in a second or two). Say whether calamine may read the file.

    No part may declare more than PART_MAX bytes. A header that understates its part
    cannot slip past: zipfile stops inflating at the declared size and the checksum then
    fails (BadZipFile). The sheets and the shared strings are then inflated a chunk at a
    time and their tags counted: a row needs a ``<row``, a cell a ``<c``, a shared string
    an ``<si>``.

    calamine allocates its rectangle of cells at once, 32 bytes a cell: two cells in A1
    and XFD150000 would ask for 80 GB, and an allocation that fails ends the process. So
    it gets only a file that is plain throughout (every part is scanned, as a sheet may be
    any part the workbook points at): every cell placed by its r="…", no r="…" past
    ROWS_MAX rows or CELLS_MAX cells counted from A1, no error cells, no XLSB or ODS parts,
    at most PART_MAX bytes in all."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        for info in parts:
            if info.file_size > PART_MAX:
                raise InvalidInput(
                    f"{path} 中有一部分解压后达 {info.file_size // MB:,} MB，"
                    f"超过每部分 {PART_MAX // MB} MB 的上限",
                    "这不像正常的台账；请用 Excel 重新保存后导入",
                )
        names = {p.filename.replace("\\", "/").lower() for p in parts}
        plain = (
            data[:4] == b"PK\x03\x04"  # not another format with a zip appended
            and "xl/workbook.xml" in names
            and not names & {"xl/workbook.bin", "content.xml", "mimetype"}  # XLSB, ODS
            and sum(p.file_size for p in parts) <= PART_MAX
        )
        for info in parts:
            name = info.filename.lower()
            sheet = "worksheets/" in name and name.endswith(".xml")
            strings = name.endswith("sharedstrings.xml")
            if not (sheet or strings or plain):
                continue
            part = _scan(archive, info, shape=plain)
            plain = plain and part.plain
            if sheet:
                cells = part.count(b"<c ", b"<c>")
                if part.count(b"<row ", b"<row>") > ROWS_MAX:
                    raise InvalidInput(
                        f"{path} 超过 {ROWS_MAX:,} 行的上限", "请把台账拆成几个文件分别导入"
                    )
            elif strings:
                cells = part.strings
            else:
                continue
            if cells > CELLS_MAX:
                raise InvalidInput(
                    f"{path} 超过 {CELLS_MAX:,} 个单元格的上限", "请把台账拆成几个文件分别导入"
                )
    return plain


def _scan(archive, info, *, shape: bool) -> _Part:
    """Count the tags of a part, a MB at a time; with ``shape``, also see whether it is
    plain. Each chunk is cut after its last ``>`` or before its last ``<``, whichever is
    later, and the rest goes round with the next: no tag, and no r="…" (which holds
    neither), is ever cut in two, so each is seen once and whole."""
    found = _Part(plain=shape)
    carry = b""
    with archive.open(info) as stream:
        while chunk := stream.read(MB):
            text = carry + chunk
            cut = max(text.rfind(b"<"), text.rfind(b">") + 1)
            if cut <= 0 and len(text) <= _RUN_MAX:
                carry = text
                continue
            if cut <= 0:  # no tag boundary in 4 MB: count it whole, but do not trust it
                cut, found.plain = len(text), False
            _take(found, text[:cut])
            carry = text[cut:]
        _take(found, carry)
    return found


def _take(found: _Part, text: bytes) -> None:
    if not found.plain:  # the limits only, without allocating (a bomb has millions of tags)
        for tag in _COUNTED:
            found.tags[tag] += text.count(tag)
        found.strings += text.count(b"<si>")
        return
    found.tags.update(_TAG.findall(text))
    found.strings += text.count(b"<si>")
    placed = found.count(b'<c r="', b"<c r='")
    if placed != found.count(b"<c") or _PREFIXED.search(text) or any(o in text for o in _ODD):
        found.plain = False
        return
    row, column = _extent(_REF_QUICK.findall(text))
    if row > ROWS_MAX or row * column > CELLS_MAX:
        row, column = _extent(_REF.findall(text))
    found.last_row = max(found.last_row, row)
    found.last_column = max(found.last_column, column)
    if found.last_row > ROWS_MAX or found.last_row * found.last_column > CELLS_MAX:
        found.plain = False


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """The largest row and column among (letters, digits)."""
    if not refs:
        return 0, 0
    letters, digits = zip(*refs, strict=True)
    row = max(int(d) if len(d) <= 7 else ROWS_MAX + 1 for d in set(digits))
    return row, max(_column(w) for w in set(letters))


def _column(letters: bytes) -> int:
    """B → 2, AA → 27; past three letters only "too far" matters."""
    if len(letters) > 3:
        return CELLS_MAX + 1
    number = 0
    for c in letters.upper():
        number = number * 26 + c - 64
    return number
