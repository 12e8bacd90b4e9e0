"""status and summary generate print, byte for byte, what they printed before their reads
were re-planned (issue 17): the JSON of the examples, kept under tests/snapshots/, on
SQLite and on PostgreSQL.

The snapshots were written by the code before issue 17 (its ``--json`` on the examples
database, "today" 2010-10-08). A change that means to change these outputs renews them
in the same commit and says why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import ok

SNAPSHOTS = Path(__file__).parent / "snapshots"

CASES = {
    "status-2010-10-08.json": ("status", "--json"),
    "status-2010-09-15.json": ("status", "--json", "--date", "2010-09-15"),
    "summary-2010Q3.json": ("summary", "generate", "2010Q3", "--json"),
    "summary-2010-09.json": ("summary", "generate", "2010-09", "--json"),
    "summary-2010Q3-unit.json": (
        "summary",
        "generate",
        "2010Q3",
        "--unit",
        "桃花山镇小学",
        "--json",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_json_is_what_it_was(examples, name):
    out = ok(*CASES[name]).out
    if os.environ.get("DANGQUN_UPDATE_SNAPSHOTS"):  # as tests/cli/test_help.py: read the diff
        (SNAPSHOTS / name).write_text(out, encoding="utf-8")
    assert out == (SNAPSHOTS / name).read_text(encoding="utf-8")
