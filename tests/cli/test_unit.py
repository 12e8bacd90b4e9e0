"""dangqun unit: the organisations meetings belong to."""

from __future__ import annotations

from tests.helpers import fails, ok


def test_add_list_show_edit():
    assert ok("unit", "add", "桃花山镇小学", "--kind", "admin").id == 1
    ok(
        "unit",
        "add",
        "学校党支部",
        "--kind",
        "党支部",
        "--parent",
        "桃花山镇小学",
        "--note",
        "支部",
    )
    rows = ok("unit", "list", "--json").json()
    assert {r["name"]: (r["kind"], r["parent"]) for r in rows} == {
        "桃花山镇小学": ("admin", None),
        "学校党支部": ("party", "桃花山镇小学"),
    }
    shown = ok("unit", "show", "桃花山镇小学", "--json").json()
    assert shown["children"] == ["学校党支部"]
    assert shown["meetings"] == 0
    ok("unit", "edit", "学校党支部", "--name", "桃花山镇小学党支部", "--note", "")
    data = ok("unit", "show", "桃花山镇小学党支部", "--json").json()
    assert (data["name"], data["note"], data["parent"]) == (
        "桃花山镇小学党支部",
        None,
        "桃花山镇小学",
    )
    assert ok("unit", "show", "2", "--json").json()["name"] == "桃花山镇小学党支部"
    assert [r["name"] for r in ok("unit", "list", "--kind", "党组织", "--json").json()] == [
        "桃花山镇小学党支部"
    ]


def test_refusals():
    ok("unit", "add", "桃花山镇小学")
    ok("unit", "add", "学校工会", "--parent", "桃花山镇小学")
    assert "单位“桃花山镇小学”已存在" in fails("unit", "add", " 桃花山镇小学 ")
    assert "单位名称不能为空" in fails("unit", "add", "   ")
    assert "无法识别的单位类型" in fails("unit", "add", "新单位", "--kind", "公司")
    assert "是不是：学校工会" in fails("unit", "show", "学校公会")
    assert "会形成循环" in fails("unit", "edit", "桃花山镇小学", "--parent", "学校工会")
    assert "会形成循环" in fails("unit", "edit", "学校工会", "--parent", "学校工会")
    assert "已存在" in fails("unit", "edit", "学校工会", "--name", "桃花山镇小学")
    assert len(ok("unit", "list", "--json").json()) == 2


def test_list_is_sorted_the_same_on_every_database():
    # In the order registered, on both databases: not by a server's collation (pinyin, case).
    for name in ("教务处", "党政办", "学校工会", "abc小组", "ABD小组"):
        ok("unit", "add", name)
    names = [r["name"] for r in ok("unit", "list", "--json").json()]
    assert names == ["教务处", "党政办", "学校工会", "abc小组", "ABD小组"]
    assert ok("unit", "show", "abc小组", "--json").json()["name"] == "abc小组"


# issue 16 — small


def test_list_is_a_tree():
    """`unit list` put the top unit last (code-point order) instead of as a tree."""
    ok("unit", "add", "街道党工委", "--kind", "party")
    ok("unit", "add", "镇工会", "--kind", "union")
    ok("unit", "add", "南湖社区党委", "--kind", "party", "--parent", "街道党工委")
    ok("unit", "add", "北山社区党委", "--kind", "party", "--parent", "街道党工委")
    ok("unit", "add", "南湖第一支部", "--kind", "party", "--parent", "南湖社区党委")
    ok("unit", "add", "北山社区工会", "--kind", "union", "--parent", "北山社区党委")
    ok("unit", "edit", "镇工会", "--parent", "街道党工委")  # moved under a later sibling order
    rows = ok("unit", "list", "--json").json()
    assert [(r["name"], r["depth"]) for r in rows] == [
        ("街道党工委", 0),
        ("镇工会", 1),
        ("南湖社区党委", 1),
        ("南湖第一支部", 2),
        ("北山社区党委", 1),
        ("北山社区工会", 2),
    ]
    assert set(rows[0]) >= {"id", "name", "kind", "parent", "note"}
    lines = [line.strip() for line in ok("unit", "list").out.splitlines()]
    names = [line.split()[1] for line in lines if line[:1].isdigit()]
    assert names == [r["name"] for r in rows]
    assert "　　南湖第一支部" in ok("unit", "list").out  # indented under its parent
    # A kind's list indents only under the parents it shows.
    party = ok("unit", "list", "--kind", "党组织", "--json").json()
    assert [(r["name"], r["depth"]) for r in party] == [
        ("街道党工委", 0),
        ("南湖社区党委", 1),
        ("南湖第一支部", 2),
        ("北山社区党委", 1),
    ]
    unions = ok("unit", "list", "--kind", "工会", "--json").json()
    assert [(r["name"], r["depth"]) for r in unions] == [("镇工会", 0), ("北山社区工会", 0)]


def test_an_edit_that_changes_nothing_says_so():
    ok("unit", "add", "街道党工委", "--kind", "party")
    entries = len(ok("log", "--all", "--json").json())
    assert "unit edit --help" in fails("unit", "edit", "街道党工委")
    assert fails("unit", "edit", "街道党工委", "--kind", "党组织", "--note", "").startswith(
        "错误：没有改动"
    )
    assert len(ok("log", "--all", "--json").json()) == entries
    ok("unit", "edit", "街道党工委", "--note", "牵头单位")
    assert len(ok("log", "--all", "--json").json()) == entries + 1
