"""The XLSX readers (transfer/xlsx.py): calamine where the scan finds a file plain, openpyxl
otherwise, and both give the same cells: row numbers as the spreadsheet shows them, blank
cells None, whole numbers int, Excel dates datetime, formulas their cached values."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from dangqun_cli.transfer import xlsx
from tests import hostile_files as hostile

pytestmark = pytest.mark.no_database  # nothing here opens the test database

PATH = "台账.xlsx"


def book(rows: list[list], *, at: str = "A1", merge: str | None = None, text=()) -> bytes:
    """A workbook as openpyxl (and dangqun's export) writes it; ``text`` cells typed as
    strings (as export does for "=…")."""
    from openpyxl import Workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    wb = Workbook()
    ws = wb.active
    letters, first = coordinate_from_string(at)
    left = column_index_from_string(letters)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                cell = ws.cell(first + r, left + c, value)
                if (r, c) in text:
                    cell.data_type = "s"
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_xml(data: bytes, change) -> bytes:
    return hostile._rewrite(data, hostile.SHEET, change)


def both(data: bytes) -> list[tuple[int, list]]:
    """The rows as calamine reads them, checked against openpyxl's."""
    assert xlsx.check(data, PATH), "expected a plain file, read by calamine"
    fast = xlsx.calamine_rows(data, PATH, None)
    assert fast == xlsx.openpyxl_rows(data, PATH, None)
    return fast


LEDGER = [
    ["整改台账"],
    [],
    ["序号", "问题", "时限", "立项", "时刻", "用时", "比例", "销号", "公式样的文字", "空"],
    [
        1,
        "食堂卫生",
        dt.datetime(2010, 11, 30),
        dt.date(2010, 9, 8),
        dt.datetime(2010, 9, 6, 15, 30),
        dt.time(15, 30),
        1.5,
        True,
        "=SUM(A1:A3)",
        "",
    ],
    [2.0, "校务公开", 40482, None, None, None, -0.0, False, "+王校长", None],
]


def test_a_ledger_reads_the_same_with_both_readers():
    rows = both(book(LEDGER, merge="A1:H1", text={(3, 8), (4, 8)}))
    numbers = [n for n, _ in rows]
    assert numbers == [1, 3, 4, 5]  # the blank row 2 is left out, the numbering kept
    first, second = rows[2][1], rows[3][1]
    assert first[0] == 1 and type(first[0]) is int
    assert first[2] == dt.datetime(2010, 11, 30)  # a date cell: a datetime, as before
    assert first[3] == dt.datetime(2010, 9, 8)
    assert first[4] == dt.datetime(2010, 9, 6, 15, 30)
    assert first[5] == dt.time(15, 30)
    assert (first[6], first[7], first[8]) == (1.5, True, "=SUM(A1:A3)")  # text stays text
    assert len(first) == 9  # the trailing "" cell is blank, and trimmed
    assert second[0] == 2 and type(second[0]) is int  # Excel stores 2 as 2.0
    assert second[2] == 40482 and second[6] == 0


def test_blank_rows_and_columns_before_the_table_keep_their_place():
    rows = both(book([["标题"], [], ["问题描述", "责任单位"], ["食堂卫生", "学校工会"]], at="C5"))
    assert [n for n, _ in rows] == [5, 7, 8]
    assert rows[1][1] == [None, None, "问题描述", "责任单位"]


def test_a_formula_gives_its_cached_value():
    def formulas(xml: bytes) -> bytes:
        cells = (
            '<row r="3"><c r="A3" t="str"><f>A2&amp;"！"</f><v>校务公开！</v></c>'
            '<c r="B3"><f>1+1</f><v>2</v></c><c r="C3"><f>NOW()</f></c></row>'
        )
        return xml.replace(b"</sheetData>", cells.encode() + b"</sheetData>")

    rows = both(sheet_xml(book([["问题描述", "数", "空"], ["校务公开"]]), formulas))
    assert rows[-1] == (3, ["校务公开！", 2])


def excel_style(data: bytes) -> bytes:
    """The workbook with its text in a shared-string table, as Excel saves it."""
    import zipfile

    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(2))
        return match.group(1) + b' t="s"><v>%d</v></c>' % (len(strings) - 1)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            body = old.read(info)
            if info.filename == hostile.SHEET:
                body = re.sub(rb'(<c r="[A-Z]+[0-9]+")[^>]*t="inlineStr"><is>(.*?)</is></c>',
                              shared, body)  # fmt: skip
            elif info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>",
                )
            new.writestr(info.filename, body)
        sst = b"".join(b"<si>%s</si>" % t for t in strings)
        new.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + sst + b"</sst>",
        )  # fmt: skip
    return out.getvalue()


