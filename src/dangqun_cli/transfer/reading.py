"""Reading a ledger file: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX, as rows of cells.

Rows keep their spreadsheet row numbers, so errors can say "第 7 行". Cells from XLSX
keep their types (Excel date cells arrive as datetimes); CSV cells are text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from dangqun_cli.errors import InvalidInput, os_reason

HEADER_SCAN = 15  # title rows above the header, merged or not, are common; look this far


@dataclass
class Sheet:
    rows: list[tuple[int, list]]  # (row number, cells)
    encoding: str | None  # what a CSV was decoded as


def read(path: str, *, encoding: str | None = None, sheet: str | None = None) -> Sheet:
    file = Path(path)
    try:
        data = file.read_bytes()
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
            text = data.decode(name)
            break
        except LookupError:
            raise InvalidInput(f"不认识的编码“{encoding}”", "常用：utf-8、gbk、gb18030") from None
        except UnicodeDecodeError:
            continue
    else:
        tried = "、".join(candidates)
        raise InvalidInput(f"{path} 无法按 {tried} 解码", "用 --encoding 指定文件的编码")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = [(n, row) for n, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise InvalidInput(
            f"{path} 不是有效的 CSV：{exc}", "请用 Excel 另存为 CSV 后重试"
        ) from None
    return Sheet(rows, encoding or _which(data))


def _which(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _xlsx(data: bytes, path: str, sheet: str | None) -> Sheet:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise InvalidInput(
            f"{path} 不是有效的 XLSX 文件（{type(exc).__name__}）",
            "可能已损坏或不完整；请用 Excel 重新保存",
        ) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            names = "、".join(book.sheetnames)
            raise InvalidInput(f"没有名为“{sheet}”的工作表", f"本文件的工作表：{names}")
        rows = [(n, list(row)) for n, row in enumerate(ws.iter_rows(values_only=True), 1)]
    except InvalidInput:
        raise
    except Exception as exc:  # openpyxl reports a broken sheet in many ways
        raise InvalidInput(
            f"{path} 的工作表无法读取（{type(exc).__name__}）", "可能已损坏；请用 Excel 重新保存"
        ) from None
    finally:
        book.close()
    return Sheet(rows, None)
