"""dangqun rule preset: cadence rules chosen, not imposed (issue 15).

A new database has no rules; 三会一课, 联席会议制度 and 主题党日 are applied by name; where
no rule applies, status, check and the summary say how to set some.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import fails, ok

STREET_TODAY = "2023-12-05"
NO_RULES = "尚未设定会议制度要求"
HOW = "dangqunrulepresetapply三会一课"


def flat(text: str) -> str:
    """Output without the line breaks and padding a terminal table adds."""
    return "".join(text.split())


def section_four(text: str) -> str:
    text = flat(text)
    return text[text.index("四、制度执行") : text.index("五、")]


@pytest.fixture(scope="module")
def longdu_sources(run_database):
    """examples/longdu_2023q4.sh replayed once per backend: a street office whose only
    system is its 联席会议制度."""
    built = {}

    def build(databases):
        if databases.backend not in built:
            db = run_database(databases, "longdu")
            bindir = Path(sys.executable).parent
            env = {
                **os.environ,
                "DANGQUN_DB": str(db),
                "DANGQUN_TODAY": STREET_TODAY,
                "DANGQUN_USER": "示例秘书",
                "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
            }
            script = REPO / "examples" / "longdu_2023q4.sh"
            subprocess.run(["bash", str(script)], env=env, check=True, capture_output=True)
            built[databases.backend] = db
        return built[databases.backend]

    return build


@pytest.fixture
def longdu(longdu_sources, databases, hermetic, monkeypatch):
    longdu_sources(databases).copy_to(hermetic)
    monkeypatch.setenv("DANGQUN_TODAY", STREET_TODAY)
    return hermetic


def test_a_new_database_has_no_rules_and_every_view_says_how_to_add_them(monkeypatch):
    monkeypatch.setenv("DANGQUN_TODAY", STREET_TODAY)
    assert ok("rule", "list", "--json").json() == []
    assert HOW in flat(ok("rule", "list").out)
    assert ok("check", "2023Q4", "--json").json() == []
    out = flat(ok("check", "2023Q4").out)
    assert NO_RULES in out and HOW in out and "dangqunruleadd" in out
    status = ok("status", "--json").json()
    assert (status["meetings_owed"], status["rules_total"]) == ([], 0)
    shown = flat(ok("status").out)
    assert NO_RULES in shown and "均已达到" not in shown
    ok("unit", "add", "学校党支部", "--kind", "党支部")
    assert ok("summary", "generate", "2023Q4", "--json").json()["cadence"] == []
    four = section_four(ok("summary", "generate", "2023Q4").out)
    assert NO_RULES in four and HOW in four
    # For one unit, the hint names it.
    four = section_four(ok("summary", "generate", "2023Q4", "--unit", "学校党支部").out)
    assert "尚未设定适用于学校党支部的会议制度要求" in four
    assert "三会一课--unit学校党支部" in four
    out = flat(ok("check", "2023Q4", "--unit", "学校党支部").out)
    assert "尚未设定适用于学校党支部的会议制度要求" in out


def test_the_street_office_that_keeps_a_joint_meeting_system_is_checked_on_it_alone(longdu):
    rules = ok("rule", "list", "--json").json()
    assert [(r["kind"], r["min"], r["per"], r["unit"]) for r in rules] == [
        ("joint", 2, "month", None)
    ]
    rows = ok("check", "2023Q4", "--json").json()
    # Counted by hand from examples/longdu_2023q4.sh: two in October, two in November,
    # none yet in December (today is 5 December).
    assert [(r["kind"], r["period"], r["held"]) for r in rows] == [
        ("joint", "2023-10", 2),
        ("joint", "2023-11", 2),
        ("joint", "2023-12", 0),
    ]
    facts = ok("summary", "generate", "2023Q4", "--json").json()
    assert {r["kind"] for r in facts["cadence"]} == {"joint"} and len(facts["cadence"]) == 3
    four = section_four(ok("summary", "generate", "2023Q4").out)
    assert "检查3项次" in four
    for kind in ("支委会", "党小组会", "支部党员大会", "党课"):
        assert kind not in four
    owed = ok("status", "--json").json()
    assert [(r["kind"], r["period"]) for r in owed["meetings_owed"]] == [("joint", "2023-12")]
    assert owed["rules_total"] == 1


def test_applying_a_preset_twice_adds_nothing_the_second_time():
    first = ok("rule", "preset", "apply", "三会一课", "--json").json()
    assert (first["preset"], first["unit"]) == ("三会一课", None)
    assert [(r["kind"], r["min"], r["per"], r["result"]) for r in first["rules"]] == [
        ("branch_congress", 1, "quarter", "added"),
        ("branch_committee", 1, "month", "added"),
        ("group", 1, "month", "added"),
        ("lecture", 1, "quarter", "added"),
    ]
    ids = [r["id"] for r in first["rules"]]
    listed = ok("rule", "list", "--json").json()
    assert [r["id"] for r in listed] == ids
    again = ok("rule", "preset", "apply", "三会一课")
    lines = flat(again.out)
    assert lines.count("已有同样的要求，未重复添加") == 4 and "未新增制度要求" in lines
    assert ok("rule", "list", "--json").json() == listed
    second = ok("rule", "preset", "apply", "三会一课", "--json").json()
    assert [(r["id"], r["result"]) for r in second["rules"]] == [(i, "exists") for i in ids]
    # Each rule has one audit entry (its creation), by the operator; the chain holds.
    for rule_id in ids:
        entries = ok("log", "--record", f"rule:{rule_id}", "--json").json()
        assert [(e["action"], e["actor"]) for e in entries] == [("create", "测试秘书")]
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_a_rule_kept_with_another_count_is_left_alone_and_said():
    kept = ok("rule", "add", "--kind", "支委会", "--min", "2", "--per", "month").id
    out = flat(ok("rule", "preset", "apply", "三会一课").out)
    assert f"保留第{kept}条支委会每月不少于2次" in out
    assert f"dangqunruleremove{kept}" in out
    rows = ok("rule", "preset", "apply", "三会一课", "--json").json()["rules"]
    differs = [r for r in rows if r["result"] == "differs"]
    assert [(r["id"], r["min"], r["kept_min"]) for r in differs] == [(kept, 1, 2)]
    rules = {r["kind"]: r["min"] for r in ok("rule", "list", "--json").json()}
    assert rules["branch_committee"] == 2 and len(rules) == 4


def test_unknown_preset_is_refused_with_the_list():
    line = fails("rule", "preset", "apply", "四会一课")
    assert "没有名为“四会一课”的制度方案" in line
    assert "三会一课、联席会议制度、主题党日" in line
    assert "制度方案名称不能为空" in fails("rule", "preset", "apply", " ")
    assert ok("rule", "list", "--json").json() == []
    assert ok("log", "--json").json() == []


def test_preset_for_one_unit():
    ok("unit", "add", "龙都街道党工委", "--kind", "党委")
    ok("unit", "add", "东风社区党委", "--kind", "党委", "--parent", "龙都街道党工委")
    applied = ok("rule", "preset", "apply", "主题党日", "--unit", "东风社区党委", "--json").json()
    assert applied["unit"] == "东风社区党委"
    assert [(r["kind"], r["unit"], r["result"]) for r in applied["rules"]] == [
        ("party_day", "东风社区党委", "added")
    ]
    # The same preset for all units is another rule; for the unit again, nothing new.
    assert ok("rule", "preset", "apply", "主题党日", "--json").json()["rules"][0]["result"] == (
        "added"
    )
    again = ok("rule", "preset", "apply", "主题党日", "--unit", "东风社区党委", "--json").json()
    assert again["rules"][0]["result"] == "exists"
    assert "没有名为“西湖社区党委”的单位" in fails(
        "rule", "preset", "apply", "主题党日", "--unit", "西湖社区党委"
    )
    # 主题党日 is a meeting kind of its own (also written 党日).
    for date in ("2023-10-15", "2023-11-15"):
        ok(
            *("meeting", "add", "--kind", "党日", "--title", "主题党日", "--date", date),
            *("--unit", "东风社区党委"),
        )
    rows = ok("check", "2023Q4", "--unit", "东风社区党委", "--json").json()
    mine = [(r["period"], r["held"]) for r in rows if r["unit"] == "东风社区党委"]
    assert ("2023-10", 1) in mine and ("2023-11", 1) in mine
    assert ok("meeting", "show", "1", "--json").json()["kind"] == "party_day"
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_preset_list_in_chinese_and_json():
    out = ok("rule", "preset", "list").out
    for text in (
        "三会一课",
        "支部党员大会每季度不少于1次",
        "支委会每月不少于1次",
        "党小组会每月不少于1次",
        "党课每季度不少于1次",
        "联席会议制度",
        "联席会议每月不少于2次",
        "主题党日每月不少于1次",
    ):
        assert text in out
    data = ok("rule", "preset", "list", "--json").json()
    assert [p["name"] for p in data] == ["三会一课", "联席会议制度", "主题党日"]
    assert data[1]["rules"] == [{"kind": "joint", "min": 2, "per": "month"}]


def test_preset_names_complete(monkeypatch):
    from tests.cli.test_completion import complete

    assert complete(monkeypatch, "dangqun rule preset apply 联") == ["联席会议制度"]
    assert sorted(complete(monkeypatch, "dangqun rule preset ")) == ["apply", "list"]


def test_a_database_of_rules_alone_takes_a_whole_ledger_in_their_place(tmp_path, new_database):
    """A preset just applied does not make a database "not empty" for `import` of a whole
    ledger: the file's rules replace it, and the deletions are audited."""
    ok("unit", "add", "学校党支部")
    ok("rule", "preset", "apply", "联席会议制度")
    ledger = tmp_path / "台账.json"
    ok("export", "all", "--format", "json", "--output", str(ledger))
    target = new_database()
    ok("--db", str(target), "rule", "preset", "apply", "三会一课")
    ok("--db", str(target), "import", str(ledger))
    rules = ok("--db", str(target), "rule", "list", "--json").json()
    assert [(r["kind"], r["min"]) for r in rules] == [("joint", 2)]
    entries = ok("--db", str(target), "log", "--record", "rule:2", "--json").json()
    assert [e["action"] for e in entries] == ["delete", "create"]
    ok("--db", str(target), "log", "verify")
