"""Chinese line breaking (render/wrap.py), as the help pages and tables show it: the spaces a
line breaks at dropped, numbers, dates and words whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as display_width

from dangqun_cli.render.wrap import CLOSING, OPENING
from dangqun_cli.render.wrap import wrap as wrap_keeping_spaces


def wrap(text: str, width: int) -> list[str]:
    return [line.rstrip() for line in wrap_keeping_spaces(text, width)]


pytestmark = pytest.mark.no_database

WHOLE = st.one_of(
    st.integers(0, 99999).map(str),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.dates().map(lambda d: d.isoformat()),
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=6),
)
PIECE = st.one_of(
    st.sampled_from("整改事项会议纪要意见建议桃花山镇小学党支部"),
    st.sampled_from("，。、；：！？）》」"),
    st.sampled_from("（《「"),
    st.just(" "),
    WHOLE.map(lambda w: ("whole", w)),
)


def _text(pieces) -> tuple[str, list[str]]:
    text, wholes = "", []
    for piece in pieces:
        if isinstance(piece, tuple):
            piece = piece[1]
            if text and ((text[-1].isascii() and not text[-1].isspace()) or text[-1] == "日"):
                text += "、"  # two words side by side are one word
            wholes.append(piece)
        elif piece in CLOSING | OPENING and text and text[-1] in CLOSING | OPENING:
            continue  # prose has no run of punctuation
        text += piece
    return text, wholes


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=60), st.integers(2, 80))
def test_lines_fit_and_keep_every_character(pieces, width):
    text, _ = _text(pieces)
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=60), st.integers(30, 80))
def test_numbers_dates_and_words_stay_whole_and_punctuation_obeys_the_rules(pieces, width):
    """At a width where it can be done (a date with its brackets and a comma fits)."""
    text, wholes = _text(pieces)
    lines = wrap(text, width)
    for line in lines[1:]:
        assert line[:1] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1:] not in OPENING, lines
    for word in wholes:
        assert any(word in line for line in lines), (word, lines)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("整改时限为2023年12月31日，已销号。", 16, ["整改时限为", "2023年12月31日，", "已销号。"]),
        ("状态：整改中(in_progress)、待验收", 24, ["状态：整改中", "(in_progress)、待验收"]),
        ("会议时间：2010-09-06 15:00", 20, ["会议时间：2010-09-06", "15:00"]),
    ],
)
def test_hand_checked_breaks(text, width, expected):
    assert wrap(text, width) == expected


def test_an_option_name_is_never_cut():
    text = "立项：添加整改事项（--from-opinion 把意见转为整改）"
    for width in range(16, 40):
        assert any("--from-opinion" in line for line in wrap(text, width)), width
