"""Chinese line breaking (禁则) for the terminal's tables and the help pages: one pure
function, :func:`wrap`.

A line may break between two Chinese characters, after a space, or around a number, but:

- never inside a run of digits, an ASCII word or a date: ``2023年12月31日``,
  ``2023-12-31``, ``11:35``, ``3.5%`` stay whole;
- no line starts with closing punctuation (，。、；：！？）」』》… and their ASCII
  cousins), no line ends with opening punctuation (（「『《“ …);
- what is wider than a line by itself is cut where it least hurts (between digits only
  when a run of digits is itself wider than the line).

Widths are terminal cells as rich counts them (a Chinese character is two: render/cells.py,
without importing rich), so that the lines fit the columns rich draws. Joining the lines
gives back the text: nothing is added or dropped, spaces included; spaces where a line
breaks stay at the end of the line and do not count against its width (whoever shows the
line drops them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dangqun_cli.render.cells import cell_len, char_width

# Must not begin a line (GB/T 15834 and the W3C's "Requirements for Chinese Text Layout").
CLOSING = frozenset("，。、；：！？）》」』】〉〕］｝〗〙〛”’…—·・％‰,.;:!?)]}%")
# Must not end a line.
OPENING = frozenset("（《「『【〈〔［｛〖〘〚“‘([{")

# What is never broken: an ASCII word or number with what joins its parts (2023-12-31,
# 11:35:44, 3.5, a@b.c, an option such as --from-opinion), and a date or count written
# with 年月日 (2023年12月31日, 3月).
_WORD = r"-{0,2}[A-Za-z0-9_]+(?:(?:[-./:@,+&'#_]|[年月日])[A-Za-z0-9_]+)*[年月日号时分秒]?"
_CLOSING = "[" + re.escape("".join(sorted(CLOSING))) + "]"
_OPENING = "[" + re.escape("".join(sorted(OPENING))) + "]"
# A unit: a word or any other character, with the spaces and closing punctuation after
# it; opening punctuation before it holds on to it (spaces between included). Spaces
# that begin the text are a unit of their own (with closing punctuation after them).
_UNIT = re.compile(
    rf"\s+(?:\s+|{_CLOSING})*|(?:{_OPENING}\s*)*(?:{_WORD}|\S)?(?:\s+|{_CLOSING})*",
    re.DOTALL,
)


def units(text: str) -> list[str]:
    """``text`` cut where a line may break: a line break is allowed between two units and
    nowhere else (their concatenation is ``text``)."""
    found = _UNIT.findall(text)
    if found and not found[-1]:  # the empty match at the end
        found.pop()
    return found


class _Sized(dict):
    """unit → (unit, cells, cells without trailing spaces): units recur from text to text
    (a Chinese character, a word), so each is measured once."""

    def __missing__(self, unit: str) -> tuple[str, int, int]:
        if len(self) > 50_000:  # numbers and dates make new units without end
            self.clear()
        size = cell_len(unit)
        sized = self[unit] = (unit, size, cell_len(unit.rstrip()) if unit[-1].isspace() else size)
        return sized


_sized = _Sized().__getitem__


def measure(text: str) -> tuple[tuple[str, int, int], ...]:
    """Each unit of ``text`` with its width in cells, with and without its trailing
    spaces."""
    if text.isalnum() and text.isascii():  # a number or a word: one unit (a table's ids)
        return ((text, len(text), len(text)),)
    return tuple(map(_sized, units(text)))


measured = lru_cache(maxsize=4096)(measure)  # help pages measure, then wrap, the same text


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one paragraph: no newline) as lines of at most ``width`` cells, broken by
    the rules above; an empty text is one empty line."""
    return wrap_measured(measured(text), width)


def wrap_measured(pieces: tuple[tuple[str, int, int], ...], width: int) -> list[str]:
    """:func:`wrap` of a text already cut into :func:`measured` units."""
    width = max(width, 2)  # a Chinese character needs two cells
    lines: list[str] = []
    line, used = "", 0
    for unit, size, bare in pieces:
        if used + bare <= width:  # trailing spaces may hang
            line, used = line + unit, used + size
            continue
        if line:
            lines.append(line)
            line, used = "", 0
        if bare <= width:
            line, used = unit, size
            continue
        pieces = _cut(unit, width)
        lines.extend(pieces[:-1])
        line, used = pieces[-1], cell_len(pieces[-1])
    lines.append(line)
    return lines


def widest(text: str) -> int:
    """The widest unit of ``text``: the narrowest a column can be without cutting one."""
    return max((size for _, size, _ in measured(text)), default=0)


def _cut(unit: str, width: int) -> list[str]:
    """A unit wider than a line, cut into lines where it is full or a little before: at
    the last place the rules allow; failing that, one that only ends a line with opening
    punctuation; then one that cuts a run of digits; never before closing punctuation
    unless nothing else is possible."""
    pieces: list[str] = []
    start = 0
    while cell_len(unit[start:]) > width:
        end, used = start, 0
        while end < len(unit) and used + char_width(unit[end]) <= width:
            used += char_width(unit[end])
            end += 1
        end = max(end, start + 1)  # a character wider than the line still moves on
        best = end
        for strictness in (3, 2, 1):
            found = next((i for i in range(end, start, -1) if _may_break(unit, i, strictness)), 0)
            if found:
                best = found
                break
        pieces.append(unit[start:best])
        start = best
    pieces.append(unit[start:])
    return pieces


def _may_break(text: str, i: int, strictness: int) -> bool:
    """Whether a line may break before ``text[i]`` inside a unit that must be cut:
    1 — not before closing punctuation; 2 — nor inside a run of digits or an ASCII word;
    3 — nor after opening punctuation."""
    if i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if after in CLOSING:
        return False
    if strictness >= 2 and _word(before) and (_word(after) or after in _COUNTERS):
        return False
    return not (strictness >= 3 and before in OPENING)


_COUNTERS = frozenset("年月日号时分秒")  # 2010年9月20日: not "2010年9月20" and "日"


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()
