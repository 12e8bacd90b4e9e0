"""dangqun rectify: the ledger, from the seed's opinions to verified closure (销号)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import fails, ok

# DANGQUN_TODAY is 2010-09-15 in every test (conftest).


@pytest.fixture
def seed():
    """The school, its units and the 座谈会 with two of its opinions."""
    ok("unit", "add", "桃花山镇小学")
    ok("unit", "add", "学校党支部", "--kind", "党组织")
    ok("unit", "add", "教务处")
    mid = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010年9月6日下午"
    ).id
    ok("opinion", "add", "坚持校务公开", "--meeting", mid, "--topic", "民主管理")
    ok("opinion", "add", "精简检查和表格", "--meeting", mid, "--topic", "减负")
    return mid


def add_item(*extra: str, due: str = "2010-10-31") -> int:
    args = [
        "rectify",
        "add",
        "--problem",
        "校务公开不及时",
        "--unit",
        "学校党支部",
        "--owner",
        "王书记",
        "--date",
        "2010-09-08",
    ]
    if due:
        args += ["--due", due]
    return ok(*args, *extra).id


def item(item_id: int) -> dict:
    return ok("rectify", "show", item_id, "--json").json()


def test_the_seed_opinions_are_carried_through_every_state(seed):
    iid = add_item(
        "--from-opinion",
        "1",
        "--from-opinion",
        "2",
        "--leader",
        "李为容校长",
        "--measures",
        "每月更新校务公开栏",
    )
    data = item(iid)
    spec_keys = set(
        "id problem measures unit owner leader due original_due ongoing state overdue opinions "
        "notes extensions result evidence verified_by closed_at".split()
    )
    assert spec_keys <= set(data)
    assert (data["state"], data["overdue"], data["ongoing"]) == ("open", False, False)
    assert [o["id"] for o in data["opinions"]] == [1, 2]
    for oid in (1, 2):
        opinion = ok("opinion", "show", oid, "--json").json()
        assert opinion["state"] == "rectifying"
        assert [i["id"] for i in opinion["items"]] == [iid]

    ok("rectify", "note", iid, "支委会研究了校务公开方案", "--date", "2010-09-10")
    assert item(iid)["state"] == "in_progress"
    ok(
        "rectify",
        "submit",
        iid,
        "--result",
        "校务公开栏每月更新",
        "--evidence",
        "照片3张",
        "--date",
        "2010-09-12",
    )
    assert item(iid)["state"] == "submitted"
    ok("rectify", "reject", iid, "--reason", "教代会审议未完成", "--date", "2010-09-13")
    assert item(iid)["state"] == "in_progress"
    ok("rectify", "submit", iid, "--result", "教代会已审议通过", "--date", "2010-09-14")
    ok("--as", "李秘书", "rectify", "verify", iid)
    data = item(iid)
    assert (data["state"], data["verified_by"], data["closed_at"]) == (
        "closed",
        "李秘书",
        "2010-09-15",
    )
    assert data["result"] == "教代会已审议通过"
    assert data["notes"] == [
        {"at": "2010-09-10", "by": "测试秘书", "text": "支委会研究了校务公开方案"}
    ]
    assert data["rejections"] == [
        {"at": "2010-09-13", "by": "测试秘书", "reason": "教代会审议未完成"}
    ]
    assert [h["action"] for h in data["history"]] == [
        "open",
        "note",
        "submit",
        "reject",
        "submit",
        "verify",
    ]
    meeting = ok("meeting", "show", seed, "--json").json()
    assert meeting["opinions"][0]["items"][0]["state"] == "closed"
    actions = [e["action"] for e in ok("log", "--record", f"item:{iid}", "--json").json()]
    assert actions == ["verify", "submit", "reject", "submit", "note", "create"]


# Hand-written from SPEC §1, not from the code's own table.
ALLOWED = {
    "open": {"note": "in_progress", "extend": "open", "edit": "open"},
    "in_progress": {
        "note": "in_progress",
        "extend": "in_progress",
        "submit": "submitted",
        "edit": "in_progress",
    },
    "submitted": {
        "extend": "submitted",
        "verify": "closed",
        "reject": "in_progress",
        "edit": "submitted",
    },
    "closed": {},
}
ACTIONS = {
    "note": ["进展"],
    "extend": ["--to", "2010-12-31", "--reason", "需要更多时间"],
    "submit": ["--result", "已完成"],
    "verify": ["--by", "李为容"],
    "reject": ["--reason", "未达到要求"],
    "edit": ["--measures", "新的措施"],
}
STATE_LABELS = {
    "open": "待整改",
    "in_progress": "整改中",
    "submitted": "待验收",
    "closed": "已销号",
}


def item_in(state: str) -> int:
    iid = add_item()
    steps = {"in_progress": 1, "submitted": 2, "closed": 3}.get(state, 0)
    if steps >= 1:
        ok("rectify", "note", iid, "开始整改")
    if steps >= 2:
        ok("rectify", "submit", iid, "--result", "完成")
    if steps >= 3:
        ok("rectify", "verify", iid)
    assert item(iid)["state"] == state
    return iid


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_state_and_action(seed, state, action):
    iid = item_in(state)
    before, log_before = item(iid), ok("log", "--json", "--all").json()
    if action in ALLOWED[state]:
        ok("rectify", action, iid, *ACTIONS[action])
        assert item(iid)["state"] == ALLOWED[state][action]
        assert ok("log", "--record", f"item:{iid}", "--json").json()[0]["action"] == action
    else:
        message = fails("rectify", action, iid, *ACTIONS[action])
        assert f"当前为“{STATE_LABELS[state]}”" in message
        assert item(iid) == before
        assert ok("log", "--json", "--all").json() == log_before


def test_refusals_name_what_to_do(seed):
    iid = add_item()
    assert "先用 rectify note 记录整改进展" in fails("rectify", "submit", iid, "--result", "x")
    assert "缺少选项 --result" in fails("rectify", "submit", iid, code=2)
    ok("rectify", "note", iid, "开始")
    assert "完成情况不能为空" in fails("rectify", "submit", iid, "--result", "  ")
    assert "进展内容不能为空" in fails("rectify", "note", iid, " ")
    assert "没有编号为 99 的整改事项" in fails("rectify", "show", "99")
    assert "没有编号为 99 的整改事项" in fails("rectify", "note", "99", "x")


def test_extension_rules(seed):
    iid = add_item()
    assert "延期只能延后" in fails("rectify", "extend", iid, "--to", "2010-10-01", "--reason", "x")
    assert "延期理由不能为空" in fails(
        "rectify", "extend", iid, "--to", "2010-11-30", "--reason", ""
    )
    assert "缺少选项 --reason" in fails("rectify", "extend", iid, "--to", "2010-11-30", code=2)
    ok(
        "rectify",
        "extend",
        iid,
        "--to",
        "2010-11-30",
        "--reason",
        "待教代会审议",
        "--date",
        "2010-09-10",
    )
    ok("rectify", "extend", iid, "--to", "2010年12月31日", "--reason", "教代会延期召开")
    data = item(iid)
    assert (data["due"], data["original_due"]) == ("2010-12-31", "2010-10-31")
    assert data["extensions"] == [
        {
            "from": "2010-10-31",
            "to": "2010-11-30",
            "reason": "待教代会审议",
            "at": "2010-09-10",
            "by": "测试秘书",
        },
        {
            "from": "2010-11-30",
            "to": "2010-12-31",
            "reason": "教代会延期召开",
            "at": "2010-09-15",
            "by": "测试秘书",
        },
    ]
    ongoing = add_item("--ongoing", due="")
    assert "长期坚持" in fails("rectify", "extend", ongoing, "--to", "2010-12-31", "--reason", "x")


def test_dates_of_moves_are_checked(seed):
    iid = add_item()
    assert "晚于今天" in fails("rectify", "note", iid, "x", "--date", "2010-09-16")
    assert "早于该事项上一次记录的日期" in fails(
        "rectify", "note", iid, "x", "--date", "2010-09-07"
    )
    assert "早于立项日期" in fails(
        "rectify",
        "add",
        "--problem",
        "p",
        "--unit",
        "教务处",
        "--owner",
        "张",
        "--date",
        "2010-09-10",
        "--due",
        "2010-09-01",
    )
    assert "只能用一个" in fails(
        "rectify",
        "add",
        "--problem",
        "p",
        "--unit",
        "教务处",
        "--owner",
        "张",
        "--due",
        "2010-10-01",
        "--ongoing",
        code=2,
    )
    assert "缺少选项 --due" in fails(
        "rectify", "add", "--problem", "p", "--unit", "教务处", "--owner", "张", code=2
    )
    assert "缺少选项 --unit、--owner" in fails("rectify", "add", "--problem", "p", code=2)


def test_opinion_states_gate_conversion(seed):
    ok("opinion", "reply", "2", "已精简")
    message = fails(
        "rectify",
        "add",
        "--problem",
        "p",
        "--unit",
        "教务处",
        "--owner",
        "张",
        "--due",
        "2010-10-01",
        "--from-opinion",
        "2",
    )
    assert "当前为“已答复”，不能转为整改事项" in message
    assert "没有编号为 9 的意见" in fails(
        "rectify",
        "add",
        "--problem",
        "p",
        "--unit",
        "教务处",
        "--owner",
        "张",
        "--due",
        "2010-10-01",
        "--from-opinion",
        "9",
    )
    assert ok("rectify", "list", "--json").json() == []
    assert ok("opinion", "show", "1", "--json").json()["state"] == "pending"


def test_overdue_is_derived_and_shown_everywhere(seed, monkeypatch):
    iid = add_item(due="2010-09-20")
    assert (item(iid)["overdue"], item(iid)["days_left"]) == (False, 5)
    monkeypatch.setenv("DANGQUN_TODAY", "2010-09-25")
    data = item(iid)
    assert (data["overdue"], data["days_left"], data["state"]) == (True, -5, "open")
    assert ok("rectify", "list", "--json").json()[0]["overdue"] is True
    assert "逾期 5 天" in ok("rectify", "list").out
    assert "逾期" in ok("rectify", "show", iid).out
    assert [r["id"] for r in ok("rectify", "list", "--overdue", "--json").json()] == [iid]
    assert [r["id"] for r in ok("rectify", "list", "--state", "逾期", "--json").json()] == [iid]


def test_list_sorts_overdue_first_then_soonest_and_keeps_ongoing_apart(seed):
    late = add_item(due="2010-09-10")  # overdue by 5 days
    later = add_item(due="2010-12-01")
    soon = add_item(due="2010-09-20")
    very_late = add_item(due="2010-09-09")
    forever = add_item("--ongoing", due="")
    done = add_item(due="2010-09-30")
    ok("rectify", "note", done, "x")
    ok("rectify", "submit", done, "--result", "y")
    ok("rectify", "verify", done)
    order = [r["id"] for r in ok("rectify", "list", "--json").json()]
    assert order == [very_late, late, soon, later, forever]
    everything = [r["id"] for r in ok("rectify", "list", "--state", "all", "--json").json()]
    assert everything == [very_late, late, soon, later, forever, done]
    assert [r["id"] for r in ok("rectify", "list", "--state", "已销号", "--json").json()] == [done]
    assert [r["id"] for r in ok("rectify", "list", "--ongoing", "--json").json()] == [forever]
    due_before = ok("rectify", "list", "--due-before", "2010-09-30", "--json").json()
    assert [r["id"] for r in due_before] == [very_late, late, soon]
    page = ok("rectify", "list", "--limit", "2", "--json")
    assert [r["id"] for r in page.json()] == [very_late, late]
    assert "共 5 条" in page.err
    out = ok("rectify", "list").out
    assert out.index("长期坚持") > out.index("还剩")


def test_list_filters(seed):
    a = add_item()
    b = ok(
        "rectify",
        "add",
        "--problem",
        "检查表格过多",
        "--unit",
        "教务处",
        "--owner",
        "张主任",
        "--due",
        "2010-10-15",
        "--date",
        "2010-07-01",
    ).id
    ids = lambda *f: [r["id"] for r in ok("rectify", "list", *f, "--json").json()]  # noqa: E731
    assert ids("--unit", "教务处") == [b]
    assert ids("--owner", "王书记") == [a]
    assert ids("--period", "2010Q3") == [b, a]  # soonest deadline first
    assert ids("--period", "2010-07") == [b]
    assert ids("--search", "表格") == [b]
    assert ids("--state", "待整改") == [b, a]
    assert "无法识别的整改状态" in fails("rectify", "list", "--state", "完成了")


def test_edit_descriptive_fields(seed):
    iid = add_item()
    ok("rectify", "edit", iid, "--owner", "赵书记", "--unit", "教务处", "--leader", "李为容")
    data = item(iid)
    assert (data["owner"], data["unit"], data["leader"]) == ("赵书记", "教务处", "李为容")
    assert "没有改动" in fails("rectify", "edit", iid)
    assert "责任人不能为空" in fails("rectify", "edit", iid, "--owner", " ")


def test_bulk_add_from_json_lines_is_all_or_nothing(seed, tmp_path):
    lines = [
        {
            "problem": "校务公开不及时",
            "unit": "学校党支部",
            "owner": "王书记",
            "due": "2010-10-31",
            "opinions": [1],
        },
        {"problem": "关心青年教师", "unit": "教务处", "owner": "张主任", "ongoing": True},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    assert ok("rectify", "add", "--from-file", str(path)).out.split() == ["1", "2"]
    assert item(2)["ongoing"] is True
    assert ok("opinion", "show", "1", "--json").json()["state"] == "rectifying"

    bad = [*lines, {"problem": "x", "unit": "不存在的处室", "owner": "某", "due": "2010-10-01"}]
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in bad)
    message = fails("rectify", "add", "--from-file", "-", input=text)
    assert message.startswith("错误：第 3 行：没有名为“不存在的处室”的单位")
    assert len(ok("rectify", "list", "--json").json()) == 2
    assert "第 1 行：不是有效的 JSON" in fails("rectify", "add", "--from-file", "-", input="{oops")
    assert "不认识的键：colour" in fails(
        "rectify", "add", "--from-file", "-", input='{"problem": "x", "colour": "red"}'
    )
    assert "不能与其他字段选项同时使用" in fails(
        "rectify", "add", "--from-file", "-", "--problem", "x", code=2
    )


def test_sweep_regressions(seed):
    iid = add_item(due="2010-09-10")  # overdue on 2010-09-15
    assert "已经过去" in fails("rectify", "extend", iid, "--to", "2010-09-12", "--reason", "x")
    assert "早于意见 1 的提出日期" in fails(
        "rectify",
        "add",
        "--problem",
        "p",
        "--unit",
        "教务处",
        "--owner",
        "张",
        "--due",
        "2010-10-01",
        "--from-opinion",
        "1",
        "--date",
        "2010-09-01",
    )
    line = '{"problem": "p", "unit": "教务处", "owner": "o", "ongoing": "false"}'
    assert "应为 true 或 false" in fails("rectify", "add", "--from-file", "-", input=line)
    assert "不是有效的 JSON（第" in fails("rectify", "add", "--from-file", "-", input="{x")
    ok("rectify", "note", iid, "x")
    ok("rectify", "submit", iid, "--result", "y")
    assert "验收人不能为空" in fails("rectify", "verify", iid, "--by", "")
    ok("rectify", "verify", iid)
    assert ok("rectify", "list", "--state", "closed", "--ongoing", "--json").json() == []
    assert ok("rectify", "list", "--state", "closed", "--overdue", "--json").json() == []
    closed = ok("rectify", "list", "--state", "closed", "--due-before", "2010-09-11", "--json")
    assert [r["id"] for r in closed.json()] == [iid]


# issue 16 — small


def test_a_missing_deadline_is_a_usage_error_as_click_words_it(seed):
    """A missing --due was exit 1 where other missing options are exit 2."""
    args = ["rectify", "add", "--problem", "p", "--unit", "教务处", "--owner", "王"]
    line = fails(*args, code=2)
    assert line.startswith("错误：缺少选项 --due（") and "--ongoing" in line
    assert "rectify add --help" in line
    assert "只能用一个" in fails(*args, "--due", "2010-10-31", "--ongoing", code=2)
    assert ok("rectify", "list", "--json").json() == []


def test_an_edit_that_changes_nothing_writes_nothing(seed):
    iid = add_item()
    entries = len(ok("log", "--all", "--json").json())
    assert fails("rectify", "edit", iid, "--owner", "王书记", "--unit", "学校党支部") == (
        "错误：没有改动（给出的值都与现有的相同）"
    )
    assert len(ok("log", "--all", "--json").json()) == entries
