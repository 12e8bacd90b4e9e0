"""A document sent to a pipe (render/plain_document.py) is the text rich prints for it:
generated documents compared character for character with rich's drawing at the same width
and encoding, and the examples' 工作总结 through the real command both ways (issue 17: long
output at terminal speed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangqun_cli.render import plain, plain_document, rich_tables
from dangqun_cli.reports import document as doc
from tests.helpers import ok
from tests.test_plain import _TEXT, rich_console, tables

_SHORT = st.lists(
    st.sampled_from(["学校党支部", "教务处", "2010年7月", "第3次", "abc", " ", "：", "100%"]),
    min_size=1,
    max_size=5,
).map("".join)

_BLOCKS = st.one_of(
    _TEXT.map(doc.Title),
    _TEXT.map(doc.Heading),
    _TEXT.map(doc.SubHeading),
    _TEXT.map(doc.Para),
    st.builds(
        lambda table, caption: doc.Table(table[0], table[1], caption),
        tables(),
        st.none() | _TEXT,
    ),
    st.builds(
        doc.Bars,
        st.none() | _TEXT,
        st.lists(
            st.tuples(
                _SHORT.filter(str.strip),
                st.floats(min_value=0, max_value=1),
                _SHORT.filter(str.strip),
            ),
            min_size=1,
            max_size=6,
        ),
    ),
    st.lists(_TEXT, max_size=3).map(doc.Signature),
)


@pytest.mark.no_database
@settings(max_examples=200, deadline=None)
@given(
    st.lists(_BLOCKS, min_size=1, max_size=6),
    st.integers(min_value=20, max_value=160),
    st.sampled_from(["utf-8", "gbk"]),
)
def test_a_document_is_printed_as_rich_prints_it(blocks, width, encoding):
    out = rich_console(width, encoding)
    rich_tables.document(blocks, out)
    box = plain._BOXES["simple_heavy" if encoding == "utf-8" else "ascii"]
    lines = plain_document.document_lines(
        blocks, width=width, box=box, ascii_only=encoding != "utf-8"
    )
    if lines is None:  # left to rich: only bars wider than the page
        assert any(isinstance(b, doc.Bars) for b in blocks)
        return
    assert "".join(line + "\n" for line in lines) == out.file.getvalue()


@pytest.mark.no_database
def test_bars_that_fit_are_laid_out_here():
    bars = doc.Bars("每月召开会议次数", [("2010年7月", 1.0, "5次"), ("2010年8月", 0.0, "0次")])
    lines = plain_document.document_lines([bars], width=80, box="", ascii_only=False)
    assert lines == [
        "每月召开会议次数" + " " * 32,  # the table is 11 + 32 + 5 cells wide
        " 2010年7月  " + "█" * 30 + "  5次 ",
        " 2010年8月  ·" + " " * 29 + "  0次 ",
        "",
    ]


@pytest.mark.sqlite_only("the layout does not depend on the database")
@pytest.mark.parametrize("period", ["2010Q3", "2010", "2010-09"])
def test_the_examples_summary_reads_the_same_without_rich(examples, monkeypatch, period):
    light = ok("summary", "generate", period).out
    assert "整改落实" in light
    monkeypatch.setattr(plain_document, "document_lines", lambda *a, **k: None)
    assert ok("summary", "generate", period).out == light
