"""dangqun meeting template (issue 18): the 支委会 held every month is typed once, as a
template, and ``meeting add --template`` fills what the command line leaves out."""

from __future__ import annotations

import pytest

from tests.helpers import fails, ok, run

BRANCH = [
    *["meeting", "template", "add", "支委会", "--kind", "支委会", "--title", "支委会例会"],
    *["--unit", "第一党支部", "--place", "党员活动室", "--host", "李书记", "--recorder", "王老师"],
    *["--attendee", "李书记@第一党支部", "--attendee", "张委员"],
    *["--invitee", "赵局长@市委组织部", "--expected", "5"],
]


@pytest.fixture
def branch():
    ok("unit", "add", "第一党支部")
    ok("unit", "add", "学校工会")
    assert ok(*BRANCH).id == 1


def test_a_template_is_kept_listed_and_shown(branch):
    shown = ok("meeting", "template", "show", "支委会", "--json").json()
    assert shown == {
        "id": 1,
        "name": "支委会",
        "kind": "branch_committee",
        "title": "支委会例会",
        "place": "党员活动室",
        "unit": "第一党支部",
        "host": "李书记",
        "recorder": "王老师",
        "attendees": [{"name": "李书记", "unit": "第一党支部"}, {"name": "张委员", "unit": None}],
        "invitees": [{"name": "赵局长", "unit": "市委组织部"}],
        "expected": 5,
    }
    assert ok("meeting", "template", "list", "--json").json() == [shown]
    table = ok("meeting", "template", "list").out
    assert "支委会例会" in table and "第一党支部" in table
    record = ok("meeting", "template", "show", "支委会").out
    assert "李书记（第一党支部）、张委员" in record and "赵局长（市委组织部）" in record
    # The name is found as unit names are: full-width letters are the same name.
    ok("meeting", "template", "add", "ＡＢ", "--kind", "座谈会")
    assert ok("meeting", "template", "show", "AB", "--json").json()["name"] == "ＡＢ"
    added = ok("meeting", "template", "add", "座谈会", "--kind", "座谈会", "--json").json()
    assert added["id"] == 3 and added["unit"] is None and added["attendees"] == []


def test_meeting_add_takes_what_the_command_line_leaves_out(branch):
    new = ok("meeting", "add", "--template", "支委会", "--date", "2010-09-06 15:00").id
    meeting = ok("meeting", "show", str(new), "--json").json()
    assert meeting["kind"] == "branch_committee" and meeting["title"] == "支委会例会"
    assert meeting["unit"] == "第一党支部" and meeting["place"] == "党员活动室"
    assert (meeting["host"], meeting["recorder"], meeting["expected"]) == ("李书记", "王老师", 5)
    assert meeting["attendees"] == [
        {"name": "李书记", "unit": "第一党支部"},
        {"name": "张委员", "unit": None},
    ]
    assert meeting["invitees"] == [{"name": "赵局长", "unit": None, "org": "市委组织部"}]


def test_the_command_line_wins_and_its_lists_replace_the_templates(branch):
    args = ["meeting", "add", "--template", "支委会", "--date", "2010-10-08", "--json"]
    meeting = ok(
        *args,
        *["--title", "十月支委会", "--kind", "党小组会", "--unit", ""],
        *["--attendee", "新委员@学校工会", "--expected", "3", "--present", "3"],
    ).json()
    assert (meeting["title"], meeting["kind"], meeting["unit"]) == ("十月支委会", "group", None)
    assert meeting["attendees"] == [{"name": "新委员", "unit": "学校工会"}]
    assert meeting["invitees"] == [{"name": "赵局长", "unit": None, "org": "市委组织部"}]
    assert (meeting["expected"], meeting["present"]) == (3, 3)
    assert meeting["place"] == "党员活动室"  # not given: the template's


def test_a_template_still_needs_the_date(branch):
    assert "--date" in fails("meeting", "add", "--template", "支委会", code=2)
    assert ok("meeting", "list", "--json").json() == []


def test_refusals(branch):
    ok("meeting", "template", "add", "ＡＢ", "--kind", "座谈会")
    before = ok("log", "--json", "--all").json()
    message = fails("meeting", "add", "--template", "党课", "--date", "2010-09-06")
    assert "没有名为“党课”的会议模板" in message and "已有的模板：支委会" in message
    assert "没有名为“党课”的会议模板" in fails("meeting", "template", "show", "党课")
    assert "已有的模板：支委会" in fails("meeting", "template", "remove", "党课", "--yes")
    assert "会议模板“支委会”已存在" in fails(*BRANCH)
    assert "与已有的模板“ＡＢ”只是写法不同" in fails(
        "meeting", "template", "add", "AB", "--kind", "党课"
    )
    add = ["meeting", "template", "add", "党课"]
    assert "没有名为“教务处”的单位" in fails(*add, "--unit", "教务处")
    assert "无法识别的会议类型“火星”" in fails(*add, "--kind", "火星")
    assert "没有名为“教务处”的单位" in fails(*add, "--attendee", "张三@教务处")
    assert "应到人数应在 0 到" in fails(*add, "--expected", "-1")
    assert "会议模板没有任何内容" in fails(*add)
    assert "模板名称不能为空" in fails("meeting", "template", "add", " ", "--kind", "党课")
    assert ok("log", "--json", "--all").json() == before


def test_none_yet_says_how_to_add_one():
    assert "还没有会议模板" in ok("meeting", "template", "list").out
    assert ok("meeting", "template", "list", "--json").json() == []
    message = fails("meeting", "add", "--template", "支委会", "--date", "2010-09-06")
    assert "还没有会议模板" in message and "meeting template add" in message


def test_remove_asks_and_the_trail_keeps_what_it_was(branch):
    assert "删除需要确认" in fails("meeting", "template", "remove", "支委会", code=2)
    assert "已删除会议模板“支委会”" in ok("meeting", "template", "remove", "支委会", "--yes").err
    assert ok("meeting", "template", "list", "--json").json() == []
    entries = ok("log", "--record", "会议模板:1", "--json").json()
    assert [e["action"] for e in entries] == ["delete", "create"]
    assert entries[0]["before"]["title"] == "支委会例会" and entries[0]["after"] is None
    assert entries[1]["after"]["attendees"] == "李书记@第一党支部\n张委员"
    assert "会议模板 1" in ok("log").out
    assert ok("log", "verify", "--json").json()["ok"] is True
    # Removed, the name is free again.
    assert ok(*BRANCH).id == 2


def test_every_change_is_audited_and_verifies(branch):
    assert ok("log", "verify", "--json").json()["ok"] is True
    ok("meeting", "add", "--template", "支委会", "--date", "2010-09-06")
    ok("meeting", "template", "remove", "支委会", "--yes")
    report = ok("log", "verify", "--json").json()
    assert report["ok"] is True and report["records"] == 3  # two units and the meeting
    kinds = [(e["record_type"], e["action"]) for e in ok("log", "--json", "--all").json()]
    assert kinds[:3] == [("template", "delete"), ("meeting", "create"), ("template", "create")]


def test_a_template_changed_behind_dangquns_back_is_caught(branch, hermetic):
    hermetic.execute("UPDATE meeting_template SET host = '别人' WHERE id = 1")
    message = run("log", "verify").out + run("log", "verify").err
    assert "会议模板 1 的“主持人”与操作记录不符" in message
