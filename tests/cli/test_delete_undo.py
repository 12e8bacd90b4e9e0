"""delete and undo (issue 18): the 座谈会 of 2010 recorded, a record removed by mistake and
put back, a command undone — every refusal said in one line, ``log verify`` whole after
each step."""

from __future__ import annotations

import csv

import pytest

from dangqun_cli.cli import runtime
from tests.helpers import fails, joint, ok, run

MEETING = [
    *["meeting", "add", "--kind", "座谈会", "--title", "教职工代表座谈会"],
    *["--date", "2010年9月6日下午3点", "--unit", "学校党支部", "--host", "王校长"],
    *["--attendee", "青年教师代表@教务处", "--attendee", "李老师"],
    *["--decision", "对提出的问题进行认真整改"],
]


def verified() -> None:
    ok("log", "verify")


@pytest.fixture
def school():
    """The school of the 座谈会: its units, the meeting, two opinions and an item."""
    ok("unit", "add", "学校党支部", "--kind", "party")
    ok("unit", "add", "教务处", "--kind", "admin", "--parent", "学校党支部")
    assert ok(*MEETING).id == 1
    ok("opinion", "add", "教师课时负担过重", "--meeting", "1", "--by", "青年教师代表")
    ok("opinion", "add", "食堂饭菜价格偏高", "--meeting", "1", "--topic", "和谐校园")
    item = ok(
        *["rectify", "add", "--problem", "减轻教师课时负担", "--from-opinion", "1"],
        *["--unit", "教务处", "--owner", "张主任", "--due", "2010-10-31"],
    )
    assert item.id == 1


def entries() -> list[dict]:
    return ok("log", "--all", "--json").json()


# ---- delete ------------------------------------------------------------------------------


def test_an_opinion_no_one_answers_is_deleted_and_log_keeps_it(school):
    ok("opinion", "delete", "2", "--yes")
    assert "没有编号为 2 的意见" in fails("opinion", "show", "2")
    last = entries()[0]
    assert (last["record_type"], last["record_id"], last["action"]) == ("opinion", 2, "delete")
    assert last["after"] is None and last["before"]["text"] == "食堂饭菜价格偏高"
    # The table says what was removed, not only that something was.
    table = ok("log", "--record", "意见:2").out
    assert "（已删除）" in table and "食堂饭菜价格偏高" in table
    verified()


def test_a_meeting_goes_with_its_attendance_and_decisions(school):
    ok("rectify", "delete", "1", "--yes")
    ok("opinion", "delete", "1", "--yes")
    ok("opinion", "delete", "2", "--yes")
    ok("meeting", "delete", "1", "--yes")
    before = entries()[0]["before"]
    assert [a["name"] for a in before["attendance"]] == ["青年教师代表", "李老师"]
    assert [d["text"] for d in before["decisions"]] == ["对提出的问题进行认真整改"]
    assert ok("meeting", "list", "--json").json() == []
    assert "教职工代表座谈会" in ok("log", "--record", "meeting:1").out
    verified()


def test_an_item_goes_with_its_notes(school):
    ok("rectify", "note", "1", "已调整课表")
    ok("rectify", "delete", "1", "--yes")
    assert entries()[0]["before"]["notes"][0]["text"] == "已调整课表"
    assert ok("rectify", "list", "--json").json() == []
    verified()


def test_a_unit_no_record_names_is_deleted_by_name(school):
    ok("unit", "add", "学校工会", "--kind", "union")
    result = ok("unit", "delete", "学校工会", "--yes")
    assert "已删除单位 3“学校工会”" in result.err
    assert "学校工会" not in ok("unit", "list").out
    verified()


def test_deleting_what_others_depend_on_is_refused_naming_them(school):
    message = fails("meeting", "delete", "1", "--yes")
    assert message.startswith("错误：会议 1“教职工代表座谈会”不能删除：意见 1、2 与它有关")
    assert "意见 1“教师课时负担过重”不能删除：整改事项 1 与它有关" in fails(
        "opinion", "delete", "1", "--yes"
    )
    # A unit: its child units, its meetings and those whose attendance names it, its items.
    unit = fails("unit", "delete", "学校党支部", "--yes")
    assert "不能删除：单位 2，会议 1 与它有关" in unit
    assert "不能删除：会议 1，整改事项 1 与它有关" in fails("unit", "delete", "教务处", "--yes")
    # Many are counted after the first few.
    for n in range(6):
        ok("opinion", "add", f"意见{n}", "--meeting", "1")
    assert "意见 1、2、3、4、5 等 8 条" in fails("meeting", "delete", "1", "--yes")
    # Nothing was deleted.
    assert len(ok("opinion", "list", "--json").json()) == 8
    verified()