def test_a_ledger_saved_by_excel_reads_the_same():
    import zipfile

    plain = book(LEDGER, merge="A1:H1", text={(3, 8), (4, 8)})
    data = excel_style(plain)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'<c r="B4" t="s">' in archive.read(hostile.SHEET)
    assert both(data) == both(plain)


def test_an_empty_sheet_has_no_rows():
    assert both(book([])) == []


def test_a_sheet_by_name_and_the_sheets_it_lists():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.create_sheet("2010年").append(["问题描述", "责任单位"])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert xlsx.check(data, PATH)
    assert xlsx.calamine_rows(data, PATH, "2010年") == [(1, ["问题描述", "责任单位"])]
    with pytest.raises(Exception, match="没有名为“2011年”的工作表") as caught:
        xlsx.calamine_rows(data, PATH, "2011年")
    assert caught.value.hint == "本文件的工作表：说明、2010年"


# ---- what calamine is not given --------------------------------------------------------


def openpyxl_only(data: bytes) -> list[tuple[int, list]]:
    assert not xlsx.check(data, PATH), "expected openpyxl to read this file"
    return xlsx.openpyxl_rows(data, PATH, None)


def test_cells_far_apart_are_not_given_to_calamine(tmp_path):
    # calamine would build the 16,384 × 150,000 rectangle at once (80 GB) and end the
    # process; openpyxl reads a row at a time and the column limit refuses the last one.
    data = open(hostile.spread_cells(tmp_path), "rb").read()  # noqa: SIM115
    assert not xlsx.check(data, PATH)


@pytest.mark.parametrize(
    "change",
    [
        # a second r= in a cell: the last one counts for calamine
        lambda xml: xml.replace(b'<c r="A2"', b'<c r="A2" r="XFD150000"', 1),
        lambda xml: xml.replace(b'<c r="A2"', b'<c r="A2" t="s"r ="XFD150000"', 1),
        # a cell placed by counting, not by its r=
        lambda xml: re.sub(rb'<c r="[A-Z]+2"', b"<c", xml),
        lambda xml: xml.replace(b'<c r="A2"', b'<c\tr="A2"', 1),
        # prefixed tags, as some generators write them
        lambda xml: xml.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>"),
    ],
    ids=["second-r", "second-r-spaced", "unplaced", "tab", "prefixed"],
)
def test_a_cell_the_scan_cannot_place_goes_to_openpyxl(change):
    # (openpyxl then reads it, or refuses malformed XML with the usual Chinese line)
    assert not xlsx.check(sheet_xml(hostile.ledger_xlsx(), change), PATH)


def test_an_error_cell_is_read_as_excel_shows_it():
    def error(xml: bytes) -> bytes:
        return re.sub(rb'<c r="B2".*?</c>', b'<c r="B2" t="e"><v>#N/A</v></c>', xml, flags=re.S)

    rows = openpyxl_only(sheet_xml(hostile.ledger_xlsx(), error))
    assert rows[1][1][1] == "#N/A"  # calamine would give a blank cell


def test_text_that_looks_like_an_xlsx_escape_comes_back_as_written():
    from dangqun_cli.transfer.formulas import xlsx_text

    for text in ["a_x0041_b", "_x000D_", "_x005F_x0041_", "_x0041_x0042_", "__x00e9_"]:
        data = book([["问题描述"], [xlsx_text(text)]])
        assert xlsx.calamine_rows(data, PATH, None)[1][1] == [text]
