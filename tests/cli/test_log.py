"""dangqun log: every change, who made it, and the values before and after."""

from __future__ import annotations

import re
import sys

import pytest

from tests.helpers import fails, joint, ok


def test_every_change_is_audited_with_before_and_after():
    ok("unit", "add", "学校工会", "--kind", "union")
    mid = ok(*joint("2010-09-02", "--attendee", "工会主席@学校工会", before=("--as", "李秘书"))).id
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
        "command",
    }
    assert update["command"] == update["id"]  # a command of one entry
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
    fails(*joint("2010-09-02", "--attendee", "某人@不存在的单位", title="t"))
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
    assert "无法识别的记录" in fails("log", "--record", "会议")
    assert "无法识别的记录" in fails("log", "--record", "task:1")


def _ascii_words(text: str) -> set[str]:
    """ASCII words a reader would take for English or a program's name (hashes aside)."""
    text = re.sub(r"[0-9a-f]{12,}…?", "", text)
    return set(re.findall(r"[A-Za-z_][A-Za-z_.]{2,}", text))


def test_log_shows_every_kind_of_change_in_chinese(examples, tmp_path, monkeypatch):
    """Issue 16: the 改动 column showed ``finalized_at：（空） → …；状态：draft → final`` and
    ``narrative：…``. Every field and every enum value of every kind of record is Chinese,
    dates and times are written the Chinese way."""
    ok("unit", "edit", "教务处", "--kind", "其他", "--note", "负责教学管理")
    ok("meeting", "edit", "3", "--date", "2010年7月20日下午", "--place", "会议室")
    ok("opinion", "add", "希望增加图书", "--meeting", "1", "--date", "2010-09-06")
    ok("rule", "remove", "5", "--yes")
    ok("config", "set", "org.name", "桃花山镇小学")
    sid = ok("summary", "generate", "2010Q3", "--save").id
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\np = sys.argv[1]\ntext = open(p, encoding='utf-8').read()\n"
        "open(p, 'w', encoding='utf-8').write('本季度工作扎实推进。\\n\\n' + text)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    ok("summary", "edit", sid)
    ok("summary", "finalize", sid)
    table = ok("log", "--all").out
    # A setting is named as config set names it: 单位名称（org.name）.
    assert not _ascii_words(table.replace("（org.name）", "")), _ascii_words(table)
    assert "状态：草稿 → 定稿" in table
    assert "定稿时间：（空） → 2010年" in table
    assert "时间：2010年7月20日 09:00 → 2010年7月20日下午" in table
    assert "类型：行政 → 其他" in table
    assert "整改时限：2010年9月30日 → 2010年10月31日" in table
    assert "整改状态：待整改 → 整改中" in table
    assert "单位名称（org.name）：（空） → 桃花山镇小学" in table
    assert "补写的文字：（空） → 本季度工作扎实推进" in table
    assert re.search(r"20[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日 [0-9]{2}:[0-9]{2}", table)
    # The JSON keeps its keys and stored values.
    last = ok("log", "--record", f"summary:{sid}", "--json").json()[0]
    assert last["before"]["state"] == "draft" and last["after"]["state"] == "final"


@pytest.mark.parametrize(
    "spelling", ["整改事项:1", "整改事项：1", "整改事项 1", "整改事项1", "item:1", "ITEM:1"]
)
def test_log_record_takes_the_names_log_prints(examples, spelling):
    """Issue 16: ``log --record 整改事项:1`` was refused although the log prints 整改事项 1."""
    expected = ok("log", "--record", "item:1", "--json").json()
    assert expected and ok("log", "--record", spelling, "--json").json() == expected


def test_log_record_refuses_what_names_no_record():
    for text in ("会议", "任务:1", "task:1", ":1", "会议:-1"):
        assert "无法识别的记录" in fails("log", "--record", text)
    assert ok("log", "--record", "会议:3", "--json").json() == []


@pytest.mark.no_database
def test_every_stored_value_has_a_chinese_label():
    """The field table (fields.py) names every column and child list the audit trail keeps,
    for every kind of record (records.KINDS): a new column cannot reach ``log`` in English."""
    from dangqun_cli.fields import STORED
    from dangqun_cli.records import KEYS
    from dangqun_cli.services.audit import CHILDREN, ROOTS, column_keys

    assert set(STORED) == set(KEYS)
    for kind, model in ROOTS.items():
        record = STORED[kind]
        for name in (*column_keys(model), *CHILDREN.get(kind, ())):
            assert name in record.by_stored, f"{kind}.{name}"
            assert not re.search("[A-Za-z]", record.by_stored[name].label), f"{kind}.{name}"
        assert all(f.enum is not None for f in record.fields if f.kind == "enum"), kind
