"""Display widths without rich (render/cells.py): the same answer as the installed rich for
every code point, and for strings of Chinese, full-width forms, ASCII, emoji and combining
marks, joiners and variation selectors included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich import cells as rich_cells

from dangqun_cli.render import cells

pytestmark = pytest.mark.no_database

# What records are made of, and what could surprise a width table.
_SAMPLES = (
    "党群共建整改事项会议年月日，。、；：！？（）《》“”…—"  # Chinese and its punctuation
    "ＡＢｃ１２３　＃＠＊"  # full-width forms, the ideographic space
    "abcXYZ0123456789 -:./@#*"  # ASCII
    "é\u0301\u0300\u0903\u1160\u11a8\u00ad\u0600\u200b"  # combining, spacing marks, jamo, Cf
    "😀👍🏽👨\u200d👩\u200d👧❤\ufe0f☺\ufe0f©\ufe0f#\ufe0f\u20e3\u2630\U0001d360"  # emoji and pieces
    "\t\x1b\x7f\x85\x00"  # controls
)


def test_every_code_point_is_as_wide_as_rich_says():
    differ = [
        hex(code)
        for code in range(0x110000)
        if cells.char_width(chr(code)) != rich_cells.get_character_cell_size(chr(code))
    ]
    assert differ == []


@given(st.text(alphabet=st.sampled_from(_SAMPLES) | st.characters(), max_size=40))
def test_a_text_is_as_wide_as_rich_says(text):
    assert cells.cell_len(text) == rich_cells.cell_len(text)


@given(
    st.text(alphabet=st.sampled_from(_SAMPLES) | st.characters(), max_size=30),
    st.integers(min_value=0, max_value=40),
)
def test_a_text_is_cropped_and_folded_as_rich_does(text, width):
    assert cells.set_cell_size(text, width) == rich_cells.set_cell_size(text, width)
    if width:
        assert cells.chop_cells(text, width) == rich_cells.chop_cells(text, width)
