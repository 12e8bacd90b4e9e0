"""Real ledgers' words (issue 14): the deadlines and state words offices write, read the same
way on the command line, in an imported ledger and in `rectify add --from-file`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangqun_cli import dates
from tests.helpers import fails, ok, run

TODAY = dt.date(2010, 9, 15)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月31日前", "2010-12-31"),
        ("12月31日之前", "2010-12-31"),
        ("年底前", "2010-12-31"),
        ("2011年6月底", "2011-06-30"),
        ("2011年6月底前", "2011-06-30"),
        ("第四季度", "2010-12-31"),
        ("2011年第一季度", "2011-03-31"),
        ("2011年3月", "2011-03-31"),
        ("2010-10-31", "2010-10-31"),
    ],
)
def test_deadlines_as_ledgers_write_them(text, expected):
    assert dates.parse_deadline(text, today=TODAY).isoformat() == expected


@pytest.mark.no_database
@pytest.mark.parametrize("text", ["前", "火星前", "第五季度", "2010年2月30日前", "9999年1月1日前"])
def test_a_deadline_that_is_none_is_refused(text):
    with pytest.raises(dates.DateError):
        dates.parse_deadline(text, today=TODAY)


@pytest.mark.no_database
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_before_which_is_that_date(day):
    text = f"{day.year}年{day.month}月{day.day}日前"
    assert dates.parse_deadline(text, today=TODAY) == day


def test_rectify_add_and_extend_take_the_same_words(hermetic):
    ok("unit", "add", "学校工会")
    ok(
        *["rectify", "add", "--problem", "文体活动少", "--unit", "学校工会"],
        *["--owner", "刘主席", "--due", "年底前"],
    )
    assert ok("rectify", "show", "1", "--json").json()["due"] == "2010-12-31"
    ok("rectify", "extend", "1", "--to", "2011年第一季度", "--reason", "寒假")
    assert ok("rectify", "show", "1", "--json").json()["due"] == "2011-03-31"
    assert "无法识别的整改时限" in fails(
        "rectify", "extend", "1", "--to", "下辈子", "--reason", "r"
    )


def test_a_ledger_in_the_usual_words_imports(hermetic, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "问题描述,责任单位,责任人,整改时限,整改状态,完成情况\n"
        "校务公开不及时,学校党支部,王书记,12月31日前,正在整改,\n"
        "教研活动流于形式,教务处,张主任,第四季度,未启动,\n"
        "评优不够透明,学校党支部,王书记,2010年9月底,已整改,已公开评优细则\n"
        "关心青年教师,学校工会,刘主席,,长期坚持,\n",
        encoding="utf-8",
    )
    ok("import", str(ledger), "--create-units")
    items = {i["problem"]: i for i in ok("rectify", "list", "--state", "all", "--json").json()}
    assert (items["校务公开不及时"]["due"], items["校务公开不及时"]["state"]) == (
        "2010-12-31",
        "in_progress",
    )
    assert (items["教研活动流于形式"]["due"], items["教研活动流于形式"]["state"]) == (
        "2010-12-31",
        "open",
    )
    assert items["评优不够透明"]["state"] == "closed"
    assert (items["关心青年教师"]["ongoing"], items["关心青年教师"]["state"]) == (
        True,
        "in_progress",
    )


def test_a_problem_in_a_column_the_file_lacks_is_named_in_chinese(hermetic, tmp_path):
    """A 已完成 row without a 完成情况 column: the report names 完成情况, never `result`."""
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "问题描述,责任单位,责任人,整改时限,整改状态\n校务公开不及时,学校党支部,王书记,年底前,已完成\n",
        encoding="utf-8",
    )
    fails("import", str(ledger), "--create-units")
    report = run("import", str(ledger), "--create-units", "--json")
    assert "完成情况" in report.out and "result" not in report.out.replace('"result"', "")
    shown = run("import", str(ledger), "--create-units").out
    assert "完成情况：" in shown and "result" not in shown
