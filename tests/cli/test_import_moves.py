"""An import moves an existing item only as the commands do (issue 14: moves, not
overwrites): forward, each move recorded as its command records it; never back."""

from __future__ import annotations

import pytest

from tests.helpers import fails, ok, run

HEADER = "编号,问题描述,责任单位,责任人,整改时限,状态,完成情况,是否销号,销号时间,验收人"
PROBLEM = "校务公开不及时"


@pytest.fixture
def item(hermetic):
    ok("unit", "add", "学校党支部")
    ok(
        *["rectify", "add", "--problem", PROBLEM, "--unit", "学校党支部"],
        *["--owner", "王书记", "--due", "2010-10-31", "--date", "2010-09-08"],
    )
    return hermetic


def _import(tmp_path, row: str, *more: str):
    ledger = tmp_path / "台账.csv"
    ledger.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    return ledger


def _refused(ledger) -> str:
    """The import's report of the refused row (the one line on stderr only counts them)."""
    fails("import", str(ledger))
    result = run("import", str(ledger), "--json")
    assert result.code == 1
    return result.out


def _close(date: str = "2010-09-10") -> None:
    ok("rectify", "note", "1", "制定公开目录", "--date", date)
    ok("rectify", "submit", "1", "--result", "每月更新校务公开栏", "--date", date)
    ok("rectify", "verify", "1", "--by", "李为容", "--date", date)


def test_a_closed_item_cannot_be_reopened_by_an_import(item, tmp_path):
    """The reproduction: 销号 through the commands, then a CSV row with 状态=待整改."""
    _close()
    before = item.dump()
    ledger = _import(tmp_path, f"1,{PROBLEM},学校党支部,王书记,2010-10-31,待整改,,否,,")
    message = _refused(ledger)
    assert "整改事项 1 当前为“已销号”，不能通过导入改为“待整改”" in message
    assert item.dump() == before
    ok("log", "verify")


@pytest.mark.parametrize(
    ("close", "row", "expected"),
    [
        (True, "2010-10-31,整改中,新写的情况,否,,", "不能通过导入改为“整改中”"),
        (
            True,
            "2010-12-31,已销号,每月更新校务公开栏,是,2010-09-10,李为容",
            "已销号，不能通过导入修改",
        ),
        (False, "2010-10-31,待整改,,否,,", "不能通过导入改为“待整改”"),
    ],
)
def test_every_move_back_is_refused_with_the_database_unchanged(
    item, tmp_path, close, row, expected
):
    if close:
        _close()
    else:
        ok("rectify", "note", "1", "制定公开目录", "--date", "2010-09-10")
    before = item.dump()
    ledger = _import(tmp_path, f"1,{PROBLEM},学校党支部,王书记,{row}")
    assert expected in _refused(ledger)
    assert item.dump() == before


def test_a_submitted_item_is_not_sent_back_by_an_import(item, tmp_path):
    ok("rectify", "note", "1", "制定公开目录", "--date", "2010-09-10")
    ok("rectify", "submit", "1", "--result", "每月更新", "--date", "2010-09-10")
    before = item.dump()
    ledger = _import(tmp_path, f"1,{PROBLEM},学校党支部,王书记,2010-10-31,整改中,每月更新,否,,")
    message = _refused(ledger)
    assert "rectify reject" in message
    assert item.dump() == before


def test_an_import_moves_an_item_forward_as_the_commands_would(item, tmp_path):
    ledger = _import(
        tmp_path,
        f"1,{PROBLEM},学校党支部,王书记,2010-10-31,已销号,每月更新校务公开栏,是,2010-09-12,李为容",
    )
    ok("import", str(ledger))
    shown = ok("rectify", "show", "1", "--json").json()
    assert shown["state"] == "closed"
    assert (shown["verified_by"], shown["closed_at"]) == ("李为容", "2010-09-12")
    actions = [h["action"] for h in shown["history"]]
    assert actions[-3:] == ["note", "submit", "verify"]
    ok("log", "verify")
    # The same row again changes nothing.
    assert "无变化" in ok("import", str(ledger)).out


# ---- opinions ----------------------------------------------------------------------------

OPINION_HEADER = "编号,会议编号,意见内容,状态,答复,不予采纳理由,处理时间"
OPINION = "校务公开不及时"


@pytest.fixture
def opinion(hermetic):
    ok("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    ok("opinion", "add", OPINION, "--meeting", "1")
    return hermetic


def _opinions(tmp_path, row: str):
    ledger = tmp_path / "意见.csv"
    ledger.write_text(f"{OPINION_HEADER}\n{row}\n", encoding="utf-8")
    return ledger


@pytest.mark.parametrize(
    ("handle", "row", "expected"),
    [
        (["opinion", "reply", "1", "已公开"], "待处理,,,", "不能通过导入改为“待处理”"),
        (["opinion", "decline", "1", "--reason", "不属实"], "已答复,已公开,,", "改为“已答复”"),
        (["opinion", "decline", "1", "--reason", "不属实"], "不予采纳,,别的理由,", "导入不能改"),
        (
            [
                *["rectify", "add", "--problem", "p", "--unit", "学校党支部", "--owner", "o"],
                *["--due", "2010-12-31", "--from-opinion", "1"],
            ],
            "待处理,,,",
            "不能通过导入改为“待处理”",
        ),
    ],
)
def test_an_opinion_is_never_moved_back_by_an_import(opinion, tmp_path, handle, row, expected):
    ok("unit", "add", "学校党支部")
    ok(*handle)
    before = opinion.dump()
    ledger = _opinions(tmp_path, f"1,1,{OPINION},{row}")
    assert expected in _refused(ledger)
    assert opinion.dump() == before


def test_an_import_answers_an_opinion_as_opinion_reply_would(opinion, tmp_path):
    ok("import", str(_opinions(tmp_path, f"1,1,{OPINION},已答复,每月更新公开栏,,2010-09-10")))
    shown = ok("opinion", "show", "1", "--json").json()
    assert (shown["state"], shown["reply"], shown["handled_on"]) == (
        "answered",
        "每月更新公开栏",
        "2010-09-10",
    )
    entries = ok("log", "--record", "opinion:1", "--json").json()
    assert entries[0]["action"] == "reply"
    ok("log", "verify")


def test_a_ledger_without_opening_dates_reimports_a_closed_item_unchanged(item, tmp_path):
    """Without a 立项时间 column an import guesses a new item's opening date; it must not
    then "change" an existing item's, which for a closed item was refused."""
    _close()
    ledger = _import(
        tmp_path,
        f"1,{PROBLEM},学校党支部,王书记,2010-10-31,已销号,每月更新校务公开栏,是,2010-09-10,李为容",
    )
    before = item.dump()
    report = ok("import", str(ledger), "--json").json()
    assert [r["action"] for r in report["rows"]] == ["same"]
    assert item.dump() == before
