"""Tables at 80 columns (the width in a pipe) wrap Chinese by its line-breaking rules
(issue 16): "2023年12月3 / 1日" and lines starting with "，" or "）" were seen."""

from __future__ import annotations

import re

import pytest

from tests.helpers import ok

# Closing punctuation ("—" and "·" stand alone for an empty value, so they are left out).
CLOSING = "，。、；：！？）」』》”"
# A cell's line starts after the box's padding: at least two spaces (or the line's start).
_CELL_START = re.compile(r"(?:^|\s{2})(\S)")
_CUT_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}(?![\d日])|\d{4}年\d{1,2}(?![\d月])")


@pytest.mark.parametrize(
    "command",
    [
        ("rectify", "list", "--all"),
        ("meeting", "list", "--all"),
        ("opinion", "list", "--all"),
        ("log", "--all"),
        ("summary", "generate", "2010Q3", "--explain"),
    ],
)
def test_tables_at_80_columns_keep_chinese_line_breaking(examples, monkeypatch, command):
    ok("rectify", "extend", "2", "--to", "2010年12月31日", "--reason", "须经行政会研究（再议）")
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(*command).out
    for line in out.splitlines():
        assert len(line) <= 80
        starts = [m.group(1) for m in _CELL_START.finditer(line)]
        assert not [c for c in starts if c in CLOSING], line
        assert not _CUT_DATE.search(line), line
    dates = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", out)
    assert dates  # the dates are there, whole


def test_a_date_in_a_narrow_column_is_not_cut(examples, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = ok("rectify", "list").out
    assert "2010年9月20日" in out and "2010年10月31日" in out
