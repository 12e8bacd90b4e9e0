"""dangqun opinion: what was raised, and what became of it."""

from __future__ import annotations

import pytest

from tests.helpers import fails, ok


@pytest.fixture
def meeting_id() -> int:
    return ok(
        "meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010年9月6日下午"
    ).id


def test_opinions_at_a_meeting_are_dated_by_it(meeting_id):
    oid = ok(
        "opinion",
        "add",
        "坚持校务公开",
        "--meeting",
        meeting_id,
        "--by",
        "老教师代表",
        "--topic",
        "民主管理",
    ).id
    data = ok("opinion", "show", oid, "--json").json()
    assert {"id", "meeting_id", "source", "by", "topic", "text", "state", "reply", "items"} <= set(
        data
    )
    assert data["meeting_id"] == meeting_id
    assert (data["by"], data["topic"], data["text"]) == ("老教师代表", "民主管理", "坚持校务公开")
    assert data["state"] == "pending"
    assert data["raised_on"] == "2010-09-06"
    assert data["items"] == []
    shown = ok("meeting", "show", meeting_id, "--json").json()["opinions"]
    assert [(o["id"], o["state"]) for o in shown] == [(oid, "pending")]


def test_opinion_from_another_source_is_dated_today():
    oid = ok(
        "opinion", "add", "食堂饭菜质量有待提高", "--source", "意见箱", "--topic", "和谐校园"
    ).id
    data = ok("opinion", "show", oid, "--json").json()
    assert (data["meeting_id"], data["source"], data["raised_on"]) == (None, "意见箱", "2010-09-15")


def test_source_is_required_and_exclusive(meeting_id):
    assert "缺少选项 --meeting 或 --source" in fails("opinion", "add", "无来源", code=2)
    assert "只能用一个" in fails(
        "opinion", "add", "两个来源", "--meeting", meeting_id, "--source", "信", code=2
    )
    assert "二选一" in fails("opinion", "add", "空来源", "--source", " ")
    assert "没有编号为 9 的会议" in fails("opinion", "add", "x", "--meeting", "9")
    assert "意见内容不能为空" in fails("opinion", "add", " ", "--meeting", meeting_id)
    assert ok("opinion", "list", "--json").json() == []


def test_reply_and_decline_follow_the_states(meeting_id):
    a = ok("opinion", "add", "减轻负担", "--meeting", meeting_id, "--topic", "减负").id
    b = ok("opinion", "add", "取消午休", "--meeting", meeting_id).id
    ok("opinion", "reply", a, "已精简检查和表格", "--date", "2010-09-10")
    data = ok("opinion", "show", a, "--json").json()
    assert (data["state"], data["reply"], data["handled_on"]) == (
        "answered",
        "已精简检查和表格",
        "2010-09-10",
    )
    ok("opinion", "reply", a, "已精简检查、表格和会议")  # correcting a reply is allowed
    assert ok("opinion", "show", a, "--json").json()["reply"] == "已精简检查、表格和会议"
    assert "当前为“已答复”，不能不予采纳" in fails("opinion", "decline", a, "--reason", "x")

    assert "不予采纳的理由不能为空" in fails("opinion", "decline", b, "--reason", " ")
    ok("opinion", "decline", b, "--reason", "与作息制度规定不符")
    assert ok("opinion", "show", b, "--json").json()["state"] == "declined"
    assert "当前为“不予采纳”，不能答复" in fails("opinion", "reply", b, "改为采纳")
    assert "缺少选项 --reason" in fails("opinion", "decline", b, code=2)

    actions = [e["action"] for e in ok("log", "--record", f"opinion:{a}", "--json").json()]
    assert actions == ["reply", "reply", "create"]


def test_list_filters(meeting_id):
    ok(
        "opinion",
        "add",
        "校务公开",
        "--meeting",
        meeting_id,
        "--topic",
        "民主管理",
        "--by",
        "老教师代表",
    )
    ok("opinion", "add", "精简会议", "--meeting", meeting_id, "--topic", "减负")
    c = ok("opinion", "add", "图书室开放", "--source", "来信", "--date", "2010-07-08").id
    ok("opinion", "decline", c, "--reason", "条件不足")
    titles = lambda *a: [r["text"] for r in ok("opinion", "list", *a, "--json").json()]  # noqa: E731
    assert titles() == ["精简会议", "校务公开", "图书室开放"]
    assert titles("--topic", "减负") == ["精简会议"]
    assert titles("--state", "不予采纳") == ["图书室开放"]
    assert titles("--state", "pending", "--meeting", str(meeting_id)) == ["精简会议", "校务公开"]
    assert titles("--period", "2010-07") == ["图书室开放"]
    assert "晚于今天" in fails("opinion", "add", "x", "--source", "信", "--date", "2010-10-08")
    assert titles("--search", "老教师") == ["校务公开"]
    assert "无法识别的意见状态" in fails("opinion", "list", "--state", "完成")


# issue 16 — small


def test_a_missing_source_is_a_usage_error():
    """A missing source was exit 1 where other missing options are exit 2."""
    line = fails("opinion", "add", "精简会议", code=2)
    assert line.startswith("错误：缺少选项 --meeting 或 --source（")
    assert "只能用一个" in fails(
        "opinion", "add", "精简会议", "--meeting", "1", "--source", "意见箱", code=2
    )
    assert ok("opinion", "list", "--json").json() == []
