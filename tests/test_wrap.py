"""Chinese line breaking (render/wrap.py): the rules every table cell is wrapped by."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dangqun_cli.render.wrap import CLOSING, OPENING, units, wrap

pytestmark = pytest.mark.no_database

_CLOSE = "，。、；：！？）」』》”…"
_OPEN = "（「『《“"
_ALPHABET = "党群共建整改事项会议年月日" + "0123456789" + "-:." + "ab" + " " + _CLOSE + _OPEN


def cells(text: str) -> int:
    """Display width as a CJK terminal counts it: wide and full-width characters are two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _runs(text: str, chars: str) -> int:
    return max((len(m) for m in re.findall(f"[{re.escape(chars)}]+", text)), default=0)


@given(st.text(alphabet=_ALPHABET, max_size=120), st.integers(min_value=6, max_value=60))
def test_wrapped_lines_keep_the_rules(text, width):
    # A run of three closing marks can be wider than a short line: nothing could help it.
    assume(_runs(text, "".join(CLOSING)) <= 2 and _runs(text, "".join(OPENING)) <= 2)
    lines = wrap(text, width)
    assert "".join(lines) == text
    for line in lines:
        assert cells(line.rstrip()) <= width, (line, width)  # break spaces hang
    for line in lines[1:]:
        assert line[:1] not in CLOSING, lines
    # No run of digits is cut unless it is itself wider than a line.
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for m in re.finditer(r"[0-9]+", text):
        if cells(m.group()) <= width:
            assert not any(m.start() < s < m.end() for s in starts), (m.group(), lines)


@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_units_hold_digit_runs_and_punctuation(text):
    pieces = units(text)
    assert "".join(pieces) == text
    bounds, at = set(), 0
    for piece in pieces[:-1]:
        at += len(piece)
        bounds.add(at)
    for m in re.finditer(r"[0-9]+", text):
        assert not any(m.start() < b < m.end() for b in bounds)
    for b in bounds:
        assert text[b] not in CLOSING and text[b - 1] not in OPENING and not text[b].isspace()


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("整改时限2023年12月31日前完成", 16, ["整改时限", "2023年12月31日前", "完成"]),
        ("时限：2023-12-31，已延期", 14, ["时限：", "2023-12-31，已", "延期"]),
        ("对提出的问题进行认真整改（含）。", 10, ["对提出的问", "题进行认真", "整改", "（含）。"]),
        ("“老教师”代表", 6, ["“老教", "师”代", "表"]),
        ("2010年9月20日", 12, ["2010年9月", "20日"]),  # wider than the line: cut after 月
        ("", 10, [""]),
    ],
)
def test_examples_of_the_rules(text, width, expected):
    assert wrap(text, width) == expected
