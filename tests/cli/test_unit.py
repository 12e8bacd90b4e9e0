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
    # By code point, as SQLite sorts: a server sorting by pinyin (zh collation) would put
    # 党政办 before 学校工会 before 教务处, and ignore the case of Latin letters.
    for name in ("教务处", "党政办", "学校工会", "abc小组", "ABD小组"):
        ok("unit", "add", name)
    names = [r["name"] for r in ok("unit", "list", "--json").json()]
    assert names == sorted(names) == ["ABD小组", "abc小组", "党政办", "学校工会", "教务处"]
    assert ok("unit", "show", "abc小组", "--json").json()["name"] == "abc小组"
