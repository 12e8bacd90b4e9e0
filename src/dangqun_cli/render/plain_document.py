"""Documents (工作总结、会议记录) sent to a pipe or a file, laid out without rich: the lines
``terminal.document`` has rich print when it does not style, built as strings.

Drawing a summary's tables and bars through rich costs more than composing it (about 60 ms
for a 200-unit ledger, plus 25 ms to import rich), and a summary is most often written to a
file. Each block is laid out as rich lays it out (rich.align.Align, rich.rule.Rule, a printed
``Text``, ``rich_tables.Prose``, ``rich_tables.grid`` and the bars' borderless table), with
render/plain.py's tables and line breaking; tests/test_plain_document.py compares the two.
A block this module does not reproduce (bars wider than the page) returns None, and the
caller draws the document with rich.
"""

from __future__ import annotations

from dangqun_cli.render.cells import cell_len, set_cell_size
from dangqun_cli.render.plain import cell_lines, cell_text, extent, table_lines, text_lines
from dangqun_cli.reports import document as doc
from dangqun_cli.text import visible


def document_lines(blocks: list, *, width: int, box: str, ascii_only: bool) -> list[str] | None:
    """The lines of ``blocks`` at console ``width`` (``box``: the tables' box, as
    ``plain.table_box`` gives it; ``ascii_only``: a console whose encoding is not UTF)."""
    out: list[str] = []
    for b in blocks:
        match b:
            case doc.Title(title):
                out += _aligned(visible(title), width, "center")
                out.append("")
            case doc.Heading(heading):
                out.append("")
                out.append(_rule(visible(heading), width, ascii_only=ascii_only))
            case doc.SubHeading(heading):
                out += text_lines(visible(heading), width)
            case doc.Para(para):
                out += [_crop(line, width) for line in cell_lines(visible("　　" + para), width)]
            case doc.Table(headers, rows, caption):
                cells = [[cell_text(c) for c in row] for row in rows]
                title = visible(caption) if caption else None
                out += table_lines(list(headers), cells, title=title, width=width, box=box)
            case doc.Bars(caption, rows):
                bars = _bars(visible(caption) if caption else None, rows, width)
                if bars is None:
                    return None
                out += bars
                out.append("")
            case doc.Signature(lines):
                out.append("")
                for signed in lines:
                    out += _aligned(visible(signed), width, "right")
    return out


def _crop(line: str, width: int) -> str:
    """What Console.print does to a line wider than itself."""
    return line if cell_len(line) <= width else set_cell_size(line, width)


def _aligned(text: str, width: int, align: str) -> list[str]:
    """A printed ``Align.center`` / ``Align.right`` of a ``Text`` (padded on both sides /
    on the left), at console ``width``."""
    widest = max((cell_len(line) for line in text.splitlines()), default=0)
    if not widest:
        return []  # rich draws a Text of no width (empty, or line breaks only) as nothing
    inner = min(widest, width)
    lines = text_lines(text, inner)
    shape = max(map(cell_len, lines), default=0)
    lines = [set_cell_size(line, shape) for line in lines]
    excess = width - shape
    if excess <= 0:
        return lines
    if align == "right":
        return [" " * excess + line for line in lines]
    left = excess // 2
    return [" " * left + line + " " * (excess - left) for line in lines]


def _rule(title: str, width: int, *, ascii_only: bool) -> str:
    """A printed ``Rule(title, align="left")``: the title, a space, the line to the edge
    (drawn in "-" on an ASCII console, but only beside a title, as rich does)."""
    title = title.replace("\n", " ").expandtabs(8)
    room = max(0, width - 2)
    if not room or not title:
        return set_cell_size("─" * (width + 1), width)
    char = "-" if ascii_only else "─"
    if cell_len(title) > room:
        title = set_cell_size(title, room - 1) + "…"
    line = title + " "
    return set_cell_size(line + char * (width - cell_len(line)), width)


def _bars(caption: str | None, rows: list, width: int) -> list[str] | None:
    """The bars' table as rich draws it (no box, no header, padding 1, columns as wide
    as their widest cell); None when it would not fit in ``width``."""
    cells = [[cell_text(label), doc.bar(frac), cell_text(figure)] for label, frac, figure in rows]
    if any(not c[0] or not c[2] for c in cells):
        return None  # (rich lays out an empty cell its own way; no summary has one)
    cols = [max(min(extent(row[i])[1], width - 2) + 2 for row in cells) for i in range(3)]
    table_width = sum(cols)
    if table_width > width or not cells:
        return None
    out = text_lines(caption, table_width, justify="left") if caption else []
    for row in cells:
        parts = [cell_lines(text, w - 2) for text, w in zip(row, cols, strict=True)]
        height = max(map(len, parts))
        for k in range(height):
            out.append(
                "".join(
                    " " + set_cell_size(part[k] if k < len(part) else "", w - 2) + " "
                    for part, w in zip(parts, cols, strict=True)
                )
            )
    return out
