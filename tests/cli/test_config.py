"""dangqun config: the office's own settings, in the database and in the audit trail, and
the summary's title and signature (落款) made from them (issue 15, "The office's own
document")."""

from __future__ import annotations

import json

import pytest

from tests.helpers import fails, ok

QUARTER = "2023Q4"
LABEL = "2023年第四季度"


@pytest.fixture
def street(monkeypatch):
    """A street office with a community under it; today 2023-12-05, as in the issue."""
    monkeypatch.setenv("DANGQUN_TODAY", "2023-12-05")
    ok("unit", "add", "龙都街道党工委", "--kind", "party")
    ok("unit", "add", "东风社区党委", "--kind", "party", "--parent", "龙都街道党工委")


def document(*extra: str) -> list[str]:
    """The summary as Markdown lines: the title first, the signature last."""
    out = ok("summary", "export", QUARTER, "--format", "md", "--output", "-", *extra).out
    return [line for line in out.splitlines() if line.strip()]


def title_of(lines: list[str]) -> str:
    assert lines[0].startswith("# ")
    return lines[0][2:]


def signature_of(lines: list[str]) -> list[str]:
    """The right-aligned lines at the end: the signing unit (if any) and the date."""
    tail = []
    for line in reversed(lines):
        if not line.startswith('<p align="right">'):
            break
        tail.insert(0, line.removeprefix('<p align="right">').removesuffix("</p>"))
    return tail


# ---- the reproduction: a second top-level unit --------------------------------------------


def test_a_second_top_level_unit_keeps_title_and_signature_with_org_name(street):
    """The issue: add 区委组织部 (a second top-level unit) and the title lost its unit and
    the signature disappeared. With org.name set both carry it, whatever units exist."""
    ok("unit", "add", "区委组织部")
    ok("config", "set", "org.name", "龙都街道党工委")
    lines = document()
    assert title_of(lines) == f"龙都街道党工委{LABEL}党群共建工作总结"
    assert signature_of(lines) == ["龙都街道党工委", "2023年12月5日"]
    terminal = ok("summary", "generate", QUARTER).out
    assert f"龙都街道党工委{LABEL}党群共建工作总结" in terminal


def test_without_org_name_two_top_level_units_give_no_unit_and_no_dangling_text(street):
    ok("unit", "add", "区委组织部")
    lines = document()
    assert title_of(lines) == f"{LABEL}党群共建工作总结"
    assert signature_of(lines) == ["2023年12月5日"]  # no unit named, and no wrong one


def test_one_top_level_unit_is_the_office_when_org_name_is_not_set(street):
    lines = document()
    assert title_of(lines) == f"龙都街道党工委{LABEL}党群共建工作总结"
    assert signature_of(lines) == ["龙都街道党工委", "2023年12月5日"]


def test_org_name_wins_over_the_single_top_level_unit(street):
    ok("config", "set", "org.name", "中共龙都街道工作委员会")
    lines = document()
    assert title_of(lines).startswith("中共龙都街道工作委员会2023年")
    assert signature_of(lines)[0] == "中共龙都街道工作委员会"


def test_a_unit_summary_speaks_for_that_unit(street):
    ok("unit", "add", "区委组织部")
    ok("config", "set", "org.name", "龙都街道党工委")
    lines = document("--unit", "东风社区党委")
    assert title_of(lines) == f"东风社区党委{LABEL}党群共建工作总结"
    assert signature_of(lines) == ["东风社区党委", "2023年12月5日"]


def test_the_default_title_no_longer_says_the_2010_campaign(street):
    assert "创先争优" not in title_of(document())
    assert ok("config", "get", "summary.title").out.strip() == "{单位}{期间}党群共建工作总结"


# ---- summary.title ------------------------------------------------------------------------


def test_a_custom_title_template(street):
    ok("config", "set", "summary.title", "{单位}：{期间}党建工作总结")
    assert title_of(document()) == f"龙都街道党工委：{LABEL}党建工作总结"
    ok("unit", "add", "区委组织部")  # no unit now: the colon goes with it
    assert title_of(document()) == f"{LABEL}党建工作总结"
    ok("config", "set", "summary.title", "关于{期间}工作情况的报告")
    assert title_of(document()) == f"关于{LABEL}工作情况的报告"


def test_full_width_braces_are_the_same_placeholders(street):
    ok("config", "set", "summary.title", "｛单位｝｛期间｝工作总结")
    assert ok("config", "get", "summary.title").out.strip() == "{单位}{期间}工作总结"
    assert title_of(document()) == f"龙都街道党工委{LABEL}工作总结"