def test_a_template_naming_a_unit_keeps_it(school):
    ok("unit", "add", "学校工会")
    ok("meeting", "template", "add", "工会例会", "--kind", "其他", "--attendee", "刘主席@学校工会")
    assert "会议模板 1 与它有关" in fails("unit", "delete", "学校工会", "--yes")
    ok("meeting", "template", "remove", "工会例会", "--yes")
    ok("unit", "delete", "学校工会", "--yes")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("meeting", "delete", "9"), "没有编号为 9 的会议"),
        (("opinion", "delete", "9"), "没有编号为 9 的意见"),
        (("rectify", "delete", "9"), "没有编号为 9 的整改事项"),
        (("unit", "delete", "后勤处"), "后勤处"),
        (("meeting", "delete", "99999999999999999999"), "没有编号为"),
    ],
)
def test_deleting_what_is_not_there_is_refused(school, args, expected):
    result = run(*args, "--yes")
    assert result.code in (1, 2) and expected in result.err and "Traceback" not in result.err


def test_without_a_terminal_delete_wants_yes(school):
    assert "删除需要确认" in fails("opinion", "delete", "2", code=2)
    assert "删除需要确认" in fails("unit", "delete", "教务处", code=2)
    assert len(ok("opinion", "list", "--json").json()) == 2


def test_at_a_terminal_delete_asks(school, monkeypatch):
    monkeypatch.setattr(runtime, "interactive", lambda: True)
    kept = ok("opinion", "delete", "2", input="n\n")
    assert "确定删除意见 2“食堂饭菜价格偏高”？" in kept.out and "未删除" in kept.err
    assert len(ok("opinion", "list", "--json").json()) == 2
    ok("opinion", "delete", "2", input="y\n")
    assert len(ok("opinion", "list", "--json").json()) == 1
    verified()


# ---- undo --------------------------------------------------------------------------------


def test_undo_puts_a_deleted_meeting_back_with_its_number_and_lists(school):
    shown = ok("meeting", "show", "1", "--json").json()
    ok("rectify", "delete", "1", "--yes")
    ok("opinion", "delete", "1", "--yes")
    ok("opinion", "delete", "2", "--yes")
    ok("meeting", "delete", "1", "--yes")
    plan = ok("undo", "--yes", "--json").json()
    assert plan["records"] == [
        {"record_type": "meeting", "record_id": 1, "label": "教职工代表座谈会", "revert": "restore"}
    ]
    assert [e["action"] for e in plan["entries"]] == ["delete"]
    back = ok("meeting", "show", "1", "--json").json()
    assert back == shown | {"opinions": []}
    last = entries()[0]
    assert (last["action"], last["actor"], last["before"]) == ("undo", "测试秘书", None)
    assert last["command"] == last["id"] and plan["command"] == last["id"] - 1
    assert "（已恢复）" in ok("log", "--record", "meeting:1").out
    verified()


def test_undo_of_an_add_deletes_it(school):
    new = ok(*joint("2010-09-15")).id
    table = ok("undo", "--yes").out
    assert "联席会议" in table and "新建" in table and "删除" in table
    assert f"没有编号为 {new} 的会议" in fails("meeting", "show", str(new))
    # Only that command: the school's records, written within the same second, stay.
    assert [m["id"] for m in ok("meeting", "list", "--json").json()] == [1]
    assert ok("rectify", "show", "1", "--json").json()["opinions"]
    verified()


def test_undo_of_an_edit_restores_the_values_and_lists(school):
    shown = ok("meeting", "show", "1", "--json").json()
    ok("meeting", "edit", "1", "--title", "座谈会", "--attendee", "全体教师", "--place", "会议室")
    ok("undo", "--yes")
    assert ok("meeting", "show", "1", "--json").json() == shown
    verified()
    ok("unit", "edit", "教务处", "--name", "教导处")
    ok("undo", "--yes")
    assert ok("unit", "show", "教务处", "--json").json()["name"] == "教务处"
    verified()


def test_undo_of_a_close_reopens_the_item(school):
    ok("rectify", "note", "1", "已调整课表")
    ok("rectify", "submit", "1", "--result", "课时已减")
    ok("rectify", "verify", "1", "--by", "王校长")
    assert ok("rectify", "show", "1", "--json").json()["state"] == "closed"
    ok("undo", "--yes")
    item = ok("rectify", "show", "1", "--json").json()
    assert item["state"] == "submitted" and item["verified_by"] is None
    verified()


