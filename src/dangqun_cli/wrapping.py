"""Width and line breaking for Chinese text on a terminal.

A CJK character takes two cells. A line may break between two Chinese characters, but
never inside a number, a date such as 2023年12月31日, or an English word, and by the
Chinese rules (禁则) no line starts with closing punctuation and none ends with opening
punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The one home of these marks: the help pages and the tables (render/wrap.py) use them.
CLOSING = frozenset("，。、；：！？）》」』】〉〕］｝〗〙〛”’…—·・％‰,.;:!?)]}%")
OPENING = frozenset("（《「『【〈〔［｛〖〘〚“‘([{")

# A date or a number with its unit (2023年12月31日, 15:00, 3.5), an English word or key
# (in_progress, --state, 2010Q3), or one character.
_ASCII = r"[0-9A-Za-z_\-.:/@+#=~'%]"
_TOKEN = re.compile(
    rf"{_ASCII}+(?:(?<=\d)[年月日号点时分秒]{_ASCII}*)*"
    r"|\s+"
    r"|.",
    re.DOTALL,
)


@lru_cache(maxsize=4096)
def char_width(c: str) -> int:
    if unicodedata.combining(c):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def _split_long(token: str, width: int) -> list[str]:
    pieces, piece, used = [], "", 0
    for c in token:
        w = char_width(c)
        if piece and used + w > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += c
        used += w
    return [*pieces, piece] if piece else pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells (a token wider than that alone is cut);
    spaces where a line breaks are dropped, everything else kept in order."""
    width = max(width, 2)
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        tokens += _split_long(token, width) if display_width(token) > width else [token]
    lines: list[list[str]] = [[]]
    used = 0
    for token in tokens:
        w = display_width(token)
        line = lines[-1]
        if token.isspace():
            if line:
                line.append(token)
                used += w
            continue
        if used + w <= width or not line:
            line.append(token)
            used += w
            continue
        while line and line[-1].isspace():
            used -= display_width(line.pop())
        if token[0] in CLOSING and used + w <= width:  # it fits once the spaces go
            line.append(token)
            used += w
            continue
        carried: list[str] = []
        # closing punctuation may not start the new line: take the last token with it;
        # opening punctuation may not end the old one: move it down.
        while len(line) > 1 and (carried or [token])[0][0] in CLOSING:
            carried.insert(0, line.pop())
        # (a line of nothing but opening punctuation goes down whole)
        while (
            line
            and (len(line) > 1 or line[-1][-1] in OPENING)
            and (line[-1].isspace() or line[-1][-1] in OPENING)
        ):
            piece = line.pop()
            if not piece.isspace():
                carried.insert(0, piece)
        if sum(display_width(t) for t in carried) + w > width:  # too narrow to obey
            line += carried
            carried = []
        if not line:
            lines.pop()
        lines.append([*carried, token])
        used = sum(display_width(t) for t in lines[-1])
    return ["".join(line).rstrip() for line in lines if line] or [""]
