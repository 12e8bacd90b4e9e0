"""dangqun rectify recheck (回头看, issue 18): a closed item is looked at again some months
after its 销号; a fix that held leaves it closed, one that did not reopens it.

Hand count (the 座谈会 of 2010-09-06 and what came of it; today 2011-01-12, recheck.days 90):

- item 1 教务处 检查、表格和会议过多: closed 2010-09-28 → re-check due 2010-12-27;
- item 2 学校工会 教职工活动场地不足: closed 2010-10-15 → due 2011-01-13 (not yet);
- item 3 教务处 作业批改检查过频: closed 2010-10-12 → due 2011-01-10;
- item 4 教务处 校务公开栏更新不及时: still open (never due).
So on 2011-01-12 items 1 (16 days past) and 3 (2 days past) are due, oldest 销号 first.
Then: item 1 re-checked 2010-12-28, held; item 3 re-checked 2011-01-11, not effective →
整改中; item 2 re-checked 2011-01-12, held.
Summary 2010Q4: 1 re-check, 1 held, 0 reopened. 2011Q1: 2, 1 held, 1 reopened (学校工会
alone: 1, 1, 0). 2010Q3: none.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import fails, ok, run

SCHOOL, OFFICE, UNION = "桃花山镇小学", "教务处", "学校工会"
TODAY = "2011-01-12"


def _close(number: str, note: str, submit: str, verify: str) -> None:
    ok("rectify", "note", number, "正在整改", "--date", note)
    ok("rectify", "submit", number, "--result", "已整改到位", "--date", submit)
    ok("rectify", "verify", number, "--by", "李为容", "--date", verify)


@pytest.fixture
def school(hermetic, monkeypatch):
    """The school's ledger on this test's database (returned, to tamper with)."""
    monkeypatch.setenv("DANGQUN_TODAY", TODAY)
    ok("unit", "add", SCHOOL, "--kind", "行政")
    ok("unit", "add", OFFICE, "--parent", SCHOOL)
    ok("unit", "add", UNION, "--kind", "工会", "--parent", SCHOOL)
    meeting = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "桃花山镇小学党群共建创先争优座谈会",
        "--date", "2010年9月6日下午", "--unit", SCHOOL, "--host", "李为容校长",
    ).id  # fmt: skip
    ok("opinion", "add", "精简各类检查、表格和会议", "--meeting", str(meeting),
       "--by", "青年教师代表", "--date", "2010-09-06")  # fmt: skip
    add = ("rectify", "add", "--date", "2010-09-08", "--owner")
    ok(*add, "张主任", "--problem", "检查、表格和会议过多", "--unit", OFFICE,
       "--due", "2010-09-30", "--from-opinion", "1")  # fmt: skip
    ok(*add, "刘主席", "--problem", "教职工活动场地不足", "--unit", UNION, "--due", "2010-10-31")
    ok(*add, "张主任", "--problem", "作业批改检查过频", "--unit", OFFICE, "--due", "2010-10-15")
    ok(*add, "王书记", "--problem", "校务公开栏更新不及时", "--unit", OFFICE, "--due", "2011-03-31")
    _close("1", "2010-09-10", "2010-09-20", "2010-09-28")
    _close("2", "2010-09-15", "2010-10-10", "2010-10-15")
    _close("3", "2010-10-01", "2010-10-12", "2010-10-12")
    return hermetic


def _due() -> list[tuple[int, str, int]]:
    return [
        (r["id"], r["due"], r["days_overdue"])
        for r in ok("status", "--json").json()["rechecks_due"]
    ]


def test_status_lists_the_items_due_for_their_recheck(school):
    data = ok("status", "--json").json()
    assert data["rechecks_due"] == [
        {
            "id": 1,
            "problem": "检查、表格和会议过多",
            "unit": OFFICE,
            "owner": "张主任",
            "closed_at": "2010-09-28",
            "due": "2010-12-27",
            "days_overdue": 16,
        },
        {
            "id": 3,
            "problem": "作业批改检查过频",
            "unit": OFFICE,
            "owner": "张主任",
            "closed_at": "2010-10-12",
            "due": "2011-01-10",
            "days_overdue": 2,
        },
    ]
    assert data["rechecks_due_total"] == 2
    assert "到期回头看：整改事项 1（2010年12月27日）、3（2011年1月10日）" in ok("status").out
    # The day before item 1's re-check day, nothing is due; on it, item 1 is (0 days past).
    assert ok("status", "--date", "2010-12-26", "--json").json()["rechecks_due"] == []
    assert [
        (r["id"], r["days_overdue"])
        for r in ok("status", "--date", "2010-12-27", "--json").json()["rechecks_due"]
    ] == [(1, 0)]
    assert "到期回头看：无" in ok("status", "--date", "2010-12-26").out


def test_a_recheck_that_held_keeps_the_item_closed(school):
    ok("rectify", "recheck", "1", "--result", "检查表格已精简，未见反弹", "--by", "王书记",
       "--date", "2010-12-28")  # fmt: skip
    item = ok("rectify", "show", "1", "--json").json()
    assert item["state"] == "closed" and item["closed_at"] == "2010-09-28"
    (recheck,) = item["rechecks"]
    assert {k: v for k, v in recheck.items() if k != "at"} == {
        "id": 1,
        "date": "2010-12-28",
        "result": "检查表格已精简，未见反弹",
        "effective": True,
        "reason": None,
        "by": "王书记",
    }
    assert recheck["at"][:4] != "2010"  # when it was recorded: the real clock
    assert item["recheck_due"] is None
    assert item["history"][-1] == {
        "at": "2010-12-28",
        "action": "recheck",
        "by": "王书记",
        "text": "检查表格已精简，未见反弹",
    }
    assert _due() == [(3, "2011-01-10", 2)]
    assert ok("rectify", "show", "3", "--json").json()["recheck_due"] == "2011-01-10"
    assert "2010年12月28日复查，整改成效巩固" in ok("rectify", "show", "1").out
    # The operator is the one who looked when --by is not given.
    ok("rectify", "recheck", "1", "--result", "仍然保持")
    assert ok("rectify", "show", "1", "--json").json()["rechecks"][1]["by"] == "测试秘书"
    entry = ok("log", "--record", "item:1", "--json").json()[0]
    assert entry["action"] == "recheck"
    assert "回头看" in ok("log", "--record", "item:1").out
    assert "操作记录完整" in ok("log", "verify").err


def test_a_recheck_not_effective_reopens_the_item(school):
    ok("rectify", "recheck", "3", "--not-effective", "--reason", "期末又增加了两次检查",
       "--date", "2011-01-11")  # fmt: skip
    item = ok("rectify", "show", "3", "--json").json()
    assert item["state"] == "in_progress"
    assert (item["closed_at"], item["verified_by"], item["submitted_on"]) == (None, None, None)
    assert item["rechecks"][0]["effective"] is False
    assert item["rechecks"][0]["reason"] == "期末又增加了两次检查"
    assert item["rechecks"][0]["result"] is None
    assert item["history"][-1]["action"] == "reopen"
    assert "期末又增加了两次检查" in item["history"][-1]["text"]
    assert item["recheck_due"] is None
    assert _due() == [(1, "2010-12-27", 16)]
    entry = ok("log", "--record", "item:3", "--json").json()[0]
    assert entry["action"] == "reopen"
    assert (entry["before"]["state"], entry["after"]["state"]) == ("closed", "in_progress")
    assert "回头看未见成效" in ok("log", "--record", "item:3").out
    assert ok("rectify", "list", "--json").json()[0]["id"] in (3, 4)
    # Closed again by the usual moves; its next re-check counts from the new 销号.
    _close("3", "2011-01-11", "2011-01-12", "2011-01-12")
    assert ok("rectify", "show", "3", "--json").json()["recheck_due"] == "2011-04-12"
    # A move recorded after the re-check cannot be dated before it.
    assert "早于" in fails("rectify", "recheck", "3", "--result", "好", "--date", "2011-01-10")
    assert "操作记录完整" in ok("log", "verify").err


def test_the_recheck_days_setting(school):
    ok("config", "set", "recheck.days", "30")
    assert ok("config", "get", "recheck.days").out.strip() == "30"
    assert [d[0] for d in _due()] == [1, 3, 2]  # the oldest 销号 first
    assert _due()[2] == (2, "2010-11-14", 59)
    ok("config", "unset", "recheck.days")
    assert ok("config", "get", "recheck.days").out.strip() == "90"
    assert [d[0] for d in _due()] == [1, 3]


@pytest.mark.parametrize("value", ["0", "三十", "1.5", "3661", "90天", ""])
def test_recheck_days_must_be_a_positive_whole_number(school, value):
    assert "回头看天数" in fails("config", "set", "recheck.days", value)


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("4", "--result", "好"), "当前为“整改中”，不能回头看"),
        (("9", "--result", "好"), "没有编号为 9 的整改事项"),
        (("1", "--result", "好", "--date", "2010-09-27"), "早于销号日期 2010-09-28"),
        (("1", "--result", "好", "--date", "2011-01-13"), "晚于今天"),
        (("1", "--result", "好", "--date", "2011年13月1日"), "日期"),
        (("1", "--result", "好", "--not-effective", "--reason", "差"), "只能用一个"),
        (("1",), "缺少复查结果"),
        (("1", "--not-effective"), "未见成效须说明理由"),
        (("1", "--result", "好", "--reason", "差"), "--reason 只与 --not-effective 同用"),
        (("1", "--result", "  "), "复查情况不能为空"),
        (("1", "--not-effective", "--reason", " "), "未见成效的理由不能为空"),
        (("1", "--result", "好", "--by", ""), "复查人不能为空"),
        (("1", "--result", "好" * 20_001), "复查情况"),
    ],
)
def test_refusals(school, args, wanted):
    ok("rectify", "note", "4", "正在整改", "--date", "2010-09-09")
    before = ok("rectify", "show", "1", "--json").out
    assert wanted in fails("rectify", "recheck", *args)
    assert ok("rectify", "show", "1", "--json").out == before  # nothing written


def test_open_items_cannot_be_rechecked_until_closed(school):
    message = fails("rectify", "recheck", "4", "--result", "好")
    assert "待整改" in message and "rectify verify" in message


def test_the_summary_counts_rechecks(school):
    ok("rectify", "recheck", "1", "--result", "未见反弹", "--date", "2010-12-28")
    ok(
        "rectify",
        "recheck",
        "3",
        "--not-effective",
        "--reason",
        "又增加了检查",
        "--date",
        "2011-01-11",
    )
    ok("rectify", "recheck", "2", "--result", "活动室已投入使用", "--date", "2011-01-12")

    def counted(*args: str) -> tuple[dict, dict]:
        facts = ok("summary", "generate", *args, "--json").json()
        return facts["rechecks"], {
            k: v for k, v in facts["trace"].items() if k.startswith("rechecks.")
        }

    assert counted("2010Q4") == (
        {"done": 1, "held": 1, "reopened": 0},
        {"rechecks.done": [1], "rechecks.held": [1], "rechecks.reopened": []},
    )
    assert counted("2011Q1") == (
        {"done": 2, "held": 1, "reopened": 1},
        {"rechecks.done": [2, 3], "rechecks.held": [2], "rechecks.reopened": [3]},
    )
    assert counted("2011Q1", "--unit", UNION)[0] == {"done": 1, "held": 1, "reopened": 0}
    assert counted("2011Q1", "--unit", SCHOOL)[0] == {"done": 2, "held": 1, "reopened": 1}
    assert counted("2010Q3")[0] == {"done": 0, "held": 0, "reopened": 0}

    assert "销号后回头看复查1次，整改成效得到巩固。" in ok("summary", "generate", "2010Q4").out
    text = ok("summary", "generate", "2011Q1").out
    assert "销号后回头看复查2次，其中整改成效巩固1次，未见成效、重新整改1次。" in text
    union = ok("summary", "generate", "2011Q1", "--unit", UNION).out
    assert "回头看复查1次，整改成效得到巩固" in union
    # Nothing re-checked: nothing said (never "all held").
    assert "回头看" not in ok("summary", "generate", "2010Q3").out
    assert "回头看：未见成效、重新整改" in ok("summary", "generate", "2011Q1", "--explain").out


def test_the_summary_document_states_the_rechecks(school, tmp_path):
    ok(
        "rectify",
        "recheck",
        "3",
        "--not-effective",
        "--reason",
        "又增加了检查",
        "--date",
        "2011-01-11",
    )
    out = tmp_path / "总结.md"
    ok("summary", "export", "2011Q1", "--format", "md", "--output", str(out))
    assert "销号后回头看复查1次，未见成效，已重新整改。" in out.read_text(encoding="utf-8")
    docx = tmp_path / "总结.docx"
    ok("summary", "export", "2011Q1", "--format", "docx", "--output", str(docx))
    from docx import Document

    paragraphs = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "销号后回头看复查1次，未见成效，已重新整改。" in paragraphs


def test_rechecks_survive_export_and_import(school, tmp_path, new_database):
    ok("rectify", "recheck", "1", "--result", "未见反弹", "--date", "2010-12-28")
    ok(
        "rectify",
        "recheck",
        "3",
        "--not-effective",
        "--reason",
        "又增加了检查",
        "--date",
        "2011-01-11",
    )
    ok("config", "set", "recheck.days", "60")
    path = tmp_path / "ledger.json"
    ok("export", "all", "--format", "json", "--output", str(path))
    rows = json.loads(path.read_text(encoding="utf-8"))["tables"]["recheck"]
    assert [(r["item_id"], r["effective"]) for r in rows] == [(1, True), (3, False)]
    target = new_database("target")
    ok("--db", str(target), "import", str(path))
    for number in ("1", "2", "3"):
        assert (
            ok("--db", str(target), "rectify", "show", number, "--json").json()
            == ok("rectify", "show", number, "--json").json()
        )
    assert ok("--db", str(target), "status", "--json").json() == ok("status", "--json").json()
    assert "操作记录完整" in ok("--db", str(target), "log", "verify").err
    # The next re-check takes the next number on both databases.
    ok("--db", str(target), "rectify", "recheck", "1", "--result", "仍然保持")
    assert (
        ok("--db", str(target), "rectify", "show", "1", "--json").json()["rechecks"][-1]["id"] == 3
    )


def test_a_recheck_changed_behind_dangquns_back_is_caught(school):
    ok("rectify", "recheck", "1", "--result", "未见反弹", "--date", "2010-12-28")
    school.execute("UPDATE recheck SET result = '改过的' WHERE id = 1")
    result = run("log", "verify")
    assert result.code == 1 and "整改事项 1" in result.err and "回头看记录" in result.err


def test_undo_takes_back_a_recheck_and_delete_takes_the_item_with_its_rechecks(school):
    """回头看 and the rest of issue 18: a re-check is part of the item's record, so undo
    puts a reopened item back to 已销号 and a deleted item goes with its re-checks."""
    ok("rectify", "recheck", "1", "--not-effective", "--reason", "表格又多了起来")
    assert ok("rectify", "show", "1", "--json").json()["state"] == "in_progress"
    ok("undo", "--yes")
    item = ok("rectify", "show", "1", "--json").json()
    assert (item["state"], item["closed_at"], item["rechecks"]) == ("closed", "2010-09-28", [])
    assert [r["id"] for r in ok("status", "--json").json()["rechecks_due"]][:1] == [1]
    ok("rectify", "recheck", "2", "--result", "场地已落实", "--date", "2011-01-12")
    ok("rectify", "delete", "2", "--yes")
    fails("rectify", "show", "2")
    assert school.scalar("SELECT count(*) FROM recheck WHERE item_id = 2") == 0
    assert ok("log", "verify", "--json").json()["ok"] is True
    ok("undo", "--yes")  # the item comes back with its re-check
    assert len(ok("rectify", "show", "2", "--json").json()["rechecks"]) == 1
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_the_count_of_rechecks_due_beyond_the_page(school, monkeypatch):
    """Past the page (status lists 20), the total is counted apart: the items closed by
    the cutoff less those re-checked since."""
    from dangqun_cli.reports import status

    monkeypatch.setattr(status, "SHOWN", 1)

    def due() -> tuple[list[int], int]:
        data = ok("status", "--json").json()
        return [r["id"] for r in data["rechecks_due"]], data["rechecks_due_total"]

    assert due() == ([1], 2)
    ok("rectify", "recheck", "1", "--result", "未见反弹", "--date", "2010-12-28")
    ok("rectify", "recheck", "1", "--result", "仍然保持", "--date", "2011-01-05")  # counted once
    assert due() == ([3], 1)
    ok("config", "set", "recheck.days", "30")
    assert due() == ([3], 2)
    ok(
        "rectify",
        "recheck",
        "3",
        "--not-effective",
        "--reason",
        "又增加了检查",
        "--date",
        "2011-01-11",
    )
    assert due() == ([2], 1)
    assert "等 1 项" not in ok("status").out
