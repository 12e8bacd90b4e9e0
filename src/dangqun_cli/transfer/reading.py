"""Reading a ledger file: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX, or the JSON that
``export`` writes, as rows of cells (or, for ``export all``, the whole ledger's document).

Rows keep their spreadsheet row numbers, so errors can say "第 7 行". Cells from XLSX
keep their types (Excel date cells arrive as datetimes; ``transfer.xlsx`` reads them);
CSV cells are text. Blank rows are left out (they are not records). Every limit of
``transfer.limits`` is enforced here and in ``transfer.xlsx``, while reading, so a hostile
file is refused before it costs time or memory.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from dangqun_cli.errors import InvalidInput, os_reason
from dangqun_cli.transfer.limits import (
    CELL_MAX,
    CELLS_MAX,
    COLUMNS_MAX,
    FILE_MAX,
    LEDGER_FILE_MAX,
    ROWS_MAX,
    read_bytes,
)

HEADER_SCAN = 15  # title rows above the header, merged or not, are common; look this far


@dataclass
class Sheet:
    rows: list[tuple[int, list]]  # (row number, cells)
    encoding: str | None  # what a CSV was decoded as


@dataclass
class Document:
    """A JSON object: the whole ledger (``export all``), for transfer/ledger.py to check."""

    data: dict


def read(path: str, *, encoding: str | None = None, sheet: str | None = None) -> Sheet | Document:
    file = Path(path)
    try:
        data = read_bytes(path, limit=_limit(path))
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是一个目录", "请给出 CSV 或 XLSX 文件") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取 {path}：{os_reason(exc)}", "请检查路径") from None
    if not data.strip():
        raise InvalidInput(f"{path} 是空文件", "请给出含表头的 CSV 或 XLSX 文件")
    start = data.lstrip(JSON_SPACE)[:1]
    if data[:4] == b"PK\x03\x04" or file.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(data, path, sheet)
    if file.suffix.lower() == ".json" or start in (b"[", b"{"):
        if sheet is not None or encoding is not None:
            option = (
                "--sheet 只用于 XLSX 文件" if sheet is not None else "--encoding 只用于 CSV 文件"
            )
            raise InvalidInput(option, f"{path} 按 JSON（UTF-8）读取")
        return _json(data, path)
    if sheet is not None:
        raise InvalidInput("--sheet 只用于 XLSX 文件", f"{path} 按 CSV 读取")
    return _csv(data, path, encoding)


JSON_SPACE = b"\xef\xbb\xbf \t\r\n"  # what may come before a JSON file's first { or [


def _limit(path: str) -> int:
    """How much of ``path`` may be read: FILE_MAX, but LEDGER_FILE_MAX for a regular file
    that begins as a JSON object (a whole ledger, export all). Only a regular file is
    looked into (a pipe read twice would lose what the first read took)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return FILE_MAX
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return FILE_MAX  # read_bytes says what is wrong
    return LEDGER_FILE_MAX if head.lstrip(JSON_SPACE)[:1] == b"{" else FILE_MAX


# ---- JSON ---------------------------------------------------------------------------------

JSON_HINT = "应是 dangqun export 导出的 JSON：一类记录的数组，或整本台账（export all）"
# A value JSON writes as null that a sheet writes as a word: an item with no deadline
# (长期坚持, as exporting.text_cells writes it in CSV and XLSX).
NULL_CELLS = {"due": "长期坚持"}
PART_OF_DAY = "part_of_day"  # a meeting's 上午/下午 without an hour: joined to its date


def _json(data: bytes, path: str) -> Sheet | Document:
    from dangqun_cli.transfer import jsonl

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} 不是 UTF-8 编码的 JSON", "请另存为 UTF-8 后重试") from None
    try:
        value = jsonl.loads(text, hint=JSON_HINT)
    except InvalidInput as exc:
        raise InvalidInput(f"{path} {exc.message}", exc.hint) from None
    if isinstance(value, dict):
        return Document(value)
    if not isinstance(value, list):
        raise InvalidInput(f"{path} 不是 dangqun 导出的 JSON", JSON_HINT)
    return _json_sheet(value, path)


def _json_sheet(records: list, path: str) -> Sheet:
    """An array of records as a sheet: the keys are the header (the importer knows the
    keys as it knows the headers), each value the cell a CSV export would hold. Rows are
    numbered as the records are counted: 第 1 行 is the first record."""
    if not records:
        raise InvalidInput(f"{path} 里没有记录（空数组）", "请检查文件")
    header: dict[str, None] = {}
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise InvalidInput(f"{path} 第 {n} 条记录不是 JSON 对象", JSON_HINT)
        header.update(dict.fromkeys(k for k in record if k != PART_OF_DAY))
        if len(header) > COLUMNS_MAX:
            raise InvalidInput(f"{path} 的记录超过 {COLUMNS_MAX} 个键的上限", JSON_HINT)
    keys = list(header)

    def rows():
        yield keys
        for n, record in enumerate(records, 1):
            yield [_json_cell(record, key, path, n) for key in keys]

    return Sheet([(number - 1, cells) for number, cells in _rows(rows(), path)], None)


def _json_cell(record: dict, key: str, path: str, n: int):
    from dangqun_cli.transfer.columns import TYPES

    value = record.get(key)
    if value is None:
        return NULL_CELLS.get(key) if key in record else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
    ):
        raise InvalidInput(f"{path} 第 {n} 条记录的 {key[:40]} 嵌套过深", JSON_HINT)
    if isinstance(value, list):
        kinds = {c.key: c.kind for cols in TYPES.values() for c in cols}
        joiner = "\n" if kinds.get(key) == "lines" else "、"  # as exporting.text_cells
        return joiner.join(str(v) for v in value if v is not None)
    if key == "date" and isinstance(value, str) and record.get(PART_OF_DAY):
        return _with_part(value, record[PART_OF_DAY])
    return value


def _with_part(day: str, part) -> str:
    """2010-09-06 and "afternoon" → 2010年9月6日下午, as a sheet writes a meeting's time."""
    import datetime as dt

    from dangqun_cli.dates import When
    from dangqun_cli.enums import DayPart

    try:
        return When(dt.date.fromisoformat(day), None, DayPart.parse(str(part), what="时段")).label()
    except (ValueError, InvalidInput):
        return day  # the importer says what is wrong with the date


# ---- CSV ----------------------------------------------------------------------------------


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
