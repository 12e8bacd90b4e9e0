"""Documents as Word files laid out after GB/T 9704-2012 (党政机关公文格式), as far as
python-docx allows: A4 with the standard margins, title in 小标宋 二号 centred, body in
仿宋_GB2312 三号 with a two-character first-line indent, 一、 headings in 黑体, （一）
headings in 楷体, tables with a header row, page numbers in the footer, and the unit and
date at the end. Fonts are named, not embedded: Word substitutes what the machine has.
"""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangqun_cli.reports.document import (
    Bars,
    Block,
    Heading,
    Para,
    Signature,
    SubHeading,
    Table,
    Title,
)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28.95)  # 22 lines on the page, as the standard asks


def _font(run, name: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    # Word reads East Asian text's font from w:eastAsia, which python-docx does not set.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: Pt, *, indent: bool = True, align=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size)
    return p


def _page_numbers(section) -> None:
    """— 1 — centred in the footer, from a PAGE field."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = p.add_run()
    _font(run, PAGE_NUMBER_FONT, SIZE_4)
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = "PAGE"
        run._element.append(el)
    _font(p.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_4)
    # Repeat the header row on every page the table runs over.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, SIZE_4)


def _chinese(doc) -> None:
    """The document's language is Chinese (python-docx's template says en-US), so that Word
    checks spelling, breaks lines and picks fonts as for a Chinese document."""
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def write(blocks: list[Block], path) -> None:
    """Lay the blocks out and save to ``path`` (a file name or a binary stream)."""
    doc = Document()
    _chinese(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)
    for b in blocks:
        match b:
            case Title(text):
                _paragraph(
                    doc, text, TITLE_FONT, SIZE_2, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
                )
                _paragraph(doc, "", BODY_FONT, SIZE_3, indent=False)
            case Heading(text):
                _paragraph(doc, text, HEADING_FONT, SIZE_3)
            case SubHeading(text):
                _paragraph(doc, text, SUBHEADING_FONT, SIZE_3)
            case Para(text):
                _paragraph(doc, text, BODY_FONT, SIZE_3)
            case Table(headers, rows, caption):
                if caption:
                    _paragraph(
                        doc,
                        caption,
                        BODY_FONT,
                        SIZE_3,
                        indent=False,
                        align=WD_ALIGN_PARAGRAPH.CENTER,
                    )
                _table(doc, headers, rows)
            case Bars(caption, rows):
                _paragraph(
                    doc, caption, BODY_FONT, SIZE_3, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
                )
                # A chart in Word is a chart or nothing: the figures go in a plain table.
                _table(doc, ["项目", "数值"], [[label, shown] for label, _frac, shown in rows])
            case Signature(lines):
                _paragraph(doc, "", BODY_FONT, SIZE_3, indent=False)
                for line in lines:
                    _paragraph(
                        doc, line, BODY_FONT, SIZE_3, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT
                    )
    doc.save(path if hasattr(path, "write") else str(path))
