"""Small files that claim to be, or inflate to, something huge: for the bounded-input tests.

Each builder writes a file of a few KB (at most a few hundred KB) under ``folder`` and returns
its path. None of them allocates what the file claims.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

HEADER = ["问题描述", "责任单位", "责任人", "整改时限"]
ROW = ["校务公开不及时", "学校工会", "王书记", "2010-12-31"]


def ledger_xlsx(rows: list[list] | None = None) -> bytes:
    """A well-formed items ledger, as openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [HEADER, *(rows if rows is not None else [ROW])]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(data: bytes, name: str, content) -> bytes:
    """The same zip with part ``name`` replaced; ``content`` maps the old bytes to the new
    (bytes, or an iterable of byte chunks streamed into the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            body = old.read(info)
            if info.filename != name:
                new.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
                continue
            replaced = content(body)
            if isinstance(replaced, bytes):
                replaced = [replaced]
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as part:
                for chunk in replaced:
                    part.write(chunk)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def dimension_bomb(folder: Path, last_row: int = 1_048_576) -> str:
    """~5 KB: the sheet declares A1:XFD1048576 (16,384 columns × 1,048,576 rows) and has one
    more cell, in row ``last_row``: a reader that pads each row to the declared width
    allocates 128 KB for every row in between."""

    def claimed(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        cell = f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")

    path = folder / f"dimension-bomb-{last_row}.xlsx"
    path.write_bytes(_rewrite(ledger_xlsx(), SHEET, claimed))
    return str(path)


def zip_bomb(folder: Path, inflated: int) -> str:
    """A sheet that inflates to ``inflated`` bytes (trailing spaces after the XML), ~1000:1."""

    def padded(xml: bytes):
        yield xml
        left = inflated - len(xml)
        chunk = b" " * (1 << 20)
        while left > 0:
            yield chunk[:left]
            left -= len(chunk)

    path = folder / "zip-bomb.xlsx"
    path.write_bytes(_rewrite(ledger_xlsx(), SHEET, padded))
    return str(path)


def lying_zip(folder: Path, inflated: int, claimed: int) -> str:
    """A zip bomb whose headers claim the sheet is only ``claimed`` bytes."""
    data = bytearray(Path(zip_bomb(folder, inflated)).read_bytes())
    sizes = {inflated: claimed}
    name = SHEET.encode()
    # The local header and the central directory both carry the size; zip64 extra fields
    # (written because of force_zip64) carry the 8-byte form.
    for signature, name_at, size_at in ((b"PK\x03\x04", 26, 22), (b"PK\x01\x02", 28, 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            start = at + 4
            n = int.from_bytes(data[at + name_at : at + name_at + 2], "little")
            extra = int.from_bytes(data[at + name_at + 2 : at + name_at + 4], "little")
            fixed = 30 if signature == b"PK\x03\x04" else 46
            if data[at + fixed : at + fixed + n] != name:
                continue
            field = int.from_bytes(data[at + size_at : at + size_at + 4], "little")
            if field in sizes:
                data[at + size_at : at + size_at + 4] = claimed.to_bytes(4, "little")
            ex = at + fixed + n
            end = ex + extra
            while ex + 4 <= end:
                tag = int.from_bytes(data[ex : ex + 2], "little")
                size = int.from_bytes(data[ex + 2 : ex + 4], "little")
                if tag == 1:  # zip64: uncompressed size first
                    data[ex + 4 : ex + 12] = claimed.to_bytes(8, "little")
                ex += 4 + size
    path = folder / "lying-zip.xlsx"
    path.write_bytes(bytes(data))
    return str(path)


def cells_bomb(folder: Path, cells: int) -> str:
    """Rows of 40 one-digit cells, ``cells`` in all, without their optional attributes."""

    def rows(xml: bytes):
        head, tail = xml.split(b"</sheetData>")
        yield head
        row = b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>"
        for _ in range(0, cells, 40 * 1000):
            yield row * 1000
        yield b"</sheetData>" + tail

    path = folder / "cells-bomb.xlsx"
    path.write_bytes(_rewrite(ledger_xlsx(), SHEET, rows))
    return str(path)


def shared_strings_bomb(folder: Path, strings: int) -> str:
    """A shared-string table of ``strings`` distinct short strings (none of them used)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ledger_xlsx())) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            body = old.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            new.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for start in range(0, strings, 10_000):
                end = min(start + 10_000, strings)
                part.write(b"".join(b"<si><t>%d</t></si>" % i for i in range(start, end)))
            part.write(b"</sst>")
    path = folder / "shared-strings-bomb.xlsx"
    path.write_bytes(out.getvalue())
    return str(path)


def wide_xlsx(folder: Path, columns: int) -> str:
    """A header and one row whose last value is in column ``columns``."""
    row = [*ROW, *([None] * (columns - len(ROW) - 1)), "多余"]
    path = folder / "wide.xlsx"
    path.write_bytes(ledger_xlsx([row]))
    return str(path)


def deep_jsonl(folder: Path, depth: int = 100_000) -> str:
    path = folder / "deep.jsonl"
    path.write_text('{"problem": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    return str(path)


def duplicate_key_jsonl(folder: Path) -> str:
    path = folder / "duplicate.jsonl"
    line = '{"problem": "问题", "unit": "学校工会", "owner": "甲", "owner": "乙", "ongoing": true}'
    path.write_text(line + "\n", encoding="utf-8")
    return str(path)


def huge_number_jsonl(folder: Path, digits: int = 5000) -> str:
    path = folder / "huge-number.jsonl"
    record = '{"problem": "问题", "unit": "学校工会", "owner": "甲", "ongoing": true, '
    path.write_text(record + '"opinions": [' + "9" * digits + "]}\n", encoding="utf-8")
    return str(path)


def item_line(**fields) -> str:
    record = {"problem": "问题", "unit": "学校工会", "owner": "甲", "ongoing": True, **fields}
    return json.dumps(record, ensure_ascii=False)


def spread_cells(folder: Path, last_row: int = 150_000) -> str:
    """~5 KB: a value in A1's row and one in XFD``last_row``: two real cells whose rectangle
    is 16,384 columns × ``last_row`` rows (80 GB at calamine's 32 bytes a cell)."""

    def spread(xml: bytes) -> bytes:
        far = f'<row r="{last_row}"><c r="XFD{last_row}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", far.encode() + b"</sheetData>")

    path = folder / f"spread-cells-{last_row}.xlsx"
    path.write_bytes(_rewrite(ledger_xlsx(), SHEET, spread))
    return str(path)


def damaged_xlsx(folder: Path) -> str:
    """A ledger whose sheet's compressed bytes are scrambled: inflating it fails (zlib)."""
    data = bytearray(ledger_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 40):
        data[i] ^= 0x55
    path = folder / "damaged.xlsx"
    path.write_bytes(bytes(data))
    return str(path)
