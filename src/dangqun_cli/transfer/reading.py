"""Reading a ledger file: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX, as rows of cells.

Rows keep their spreadsheet row numbers, so errors can say "第 7 行". Cells from XLSX
keep their types (Excel date cells arrive as datetimes; ``transfer.xlsx`` reads them);
CSV cells are text. Blank rows are left out (they are not records). Every limit of
``transfer.limits`` is enforced here and in ``transfer.xlsx``, while reading, so a hostile
file is refused before it costs time or memory.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from dangqun_cli.errors import InvalidInput, os_reason
from dangqun_cli.transfer.limits import (
    CELL_MAX,
    CELLS_MAX,
    COLUMNS_MAX,
    ROWS_MAX,
    read_bytes,
)

HEADER_SCAN = 15  # title rows above the header, merged or not, are common; look this far


@dataclass
class Sheet:
    rows: list[tuple[int, list]]  # (row number, cells)
    encoding: str | None  # what a CSV was decoded as


def read(path: str, *, encoding: str | None = None, sheet: str | None = None) -> Sheet:
    file = Path(path)
    try:
        data = read_bytes(path)
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是一个目录", "请给出 CSV 或 XLSX 文件") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取 {path}：{os_reason(exc)}", "请检查路径") from None
    if not data.strip():
        raise InvalidInput(f"{path} 是空文件", "请给出含表头的 CSV 或 XLSX 文件")
    if data[:4] == b"PK\x03\x04" or file.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(data, path, sheet)
    if sheet is not None:
        raise InvalidInput("--sheet 只用于 XLSX 文件", f"{path} 按 CSV 读取")
    return _csv(data, path, encoding)


def _csv(data: bytes, path: str, encoding: str | None) -> Sheet:
    # UTF-8 first (a BOM is stripped); else the national standard that contains GBK.
    candidates = [encoding] if encoding else ["utf-8-sig", "gb18030"]
    for name in candidates:
        try:
            data.decode(name)  # a check only: the rows are decoded as they are read
            break
        except LookupError:
            raise InvalidInput(f"不认识的编码“{encoding}”", "常用：utf-8、gbk、gb18030") from None
        except UnicodeDecodeError:
            continue
    else:
        tried = "、".join(candidates)
        raise InvalidInput(f"{path} 无法按 {tried} 解码", "用 --encoding 指定文件的编码")
    csv.field_size_limit(CELL_MAX)
    # A TextIOWrapper decodes a chunk at a time (a StringIO would hold the whole text
    # again, at four bytes a character); newline="" lets csv see quoted line breaks.
    text = io.TextIOWrapper(io.BytesIO(data), encoding=name, newline="")
    reader = csv.reader(text)
    return Sheet(_rows(_csv_rows(reader, path), path), encoding or _which(data))


def _csv_rows(reader, path: str):
    number = 0
    while True:
        number += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # its messages are English: say what they mean
            raise _csv_error(str(exc), path, number) from None


def _csv_error(message: str, path: str, number: int) -> InvalidInput:
    # Read with newline="" and the default dialect, the only error left in practice is
    # an oversize field (often an unbalanced quote that swallowed the rest of the file).
    if "field larger than field limit" in message:
        return _too_long(path, number)
    return InvalidInput(f"{path} 第 {number} 行不是有效的 CSV", "请用 Excel 另存为 CSV 后重试")


def _too_long(path: str, number: int) -> InvalidInput:
    return InvalidInput(
        f"{path} 第 {number} 行有一格超过 {CELL_MAX:,} 字的上限",
        "任何记录的文字都短于此；CSV 中常因引号不成对，请检查该行",
    )


def _rows(rows, path: str) -> list[tuple[int, list]]:
    """Number the rows, leave out blank ones and trailing blank cells, enforce the limits.
    Each row is checked as it arrives, so nothing past a limit is ever held, and a row
    padded to 16,384 empty cells costs no Python loop (count() runs in C)."""
    kept: list[tuple[int, list]] = []
    seen = 0  # cells read, blank or not: the work done, whatever the cells hold
    for number, cells in enumerate(rows, 1):
        if number > ROWS_MAX:
            raise InvalidInput(f"{path} 超过 {ROWS_MAX:,} 行的上限", "请把台账拆成几个文件分别导入")
        seen += len(cells)
        if seen > CELLS_MAX:
            raise InvalidInput(
                f"{path} 超过 {CELLS_MAX:,} 个单元格的上限（到第 {number} 行）",
                "请把台账拆成几个文件分别导入",
            )
        if len(cells) > COLUMNS_MAX:
            beyond = cells[COLUMNS_MAX:]
            blank = beyond.count(None)
            if blank != len(beyond) and blank + beyond.count("") != len(beyond):
                raise InvalidInput(
                    f"{path} 第 {number} 行超过 {COLUMNS_MAX} 列的上限",
                    f"台账的内容应在前 {COLUMNS_MAX} 列之内",
                )
            cells = cells[:COLUMNS_MAX]
        width = len(cells)
        while width and cells[width - 1] in (None, ""):
            width -= 1
        if not width:
            continue
        row = list(cells[:width])
        if any(isinstance(c, str) and len(c) > CELL_MAX for c in row):
            raise _too_long(path, number)
        kept.append((number, row))
    return kept


def _which(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _xlsx(data: bytes, path: str, sheet: str | None) -> Sheet:
    from dangqun_cli.transfer import xlsx

    return Sheet(xlsx.rows(data, path, sheet), None)
