"""Long output at terminal speed (issue 17): lists and records sent to a pipe, and long lists
anywhere, are printed by the light renderer (render/plain.py) without importing rich; a
short list on a terminal keeps rich's colours; ``--json`` lists are written as their rows
are dumped, the same text as one ``json.dumps``."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangqun_cli.render import plain
from dangqun_cli.text import json_visible
from tests.helpers import ok, run_in_fresh_process

LIGHT = [
    ("rectify", "list"),
    ("rectify", "list", "--all"),
    ("rectify", "show", "1"),
    ("meeting", "list"),
    ("opinion", "list"),
    ("opinion", "show", "1"),
    ("unit", "list"),
    ("unit", "show", "学校工会"),
    ("log",),
    ("log", "--record", "整改事项:1"),
    ("status",),
    ("rule", "list"),
    ("check", "2010Q3"),
    ("meeting", "template", "list"),
    ("meeting", "template", "show", "支委会"),
    ("summary", "generate", "2010Q3"),
]


@pytest.mark.sqlite_only("which renderer prints does not depend on the database")
@pytest.mark.parametrize("argv", LIGHT, ids=" ".join)
def test_a_read_into_a_pipe_loads_no_rich(examples, argv):
    done = run_in_fresh_process(argv, dict(os.environ), ["rich"])
    assert "LOADED []" in done.stderr.splitlines(), done.stderr
    assert done.stdout.strip()
    assert done.stdout == ok(*argv).out  # the same text as in-process


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("rows", "terminal", "light"),
    [(3, False, True), (3, True, False), (200, True, False), (201, True, True), (201, False, True)],
)
def test_rich_draws_only_a_short_list_on_a_terminal(monkeypatch, rows, terminal, light):
    from dangqun_cli.render import rich_tables
    from dangqun_cli.render import terminal as view

    drawn = []
    monkeypatch.setattr(plain, "styling", lambda: terminal)
    monkeypatch.setattr(plain, "table", lambda *a, **k: drawn.append("light"))
    monkeypatch.setattr(rich_tables, "table", lambda *a, **k: drawn.append("rich"))
    view.table([("编号", lambda r: r)], range(rows))
    assert drawn == ["light" if light else "rich"]


@pytest.mark.no_database
@pytest.mark.parametrize("light", [True, False])
def test_a_table_without_rows_says_so(monkeypatch, capsys, light):
    from dangqun_cli.render import terminal as view

    monkeypatch.setattr(plain, "light", lambda _rows: light)
    view.table([("编号", lambda r: r)], [], title="整改经过")
    assert capsys.readouterr().out == "（没有记录）\n"


@pytest.mark.no_database
def test_both_renderers_print_styled_cells_alike(monkeypatch):
    """A state in colour, 逾期 in bold red, multi-part text: the light renderer prints the
    text rich prints off a terminal."""
    from dangqun_cli.render import terminal as view

    rows = [
        {
            "id": i,
            "text": "学校重大事项决策前应广泛听取教职工意见，坚持校务公开" * (i % 3),
            "state": ["pending", "rectifying", "answered", "declined"][i % 4],
            "by": "老教师代表",
            "topic": "民主管理",
            "raised_on": f"2010-09-{i % 28 + 1:02d}",
            "reply": "已精简检查表格" if i % 2 else None,
            "items": [
                {"id": i, "state": "open", "overdue": bool(i % 2)},
                {"id": 9, "state": "closed"},
            ],
        }
        for i in range(12)
    ]
    printed = {}
    for light in (True, False):
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(plain, "light", lambda _rows, light=light: light)
        view.opinions(rows, title="会上提出的意见建议")
        view.item(_item())
        printed[light] = out.getvalue()
    assert "逾期" in printed[True]
    assert printed[True] == printed[False]


def _item() -> dict:
    return {
        "id": 3,
        "problem": "检查、表格和会议过多",
        "measures": "每月集中检查一次\n精简表格",
        "source": "意见",
        "opinions": [{"id": 5, "text": "精简各类检查、表格和会议"}],
        "unit": "教务处",
        "owner": "张主任",
        "leader": "",
        "due": "2010-09-30",
        "original_due": "2010-09-20",
        "extensions": [{}],
        "ongoing": False,
        "state": "in_progress",
        "overdue": True,
        "days_left": -8,
        "result": None,
        "evidence": None,
        "attachments": [
            {
                "id": 1,
                "name": "公示栏.jpg",
                "size": 48_211,
                "sha256": "9f" * 32,
                "at": "2010-09-25T10:12:00",
                "by": "王书记",
            }
        ],
        "verified_by": None,
        "closed_at": None,
        "recheck_due": None,
        "rechecks": [],
        "history": [{"at": "2010-09-08", "action": "open", "by": "王书记", "text": "立项"}],
    }


# What the JSON of a list holds: nested rows, empty containers, numbers, nulls, and text
# with line breaks, quotes and invisible characters (escaped by json_visible).
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(
        alphabet=st.sampled_from('党群a1 \n\t"\\\x1b\x7f\u200b\u202e\u2028\U0001f600')
        | st.characters(exclude_categories=["Cs"]),  # (no record holds a lone surrogate)
        max_size=12,
    )
)
_KEYS = st.text(st.characters(exclude_categories=["Cs"]), max_size=5)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.no_database
@given(st.lists(_JSON, max_size=450) | _JSON)
def test_json_is_streamed_as_one_dump_prints_it(data):
    from typer.testing import CliRunner

    from dangqun_cli.cli.runtime import print_json

    with CliRunner().isolation() as (out, _, _):
        print_json(data)
        streamed = out.getvalue().decode()
    assert streamed == json_visible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


@pytest.mark.parametrize(
    "argv",
    [
        ("rectify", "list", "--all", "--json"),
        ("meeting", "list", "--all", "--json"),
        ("opinion", "list", "--json", "--all"),
        ("log", "--all", "--json"),
    ],
    ids=" ".join,
)
def test_a_long_list_as_json_reads_back_to_the_same_text(examples, argv):
    out = ok(*argv).out
    assert out == json_visible(json.dumps(json.loads(out), ensure_ascii=False, indent=2)) + "\n"