def test_a_saved_summary_keeps_the_title_it_was_saved_with(street):
    summary_id = ok("summary", "generate", QUARTER, "--save").id
    ok("config", "set", "summary.title", "{期间}{单位}工作总结")
    ok("config", "set", "org.name", "别的名字")
    shown = ok("summary", "show", str(summary_id), "--json").json()
    assert shown["title"] == f"龙都街道党工委{LABEL}党群共建工作总结"
    assert ok("summary", "list", "--json").json()[0]["title"] == shown["title"]
    # A new summary of another period takes the new template.
    other = ok("summary", "generate", "2023Q3", "--save").id
    title = ok("summary", "show", str(other), "--json").json()["title"]
    assert title == "2023年第三季度别的名字工作总结"


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("template", "unit", "wanted"),
    [
        ("{单位}{期间}党群共建工作总结", None, "2023年第四季度党群共建工作总结"),
        ("{单位}{期间}党群共建工作总结", "甲", "甲2023年第四季度党群共建工作总结"),
        ("{单位}：{期间}工作总结", None, "2023年第四季度工作总结"),
        ("{单位} {期间}工作总结", None, "2023年第四季度工作总结"),
        ("{期间}{单位}工作总结", None, "2023年第四季度工作总结"),
        ("{期间}工作总结（{单位}）", None, "2023年第四季度工作总结"),
        ("{期间}工作总结——{单位}", None, "2023年第四季度工作总结"),
        ("{期间}、{单位}、工作总结", None, "2023年第四季度、工作总结"),
        ("{期间}—{单位}工作总结", None, "2023年第四季度工作总结"),
        ("关于{单位}{期间}工作的总结", None, "关于2023年第四季度工作的总结"),
        ("{期间}工作总结", "甲", "2023年第四季度工作总结"),
    ],
)
def test_a_title_without_a_unit_has_no_stray_characters(template, unit, wanted):
    from dangqun_cli.settings import render_title

    assert render_title(template, unit=unit, period=LABEL) == wanted


# ---- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("set", "org.title", "x"), "没有名为“org.title”的设置（可用的设置：org.name（单位名称）"),
        (("get", "colour"), "没有名为“colour”的设置"),
        (("unset", "colour"), "summary.title（总结标题模板）"),
        (("set", "summary.title", "{单位}{年份}工作总结"), "“{年份}”不是可用的占位符"),
        (("set", "summary.title", "{期间}{0}"), "“{0}”不是可用的占位符"),
        (("set", "summary.title", "{单位!r}{期间}"), "“{单位!r}”不是可用的占位符"),
        (("set", "summary.title", "{单位}{期间"), "不成对的花括号"),
        (("set", "summary.title", "{期间}}"), "不成对的花括号"),
        (("set", "summary.title", "{期间}{期间}"), "{期间} 用了不止一次"),
        (("set", "summary.title", "{单位}工作总结"), "没有 {期间}"),
        (("set", "summary.title", "{期间}" + "长" * 60), "总结标题模板过长：64 字，上限 60 字"),
        (("set", "summary.title", "  "), "总结标题模板不能为空"),
        (("set", "org.name", "长" * 101), "单位名称过长：101 字，上限 100 字"),
        (("set", "org.name", ""), "单位名称不能为空"),
        (("set", "org.name", "龙都\u202e街道"), "单位名称含有文字方向控制字符 U+202E"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v)[:30],
)
def test_refusals_name_the_problem_and_write_nothing(hermetic, args, wanted):
    ok("config", "set", "org.name", "龙都街道党工委")
    before = hermetic.dump()
    assert wanted in fails("config", *args)
    assert hermetic.dump() == before


def test_a_missing_value_is_a_usage_error():
    assert "值" in fails("config", "set", "org.name", code=2)


# ---- the audit trail and the database -----------------------------------------------------


def test_set_and_unset_are_in_the_log_and_it_verifies():
    ok("config", "set", "org.name", "龙都街道党工委")
    ok("config", "set", "org.name", "龙都街道党工委")  # unchanged: no entry
    ok("config", "set", "org.name", "中共龙都街道工作委员会")
    ok("config", "unset", "org.name")
    assert "本来就是默认值" in ok("config", "unset", "org.name").err
    entries = [e for e in ok("log", "--json").json() if e["record_type"] == "setting"]
    assert [(e["action"], e["record_id"]) for e in reversed(entries)] == [
        ("set", 1),
        ("set", 1),
        ("unset", 1),
    ]
    first, second, third = reversed(entries)
    assert first["before"] is None and first["after"]["value"] == "龙都街道党工委"
    assert second["before"]["value"] == "龙都街道党工委"
    assert second["after"]["value"] == "中共龙都街道工作委员会"
    assert third["after"] is None
    shown = ok("log", "--record", "setting:1").out
    assert "恢复默认" in shown and "设置 1" in shown and "org.name" in shown
    assert "操作记录完整" in ok("log", "verify").err
    # Set again: a new record, never the old number.
    ok("config", "set", "org.name", "龙都街道党工委")
    assert ok("log", "--json", "--limit", "1").json()[0]["record_id"] == 2
    assert "操作记录完整" in ok("log", "verify").err


