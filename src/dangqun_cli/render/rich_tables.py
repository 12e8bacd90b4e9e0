"""The rich path of the terminal's tables and records: what a secretary sees at a terminal,
in colour, for lists short enough to draw that way (render/plain.py prints the rest, laid
out the same). Imported only when rich draws.

Long Chinese cells wrap by our rules (:class:`Prose`) instead of rich's; text from records
and files is shown through :func:`dangqun_cli.text.visible` (as :class:`~rich.text.Text`,
never as rich markup), so no control character reaches the terminal.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from dangqun_cli.render import plain
from dangqun_cli.render.plain import Styled
from dangqun_cli.text import visible


def console() -> Console:
    # Made per call, so that output follows sys.stdout as it is now (tests swap it).
    # No markup or emoji codes: a "[" or ":smile:" in a record is shown as typed.
    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def text(value: Any, style: str = "") -> Text:
    """A value as rich shows it: a :class:`Styled` in its styles, anything else as typed."""
    if isinstance(value, Text):
        return value
    if isinstance(value, Styled):
        return Text.assemble(*((visible(part), how) for part, how in value.spans))
    return Text(visible(str(value)), style=style)


def cell(value: Any) -> Prose | str:
    return "" if value is None else Prose(text(value))


def table(headers: list[str], values: list[list[Any]], *, title: str | None = None) -> None:
    out = console()
    cells = [[cell(v) for v in row] for row in values]
    out.print(grid(headers, cells, title=title, width=out.width))


def grid(
    headers: list[str], cells: list[list[Prose | str]], *, title: str | Text | None, width: int
) -> Table:
    """A table whose columns are as wide as their text needs, within ``width``: when it
    does not fit, each column keeps at least its widest date, number or word (rich would
    shrink the widest columns first, cutting dates), and prose columns give way."""
    shown_title = text(title) if isinstance(title, str) else title
    table = Table(title=shown_title, box=box.SIMPLE_HEAVY, show_lines=False, title_justify="left")
    plain_cells = [[c.text.plain if isinstance(c, Prose) else "" for c in row] for row in cells]
    sizes = plain.widths(headers, plain_cells, plain.room_for(len(headers), width))
    for header, size in zip(headers, sizes, strict=True):
        table.add_column(Prose(Text(header)), overflow="fold", width=size)
    for row in cells:
        table.add_row(*row)
    return table


class Prose:
    """A table cell's text, wrapped by Chinese line-breaking rules (render/wrap.py) to the
    width the table gives its column: a date or a number is never cut, no line starts
    with closing punctuation. Rich would break anywhere between two Chinese characters."""

    __slots__ = ("_extent", "text")

    def __init__(self, text: Text) -> None:
        self.text = text
        self._extent: tuple[int, int] | None = None

    def extent(self) -> tuple[int, int]:
        if self._extent is None:
            self._extent = plain.extent(self.text.plain)
        return self._extent

    def __rich_measure__(self, console: Console, options) -> Measurement:
        return Measurement(*self.extent()).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options):
        from rich.segment import Segment

        from dangqun_cli.render.wrap import wrap

        newline = Segment.line()
        lines, start = [], 0
        for paragraph in self.text.plain.split("\n"):
            for line in wrap(paragraph, options.max_width):
                # the spaces a line breaks at are not shown (they would overflow the cell)
                lines.append(self.text[start : start + len(line.rstrip())])
                start += len(line)
            start += 1  # the newline
        # Each line fits: render it as it is (a Text would be wrapped a second time).
        for line in lines:
            yield from line.render(console, end="")
            yield newline


def fields(pairs: list[tuple[str, Any]], *, title: str | None = None) -> None:
    """A two-column block of 标签：值."""
    out = console()
    if title:
        out.print(text(title, style="bold"))
    out.print(fields_grid(pairs))


def fields_grid(pairs: list[tuple[str, Any]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in pairs:
        table.add_row(f"{name}", cell(value))
    return table


def line(value: Any, style: str = "") -> None:
    console().print(text(value, style))


def document(blocks: list, out: Console) -> None:
    """A document's blocks (reports/document.py) drawn on ``out``: its title centred, its
    headings ruled (render/plain_document.py lays out the same lines without rich)."""
    from rich.align import Align
    from rich.rule import Rule

    from dangqun_cli.reports import document as doc

    for b in blocks:
        match b:
            case doc.Title(title):
                out.print(Align.center(text(title, style="bold")))
                out.print()
            case doc.Heading(heading):
                out.print()
                out.print(Rule(text(heading, style="bold"), align="left", style="dim"))
            case doc.SubHeading(heading):
                out.print(text(heading, style="bold italic"))
            case doc.Para(para):
                out.print(Prose(text("　　" + para)))
            case doc.Table(headers, rows, caption):
                cells = [[cell(c) for c in row] for row in rows]
                out.print(grid(list(headers), cells, title=caption, width=out.width))
            case doc.Bars(caption, rows):
                bars = Table(
                    title=text(caption) if caption else None,
                    box=None,
                    show_header=False,
                    title_justify="left",
                )
                bars.add_column(overflow="fold")
                bars.add_column(no_wrap=True)
                bars.add_column(no_wrap=True)
                for label_text, frac, figure in rows:
                    bar = Text(doc.bar(frac), style="cyan" if frac else "")
                    bars.add_row(cell(label_text), bar, cell(figure))
                out.print(bars)
                out.print()
            case doc.Signature(lines):
                out.print()
                for signed in lines:
                    out.print(Align.right(text(signed)))
