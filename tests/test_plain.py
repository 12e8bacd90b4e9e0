"""The light renderer (render/plain.py) prints what rich prints when it does not style:
generated tables, 标签/值 blocks and lines of text, compared character for character with
rich's output at the same width."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from dangqun_cli.render import plain, rich_tables

pytestmark = pytest.mark.no_database

# What cells are made of: Chinese, its punctuation, ASCII, numbers and dates, spaces and
# line breaks, which wrap and align in different ways.
_TOKENS = [
    *"党群共建整改事项会议校务公开",
    *"，。、；：（）《》“”…",
    "2010年9月6日",
    "2023-12-31",
    "11:35",
    "3.5%",
    "第12次",
    "abc",
    "Word",
    "--from-opinion",
    "1",
    "42",
    "987654321012",
    " ",
    "  ",
    "\u3000",
    "\n",
    "ｆｕｌｌ",
]
_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=14).map("".join)
_HEADER = st.lists(st.sampled_from([t for t in _TOKENS if t != "\n"]), min_size=1, max_size=4)


def rich_console(width: int, encoding: str = "utf-8") -> Console:
    """terminal.console()'s settings, writing to a string instead of stdout."""
    file = io.StringIO()
    if encoding != "utf-8":
        file = _Encoded(encoding)
    return Console(
        file=file,
        width=width,
        color_system=None,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )


class _Encoded(io.StringIO):
    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # what rich asks to decide on an ASCII box
        return self._encoding


@st.composite
def tables(draw):
    columns = draw(st.integers(min_value=1, max_value=8))
    headers = ["".join(draw(_HEADER)) for _ in range(columns)]
    rows = draw(
        st.lists(st.lists(_TEXT, min_size=columns, max_size=columns), min_size=1, max_size=30)
    )
    return headers, rows


@settings(max_examples=150, deadline=None)
@given(
    tables(),
    st.integers(min_value=30, max_value=200),
    st.none() | _TEXT,
    st.sampled_from(["utf-8", "gbk"]),
)
def test_a_table_is_printed_as_rich_prints_it(table, width, title, encoding):
    headers, rows = table
    out = rich_console(width, encoding)
    cells = [[rich_tables.cell(c) for c in row] for row in rows]
    out.print(rich_tables.grid(headers, cells, title=title, width=width))
    box = plain._BOXES["simple_heavy" if encoding == "utf-8" else "ascii"]
    lines = plain.table_lines(headers, rows, title=title, width=width, box=box)
    assert "".join(line + "\n" for line in lines) == out.file.getvalue()


_LABELS = st.sampled_from(["编号", "名称", "问题", "整改措施", "不予采纳的理由", "ID"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_LABELS, _TEXT.filter(bool)), max_size=12),
    st.integers(min_value=30, max_value=200),
    st.none() | _TEXT,
)
def test_a_block_of_fields_is_printed_as_rich_prints_it(pairs, width, title):
    out = rich_console(width)
    if title:
        out.print(Text(title, style="bold"))
    out.print(rich_tables.fields_grid(pairs))
    lines = [
        *(plain.text_lines(title, width) if title else []),
        *plain.fields_lines(pairs, width=width),
    ]
    assert "".join(line + "\n" for line in lines) == out.file.getvalue()


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(min_value=1, max_value=200))
def test_a_line_of_text_is_wrapped_as_rich_wraps_it(text, width):
    out = rich_console(width)
    out.print(Text(text, style="bold"))
    assert "".join(line + "\n" for line in plain.text_lines(text, width)) == out.file.getvalue()