def test_a_setting_changed_behind_dangquns_back_fails_verify(hermetic):
    import sqlalchemy as sa

    from dangqun_cli.database.engines import get_engine

    ok("config", "set", "summary.title", "{期间}工作总结")
    with get_engine(hermetic.url).begin() as conn:
        conn.execute(sa.text("UPDATE setting SET value = '{期间}别的总结'"))
    result = fails("log", "verify")
    assert "设置 1 的“值”与操作记录不符：记录为“{期间}工作总结”，现为“{期间}别的总结”" in result


def test_list_and_get(hermetic):
    rows = ok("config", "list", "--json").json()
    assert rows == [
        {"key": "org.name", "label": "单位名称", "value": None, "default": None},
        {
            "key": "summary.title",
            "label": "总结标题模板",
            "value": None,
            "default": "{单位}{期间}党群共建工作总结",
        },
        {"key": "recheck.days", "label": "回头看天数", "value": None, "default": "90"},
    ]
    table = ok("config", "list").out
    for word in ("设置", "含义", "值", "默认", "org.name", "单位名称", "唯一的顶层单位"):
        assert word in table
    result = ok("config", "get", "org.name")
    assert result.out == "" and "未设置" in result.err
    ok("config", "set", "org.name", "  龙都街道党工委 ")
    assert ok("config", "get", "ORG.NAME").out == "龙都街道党工委\n"
    got = ok("config", "get", "org.name", "--json").json()
    assert got == {
        "key": "org.name",
        "label": "单位名称",
        "value": "龙都街道党工委",
        "default": None,
    }
    assert "龙都街道党工委" in ok("config", "list").out


def test_the_settings_live_in_the_database_not_in_the_users_folder(monkeypatch, tmp_path):
    """Two secretaries (own login, own folder) on one database see the same settings."""
    ok("config", "set", "org.name", "龙都街道党工委")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "other-home"))
    monkeypatch.setenv("DANGQUN_USER", "另一位秘书")
    assert ok("config", "get", "org.name").out.strip() == "龙都街道党工委"


def test_settings_travel_with_the_whole_ledger(tmp_path, new_database):
    ok("unit", "add", "龙都街道党工委")
    ok("config", "set", "summary.title", "{单位}{期间}工作总结")
    ok("config", "set", "org.name", "中共龙都街道工作委员会")
    ok("config", "unset", "summary.title")
    ok("config", "set", "summary.title", "{期间}{单位}工作总结")
    path = tmp_path / "ledger.json"
    ok("export", "all", "--format", "json", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(r["id"], r["name"]) for r in data["tables"]["setting"]] == [
        (2, "org.name"),
        (3, "summary.title"),
    ]
    target = new_database("target")
    ok("--db", str(target), "import", str(path))
    assert (
        ok("--db", str(target), "config", "list", "--json").json()
        == ok("config", "list", "--json").json()
    )
    assert "操作记录完整" in ok("--db", str(target), "log", "verify").err
    # The next setting takes a number after every one ever used (1 was deleted).
    ok("--db", str(target), "config", "unset", "org.name")
    ok("--db", str(target), "config", "set", "org.name", "龙都街道党工委")
    assert ok("--db", str(target), "log", "--json", "--limit", "1").json()[0]["record_id"] == 4


@pytest.mark.parametrize(
    ("row", "wanted"),
    [
        ({"name": "colour"}, '列 name：没有名为 "colour" 的设置'),
        ({"value": "{单位}{年份}"}, "列 value：总结标题模板中的“{年份}”不是可用的占位符"),
        ({"value": " {期间}总结"}, "列 value：前后有空白"),
    ],
)
def test_a_ledger_file_with_a_bad_setting_is_refused(tmp_path, new_database, row, wanted):
    ok("config", "set", "summary.title", "{期间}总结")
    path = tmp_path / "ledger.json"
    ok("export", "all", "--format", "json", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["setting"][0].update(row)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = new_database("target")
    ok("--db", str(target), "unit", "list")
    before = target.dump()
    message = fails("--db", str(target), "import", str(path))
    assert "表 setting 中编号 1 的记录" in message and wanted in message
    assert target.dump() == before


def test_keys_complete(monkeypatch):
    from tests.cli.test_completion import complete

    assert complete(monkeypatch, "dangqun config set o") == ["org.name"]
    assert complete(monkeypatch, "dangqun config get s") == ["summary.title"]
