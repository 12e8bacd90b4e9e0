"""The light renderer: tables and 标签/值 blocks laid out without rich, character for
character as rich lays them out when it does not style (stdout is not a terminal).

rich costs about 2.3 ms a printed row and 25 ms to import (issue 17); a long list, or any
list sent to a pipe or a file, is printed here instead, at the speed of building strings.
Its output equals rich's: the title line, the blank edge lines, the paddings, the ━ line
under the header, the trailing spaces, the multi-line cells, the same column widths
(:func:`widths`, used by both) and the same line breaking (render/wrap.py). What rich does
is reproduced step by step where our tables need it (a rich ``Table`` with the
``SIMPLE_HEAVY`` box and fixed column widths; a two-column ``Table.grid``; a printed
``Text``); tests/test_plain.py compares the two on generated tables.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import sys
from collections.abc import Iterable, Iterator
from operator import getitem, itemgetter

from dangqun_cli.render.cells import cell_len, chop_cells, set_cell_size
from dangqun_cli.render.wrap import measure, widest, wrap_measured
from dangqun_cli.text import visible

# More rows than this are printed by the light renderer even on a terminal, without
# colours: rich lays out about 430 rows a second here (2.3 ms each), so a list longer than
# a few screens would keep the secretary waiting for seconds; a page of 50 is drawn by
# rich in about 0.1 s and keeps its colours.
LONG_LIST = 200


class Styled(str):
    """Text a terminal shows in a style (rich's style names: ``"bold red"``), and other
    output as the text alone: what the column getters return instead of rich's ``Text``, so
    that nothing but the rich path needs rich. ``a + b`` keeps each part's style."""

    spans: tuple[tuple[str, str], ...]

    def __new__(cls, text: str = "", style: str = "") -> Styled:
        self = super().__new__(cls, text)
        self.spans = ((text, style),) if text else ()
        return self

    def __add__(self, other: str) -> Styled:
        joined = Styled(str(self) + other)
        joined.spans = self.spans + (getattr(other, "spans", None) or ((str(other), ""),))
        return joined


# ---- where the output goes -----------------------------------------------------------


def styling() -> bool:
    """Whether rich would style what it prints to stdout now (rich's own rule: the
    TTY_COMPATIBLE and FORCE_COLOR variables, else whether stdout is a terminal)."""
    env = os.environ
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def light(rows: int) -> bool:
    """Whether a list of ``rows`` rows is printed by the light renderer."""
    return rows > LONG_LIST or not styling()


def console_width() -> int:
    """The width rich's Console gives stdout now (``rich.console.Console.size``)."""
    if sys.platform == "win32":  # rich also knows the legacy console there: ask it
        return _rich_facts()[0]
    env = os.environ
    columns, lines = env.get("COLUMNS"), env.get("LINES")
    dumb = env.get("TERM", "").lower() in ("dumb", "unknown") and styling()
    # COLUMNS wins, but a dumb terminal is 80 wide unless LINES is set too (Console.size)
    if columns is not None and columns.isdigit() and (not dumb or (lines or "").isdigit()):
        return int(columns)
    if dumb:
        return 80
    width = None
    for fd in (0, 1, 2):  # rich asks stdin, stdout and stderr in turn
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return width or 80


def _rich_facts() -> tuple[int, str]:
    from rich import box
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
    chosen = box.SIMPLE_HEAVY.substitute(out.options)
    name = {id(box.ASCII): "ascii", id(box.SIMPLE): "simple"}.get(id(chosen), "simple_heavy")
    return out.width, name


# rich's boxes, each as its 8 rows of 4 characters (rich.box): the table's, and what rich
# draws instead on a console whose encoding is not UTF (ASCII) or a legacy Windows one.
_BOXES = {
    name: "".join(rows)
    for name, rows in {
        "simple_heavy": ("    ", "    ", " ━━ ", "    ", "    ", " ━━ ", "    ", "    "),
        "simple": ("    ", "    ", " ── ", "    ", "    ", " ── ", "    ", "    "),
        "ascii": ("+--+", "| ||", "|-+|", "| ||", "|-+|", "|--|", "| ||", "+--+"),
    }.items()
}


def table_box() -> str:
    if sys.platform == "win32":
        return _BOXES[_rich_facts()[1]]
    return _BOXES["simple_heavy" if utf_output() else "ascii"]


def utf_output() -> bool:
    """Whether stdout's encoding is a UTF one (else rich draws ASCII lines and boxes)."""
    encoding = (getattr(sys.stdout, "encoding", "utf-8") or "utf-8").lower()
    return encoding.startswith("utf")


def emit(lines: Iterable[str]) -> None:
    """Write ``lines`` to stdout, a few hundred at a time."""
    write = sys.stdout.write
    lines = iter(lines)
    while batch := list(itertools.islice(lines, 512)):
        write("\n".join(batch) + "\n")
    sys.stdout.flush()


def cell_text(value) -> str:
    """A cell's text as shown: control characters made visible (text.visible)."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    return text if text.isprintable() else visible(text)


# ---- what both renderers share --------------------------------------------------------


def extent(text: str) -> tuple[int, int]:
    """(the widest unbreakable piece, the widest line) of a cell: the narrowest its column
    can be without cutting a date or a word, and the width it needs on one line."""
    if "\n" in text:
        lines = text.split("\n")
        return max(map(widest, lines)), max(map(cell_len, lines))
    return widest(text), cell_len(text)


def _longest_line(text: str) -> int:
    return max(map(cell_len, text.split("\n"))) if "\n" in text else cell_len(text)


class _Lengths(dict):
    """text → its widest line, for one table (its columns repeat units, names, dates)."""

    def __missing__(self, text: str) -> int:
        size = self[text] = _longest_line(text)
        return size


Pieces = dict[str, tuple[tuple[str, int, int], ...]]


class _Widest(dict):
    """text → its widest unbreakable piece, for one table."""

    def __init__(self, known: Pieces) -> None:
        self.known = known

    def __missing__(self, text: str) -> int:
        size = self[text] = max(
            max(map(_SIZE, _pieces(self.known, paragraph)), default=0)
            for paragraph in text.split("\n")
        )
        return size


_SIZE = itemgetter(1)


def _pieces(known: Pieces, paragraph: str) -> tuple[tuple[str, int, int], ...]:
    """A paragraph's units and their widths, worked out once per table (render/wrap.py)."""
    found = known.get(paragraph)
    if found is None:
        found = known[paragraph] = measure(paragraph)
    return found


def widths(
    headers: list[str],
    rows: list[list[str]],
    room: int,
    *,
    sizes: list[list[int]] | None = None,
    known: Pieces | None = None,
) -> list[int]:
    """Each column's width: all it needs when the table fits in ``room`` cells; else the
    widest columns are narrowed, none below its widest unbreakable piece (a date, a number,
    a word) while there is room for that. (``sizes``: each cell's widest line, when known.)"""
    if sizes is None:
        lengths = _Lengths().__getitem__
        sizes = [list(map(lengths, row)) for row in rows]
    known = {} if known is None else known
    most = [cell_len(h) for h in headers]
    for row in sizes:
        for i, size in enumerate(row):
            if size > most[i]:
                most[i] = size
    if sum(most) <= room:
        return most
    least = [widest(h) for h in headers]
    widest_piece = _Widest(known).__getitem__
    for row, row_sizes in zip(rows, sizes, strict=True):
        for i, cell in enumerate(row):
            # (a piece is never wider than its line: most cells need not be cut up)
            if row_sizes[i] > least[i] and (size := widest_piece(cell)) > least[i]:
                least[i] = size
    if sum(least) > room:  # not even that fits: the widest give way, down to two cells
        most, least = least, [min(2, w) for w in least]
    # The widest columns give way first, each no narrower than its widest piece: the
    # highest level every column may keep that still fits.
    low, high = 0, max(most)
    while low < high:
        level = (low + high + 1) // 2
        if sum(max(lo, min(hi, level)) for lo, hi in zip(least, most, strict=True)) <= room:
            low = level
        else:
            high = level - 1
    chosen = [max(lo, min(hi, low)) for lo, hi in zip(least, most, strict=True)]
    spare = room - sum(chosen)
    for i, w in enumerate(chosen):
        if spare > 0 and w == low and most[i] > w:
            chosen[i] += 1
            spare -= 1
    return chosen


def room_for(columns: int, width: int) -> int:
    """The cells a table of ``columns`` columns has for its text within ``width``: the
    box's two edges and separators, and a space either side of each cell, take the rest."""
    return width - (2 + columns - 1) - 2 * columns


def cell_lines(text: str, width: int, known: Pieces | None = None) -> list[str]:
    """A cell's text broken into lines of ``width`` cells (render/wrap.py); the spaces a
    line breaks at are not shown (they would overflow the cell)."""
    if "\n" not in text and cell_len(text) <= width:
        return [text.rstrip()]
    known = {} if known is None else known
    return [
        line.rstrip()
        for paragraph in text.split("\n")
        for line in wrap_measured(_pieces(known, paragraph), width)
    ]


# ---- tables ---------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]], *, title: str | None = None) -> None:
    # Laying out a long table makes a few hundred thousand short-lived tuples and strings
    # and no reference cycles: the cyclic collector would run a hundred times for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        emit(table_lines(headers, rows, title=title, width=console_width(), box=table_box()))
    finally:
        if collecting:
            gc.enable()


def table_lines(
    headers: list[str],
    rows: list[list[str]],
    *,
    title: str | None,
    width: int,
    box: str = _BOXES["simple_heavy"],
) -> Iterator[str]:
    """The lines rich prints for ``rich_tables.grid`` (a ``Table`` with the
    ``SIMPLE_HEAVY`` box, a left-justified title, columns of fixed width, padding 1) at
    console ``width``."""
    n = len(headers)
    known: Pieces = {}
    lengths = _Lengths().__getitem__
    sizes = [list(map(lengths, row)) for row in rows]
    chosen = widths(headers, rows, room_for(n, width), sizes=sizes, known=known)
    # rich.table.Table._calculate_column_widths, for columns of fixed width
    extra = 2 + n - 1
    available = max(0, width - extra)
    cols = [(min(s + 2, available) or 1) if available >= 1 else 1 for s in chosen]
    if sum(cols) > available:
        cols = _ratio_reduce(sum(cols) - available, [1] * n, cols, cols)
        cols = [min(s + 2, w) if w >= 1 else 0 for s, w in zip(chosen, cols, strict=True)]
    table_width = sum(cols) + extra
    # Every line is table_width cells wide; Console.print crops what is wider than itself.
    if table_width > width:

        def crop(line: str) -> str:
            return line if cell_len(line) <= width else set_cell_size(line, width)
    else:

        def crop(line: str) -> str:
            return line

    if title:
        for line in text_lines(title, table_width, justify="left"):
            yield crop(line)
    edges = [box[i : i + 4] for i in range(0, 32, 4)]
    top, bottom = edges[0], edges[7]

    def rule(chars: str) -> str:
        left, line, cross, right = chars
        return crop(left + cross.join(line * w for w in cols) + right)

    yield rule(top)
    lines = _body(headers, rows, cols, edges, lengths, known)
    yield from map(crop, lines) if table_width > width else lines
    yield rule(bottom)


class _Column(dict):
    """A column's cells as drawn (padded lines), by text: one table draws a unit's name,
    a date, a state many times."""

    def __init__(self, width: int, lengths, known: Pieces) -> None:
        self.width, self.lengths, self.known = width, lengths, known

    def __missing__(self, text: str) -> tuple[str, ...]:
        cell = self[text] = _padded(text, self.lengths(text), self.width, self.known)
        return cell


def _body(headers, rows, cols, edges, lengths, known: Pieces) -> Iterator[str]:
    """The header, the ━ line and the rows."""
    _, head, head_row, mid, _, _, foot, _ = edges
    blanks = [" " * w for w in cols]
    header = [_padded(h, cell_len(h), w, known) for h, w in zip(headers, cols, strict=True)]
    left, _, vertical, right = head
    height = max(1, *map(len, header))
    for k in range(height):  # a header sits on the ━ line (aligned to the bottom)
        line = [
            cell[k - height + len(cell)] if k >= height - len(cell) else blank
            for cell, blank in zip(header, blanks, strict=True)
        ]
        yield left + vertical.join(line) + right
    left, line, cross, right = head_row
    yield left + cross.join(line * w for w in cols) + right
    columns = [_Column(w, lengths, known) for w in cols]
    last = len(rows) - 1
    for index, row in enumerate(rows):
        left, _, vertical, right = foot if index == last else mid
        cells = list(map(getitem, columns, row))
        heights = list(map(len, cells))
        height = max(heights) or 1  # (rich draws a row of cells with no room as blanks)
        if height == 1 and min(heights) == 1:
            yield left + vertical.join(map(_FIRST, cells)) + right
            continue
        # a row's cells at the top, blank lines under the shorter ones
        cells = [
            cell + (blank,) * (height - size) if size < height else cell
            for cell, size, blank in zip(cells, heights, blanks, strict=True)
        ]
        for parts in zip(*cells, strict=True):
            yield left + vertical.join(parts) + right


_FIRST = itemgetter(0)


def _padded(text: str, size: int, width: int, known: Pieces) -> tuple[str, ...]:
    """A cell of ``width`` cells, padding included, as rich renders ``Padding(Prose)``
    (``size``: the text's widest line)."""
    inner = width - 2
    if inner < 1:  # rich renders nothing in no room (and the table pads that with spaces)
        return ()
    if size <= inner and "\n" not in text:  # one line, as it is
        if text[-1:].isspace():
            text = text.rstrip()
            size = cell_len(text)
        return (" " + text + " " * (inner - size + 1),)
    return tuple(
        " " + set_cell_size(line.rstrip(), inner) + " "
        for paragraph in text.split("\n")
        for line in wrap_measured(_pieces(known, paragraph), inner)
    )


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]):
    """rich._ratio.ratio_reduce: take ``total`` away from ``values`` in proportion."""
    ratios = [ratio if top else 0 for ratio, top in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, top, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(top, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


# ---- 标签/值 blocks ---------------------------------------------------------------------


def fields(pairs: list[tuple[str, str]], *, title: str | None = None) -> None:
    width = console_width()
    lines = text_lines(title, width) if title else []
    emit([*lines, *fields_lines(pairs, width=width)])


def fields_lines(pairs: list[tuple[str, str]], *, width: int) -> list[str]:
    """The lines rich prints for ``terminal.fields``' grid (``Table.grid(padding=(0, 2))``:
    the labels without wrapping, then two spaces, then the values) at console ``width``."""
    if not pairs:
        return []
    labels = [name for name, _ in pairs]
    values = [value for _, value in pairs]
    label_len = [_label_extent(name) for name in labels]
    value_len = [_longest_line(value) for value in values]

    def measure(mw: int) -> list[int]:  # the two columns' widest, within mw cells
        if mw < 1:
            return [0, 0]
        if mw < 3:
            first = mw
        else:
            first = max((min(hi, mw - 2) if min(hi, mw - 2) >= 1 else 0) + 2 for hi in label_len)
            first = min(first, mw)
        second = max(min(hi, mw) if min(hi, mw) >= 1 else 0 for hi in value_len)
        return [first, second]

    cols = [w or 1 for w in measure(width)]
    if sum(cols) > width:
        cols = _collapse(cols, [False, True], width)
        if sum(cols) > width:
            cols = _ratio_reduce(sum(cols) - width, [1, 1], cols, cols)
        cols = [measure(cols[0])[0] or 0, measure(cols[1])[1] or 0]
    first, second = cols
    out = []
    for name, value in zip(labels, values, strict=True):
        inner = max(0, first - 2)
        left = [
            set_cell_size(set_cell_size(_truncate(line, first - 2), inner) + "  ", first)
            for line in name.split("\n")
        ]
        right = [set_cell_size(line, second) for line in cell_lines(value, second)]
        height = max(len(left), len(right))
        left += [" " * first] * (height - len(left))
        right += [" " * second] * (height - len(right))
        for a, b in zip(left, right, strict=True):
            line = a + b
            out.append(line if cell_len(line) <= width else set_cell_size(line, width))
    return out


def _label_extent(name: str) -> int:
    lines = name.splitlines()
    return max(map(cell_len, lines)) if lines else 0


def _truncate(text: str, width: int, overflow: str = "ellipsis", pad: bool = False) -> str:
    """rich.text.Text.truncate."""
    length = cell_len(text)
    if length > width:
        if overflow == "ellipsis":
            text = set_cell_size(text, width - 1) + "…"
        else:
            text = set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """rich.table.Table._collapse_widths: narrow the widest wrapable columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest_ = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(
                w if ok and w != widest_ else 0 for w, ok in zip(widths, wrapable, strict=True)
            )
            difference = widest_ - second
            ratios = [int(w == widest_ and ok) for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


# ---- printed text ---------------------------------------------------------------------


def line(text: str) -> None:
    """One printed text, as ``Console.print(Text(text))`` prints it: wrapped at the width."""
    emit(text_lines(text, console_width()))


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING = re.compile(r"\s+$")


def text_lines(text: str, width: int, *, justify: str = "default") -> list[str]:
    """``text`` wrapped as rich wraps a ``Text`` (rich.text.Text.wrap with overflow "fold":
    at spaces, folding what is wider than a line)."""
    out = []
    for paragraph in text.split("\n"):
        offsets = _divide(paragraph, width)
        bounds = [0, *offsets, len(paragraph)]
        for start, end in itertools.pairwise(bounds):
            piece = paragraph[start:end]
            if len(piece) > width and (m := _TRAILING.search(piece)):  # Text.rstrip_end
                piece = piece[: len(piece) - min(len(m.group()), len(piece) - width)]
            if justify == "left":
                piece = _truncate(piece, width, "fold", pad=True)
            out.append(_truncate(piece, width, "fold"))
    return out


def _divide(text: str, width: int) -> list[int]:
    """rich._wrap.divide_line (fold=True): where ``text`` is broken to fit ``width``."""
    breaks: list[int] = []
    offset = 0
    position = 0
    while (match := _WORD.match(text, position)) is not None:
        start, end = match.span()
        word = match.group()
        position = end
        size = cell_len(word.rstrip())
        if width - offset >= size:
            offset += cell_len(word)
        elif size > width:
            folded = chop_cells(word, width)
            for i, piece in enumerate(folded):
                if start:
                    breaks.append(start)
                if i == len(folded) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks
