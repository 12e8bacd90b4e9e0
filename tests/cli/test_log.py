"""dangqun log: every change, who made it, and the values before and after."""

from __future__ import annotations

from tests.helpers import fails, ok


def test_every_change_is_audited_with_before_and_after():
    ok("unit", "add", "学校工会", "--kind", "union")
    mid = ok(
        "--as",
        "李秘书",
        "meeting",
        "add",
        "--kind",
        "joint",
        "--title",
        "联席会议",
        "--date",
        "2010-09-02",
        "--attendee",
        "工会主席@学校工会",
    ).id
    ok("meeting", "edit", mid, "--title", "九月第一次联席会议")
    entries = ok("log", "--record", f"meeting:{mid}", "--json").json()
    assert [e["action"] for e in entries] == ["update", "create"]
    update, create = entries
    assert set(update) == {
        "id",
        "at",
        "actor",
        "record_type",
        "record_id",
        "action",
        "before",
        "after",
        "source",
    }
    assert create["actor"] == "李秘书"
    assert update["actor"] == "测试秘书"  # from DANGQUN_USER
    assert create["before"] is None
    assert create["after"]["title"] == "联席会议"
    assert create["after"]["attendance"][0]["name"] == "工会主席"
    assert update["before"]["title"] == "联席会议"
    assert update["after"]["title"] == "九月第一次联席会议"
    assert update["after"]["attendance"] == update["before"]["attendance"]


def test_refused_command_writes_nothing_to_the_log():
    ok("unit", "add", "学校工会")
    before = ok("log", "--json").json()
    fails(
        "meeting",
        "add",
        "--kind",
        "joint",
        "--title",
        "t",
        "--date",
        "2010-09-02",
        "--attendee",
        "某人@不存在的单位",
    )
    fails("unit", "add", "学校工会")
    assert ok("log", "--json").json() == before


def test_edit_that_changes_nothing_is_not_logged():
    ok("unit", "add", "学校工会", "--kind", "union")
    assert "没有改动" in fails("unit", "edit", "学校工会", "--kind", "工会")  # issue 16
    assert len(ok("log", "--record", "unit:1", "--json").json()) == 1


def test_filters_and_table():
    ok("unit", "add", "教务处")
    ok("unit", "edit", "教务处", "--note", "负责教学管理")
    entries = ok("log", "--since", "今天", "--json").json()
    assert [e["action"] for e in entries if e["record_type"] == "unit"] == ["update", "create"]
    assert ok("log", "--record", "unit:99", "--json").json() == []
    table = ok("log").out
    assert "新建" in table and "修改" in table and "备注：（空） → 负责教学管理" in table
    assert "无法识别的记录" in fails("log", "--record", "会议1")
    assert "无法识别的记录" in fails("log", "--record", "task:1")