def test_undo_of_an_item_from_an_opinion_puts_the_opinion_back(school):
    ok(
        *["rectify", "add", "--problem", "平抑饭菜价格", "--from-opinion", "2"],
        *["--unit", "教务处", "--owner", "刘主任", "--ongoing"],
    )
    assert ok("opinion", "show", "2", "--json").json()["state"] == "rectifying"
    plan = ok("undo", "--yes", "--json").json()
    assert {(r["record_type"], r["revert"]) for r in plan["records"]} == {
        ("item", "delete"),
        ("opinion", "revert"),
    }
    assert ok("opinion", "show", "2", "--json").json()["state"] == "pending"
    assert [i["id"] for i in ok("rectify", "list", "--json").json()] == [1]
    verified()


def test_undo_twice_does_not_redo(school):
    ok("opinion", "reply", "2", "已与食堂协商")
    ok("undo", "--yes")
    assert "上一条命令是撤销，不能再撤销" in fails("undo", "--yes")
    assert ok("opinion", "show", "2", "--json").json()["state"] == "pending"
    verified()


def test_undo_is_refused_when_a_later_command_changed_the_record(school):
    ok("opinion", "reply", "2", "已与食堂协商")
    ok("--as", "李秘书", "opinion", "add", "另一条意见", "--source", "意见箱")  # not the same
    ok("--as", "李秘书", "meeting", "edit", "1", "--place", "会议室")  # not the same either
    ok("undo", "--json", "--yes")  # the opinion's reply, still undoable
    ok("opinion", "reply", "2", "已与食堂协商")
    ok("--as", "李秘书", "opinion", "reply", "2", "已与食堂协商，下月起降价")
    message = fails("undo", "--yes")
    assert "意见 2 此后又被改动过" in message and "李秘书" in message
    verified()


def test_undo_is_only_ones_own(school):
    message = fails("--as", "新来的秘书", "undo", "--yes")
    assert "新来的秘书 还没有改动过任何记录" in message
    ok("--as", "李秘书", "opinion", "reply", "2", "已答复")
    # 测试秘书's last command is still the item, not 李秘书's reply.
    plan = ok("undo", "--yes", "--json").json()
    assert plan["records"][0]["record_type"] == "item" and plan["actor"] == "测试秘书"
    assert ok("opinion", "show", "2", "--json").json()["state"] == "answered"
    verified()


def test_undo_refuses_to_remove_what_others_now_use(school):
    ok("unit", "add", "学校工会")
    ok(
        *["--as", "李秘书", "meeting", "add", "--kind", "其他", "--title", "工会会议"],
        *["--date", "2010-09-20", "--unit", "学校工会"],
    )
    message = fails("undo", "--yes")
    assert "要删除的单位 3“学校工会”已被 会议 2 用到" in message
    verified()


def test_undo_refuses_to_restore_what_names_a_deleted_record(school):
    ok("unit", "add", "学校工会")
    ok("--as", "李秘书", "opinion", "add", "工会活动少", "--source", "意见箱", "--unit", "学校工会")
    ok("opinion", "delete", "3", "--yes")
    ok("--as", "李秘书", "unit", "delete", "学校工会", "--yes")
    message = fails("undo", "--yes")
    assert "意见 3“工会活动少”所用的单位 3 已被删除" in message
    verified()


def test_undo_refuses_a_name_taken_since(school):
    ok("unit", "add", "学校工会")
    ok("unit", "delete", "学校工会", "--yes")
    ok("--as", "李秘书", "unit", "add", "学校工会")
    assert "名称已被单位 4 使用" in fails("undo", "--yes")
    verified()


def test_an_import_is_not_undone(school, tmp_path):
    path = tmp_path / "台账.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["问题描述", "责任单位", "责任人", "整改时限"])
        out.writerow(["问题一", "教务处", "张主任", "2010-10-31"])
    ok("import", str(path))
    assert "上一条命令是导入" in fails("undo", "--yes")


def test_without_a_terminal_undo_wants_yes(school):
    assert "撤销需要确认" in fails("undo", code=2)
    assert ok("rectify", "show", "1", "--json").json()["problem"] == "减轻教师课时负担"


def test_at_a_terminal_undo_shows_the_command_and_asks(school, monkeypatch):
    monkeypatch.setattr(runtime, "interactive", lambda: True)
    kept = ok("undo", input="n\n")
    assert "将撤销 测试秘书 的上一条命令" in kept.out and "减轻教师课时负担" in kept.out
    assert "未撤销" in kept.err
    ok("undo", input="y\n")
    assert ok("rectify", "list", "--json").json() == []
    verified()


def test_regrouping_the_trail_is_caught(school, hermetic):
    hermetic.execute("UPDATE audit_entry SET command = 1 WHERE id = 2")
    result = run("log", "verify")
    assert result.code == 1 and "第 2 条操作记录" in result.err
