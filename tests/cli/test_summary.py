"""dangqun summary, check, rule, status on the examples: the third quarter of 2010.

The expected figures are counted by hand from examples/taohuashan.sh and
examples/quarter_2010q3.sh, not computed by the code under test.
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.helpers import fails, ok, run


def test_summary_figures_match_the_hand_count(examples):
    facts = ok("summary", "generate", "2010Q3", "--json").json()
    assert facts["period"] == {
        "start": "2010-07-01",
        "end": "2010-09-30",
        "label": "2010年第三季度",
        "key": "2010Q3",
    }
    assert facts["unit"] is None
    m = facts["meetings"]
    assert m["total"] == 14
    assert m["by_kind"] == {
        "symposium": 1,
        "joint": 5,
        "branch_congress": 1,
        "branch_committee": 3,
        "group": 3,
        "lecture": 1,
    }
    assert [x["total"] for x in m["by_month"]] == [5, 5, 4]
    assert m["attendance"]["meetings_counted"] == 13
    assert (m["attendance"]["expected"], m["attendance"]["present"]) == (139, 129)

    o = facts["opinions"]
    assert o["total"] == 6
    assert o["by_topic"] == dict.fromkeys(
        ["民主管理", "教学管理", "尊重教师", "和谐校园", "减负", "科学化管理"], 1
    )
    assert o["by_state"] == {"pending": 0, "rectifying": 4, "answered": 1, "declined": 1}

    i = facts["items"]
    figures = {
        k: i[k] for k in ("opened", "closed", "in_progress", "overdue", "extended", "ongoing")
    }
    assert figures == {
        "opened": 4,
        "closed": 1,
        "in_progress": 2,
        "overdue": 1,
        "extended": 1,
        "ongoing": 1,
    }
    assert {u["unit"]: (u["total"], u["closed"], u["rate"]) for u in i["by_unit"]} == {
        "学校党支部": (1, 1, 1.0),
        "教务处": (2, 0, 0.0),
        "学校工会": (1, 0, 0.0),
    }
    assert i["best"] == ["学校党支部"]
    assert i["lagging"] == ["教务处"]  # 学校工会 has nothing overdue: never lagging
    assert (i["on_time"], i["on_time_rate"]) == (1, 0.5)  # item 1 early; item 2 overdue
    assert [
        (x["id"], x["unit"], x["owner"], x["days_overdue"]) for x in facts["overdue_items"]
    ] == [(2, "教务处", "张主任", 10)]
    assert [(x["id"], x["due"]) for x in facts["due_next_period"]] == [(4, "2010-10-31")]

    joint = {
        r["period"]: (r["required"], r["held"], r["met"])
        for r in facts["cadence"]
        if r["kind"] == "joint"
    }
    assert joint == {"2010-07": (2, 2, True), "2010-08": (2, 2, True), "2010-09": (2, 1, False)}
    assert [r for r in facts["cadence"] if not r["met"]] == [
        r for r in facts["cadence"] if r["kind"] == "joint" and r["period"] == "2010-09"
    ]
    # Every figure can be traced to the records it counts.
    assert facts["trace"]["items.overdue"] == [2]
    assert facts["trace"]["items.closed"] == [1]
    assert len(facts["trace"]["meetings.by_kind.joint"]) == 5


def test_other_ways_to_name_the_period(examples):
    key = lambda p: ok("summary", "generate", p, "--json").json()["period"]["key"]  # noqa: E731
    assert key("2010年第三季度") == "2010Q3"
    assert key("上季度") == "2010Q3"  # today is 2010-10-08
    assert "季度应为1–4" in fails("summary", "generate", "2010Q5")


def test_summary_for_one_unit(examples):
    facts = ok("summary", "generate", "2010Q3", "--unit", "教务处", "--json").json()
    assert facts["unit"] == "教务处"
    assert facts["items"]["opened"] == 2
    assert facts["meetings"]["total"] == 0  # the 教务处 held none of the quarter's meetings


def test_terminal_summary_reads_like_a_work_summary(examples):
    out = ok("summary", "generate", "2010Q3", "--explain").out
    headings = [
        "一、基本情况",
        "二、意见建议征集",
        "三、整改落实",
        "四、制度执行",
        "五、存在问题和下一步工作",
    ]
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)
    flat = "".join(out.split())
    assert "共召开各类会议14次" in flat
    assert "按期完成整改最多的是学校党支部（1项）" in flat
    assert "2010年9月联席会议少开1次" in flat
    assert "数字的来源" in out
    # --explain names each figure as the summary does, not by its JSON key.
    assert "整改事项：逾期" in flat and "会议：联席会议" in flat
    assert "items.overdue" not in out and "meetings.total" not in out


def test_saved_summary_lifecycle(examples, tmp_path, monkeypatch):
    sid = ok("summary", "generate", "2010Q3", "--save").id
    ok("meeting", "add", "--kind", "党课", "--title", "补记的党课", "--date", "2010-09-29")
    assert ok("summary", "generate", "2010Q3", "--save").id == sid  # the draft is refreshed
    saved = ok("summary", "show", str(sid), "--json").json()
    assert saved["facts"]["meetings"]["total"] == 15
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "p = sys.argv[1]\n"
        "text = open(p, encoding='utf-8').read()\n"
        "mark = '## 三、整改落实\\n'\n"
        "text = text.replace(mark, mark + '\\n党支部坚持边查边改。\\n')\n"
        "open(p, 'w', encoding='utf-8').write('本季度工作扎实推进。\\n\\n' + text)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    ok("summary", "edit", str(sid))
    shown = ok("summary", "show", str(sid)).out
    flat = "".join(shown.split())
    assert flat.index("本季度工作扎实推进") < flat.index("一、基本情况")
    assert (
        flat.index("三、整改落实") < flat.index("党支部坚持边查边改") < flat.index("四、制度执行")
    )
    rows = ok("summary", "list", "--json").json()
    assert [(r["id"], r["state"], r["period"]) for r in rows] == [(sid, "draft", "2010Q3")]

    ok("summary", "finalize", str(sid))
    assert "已定稿，不能修改" in fails("summary", "edit", str(sid))
    assert "已定稿，不能修改" in fails("summary", "edit", str(sid), "--title", "新标题")
    assert "已定稿，不能再次定稿" in fails("summary", "finalize", str(sid))
    assert "--force" in fails("summary", "generate", "2010Q3", "--save")
    new = ok("summary", "generate", "2010Q3", "--save", "--force").id
    assert new != sid
    states = {r["id"]: r["state"] for r in ok("summary", "list", "--json").json()}
    assert states == {sid: "final", new: "draft"}
    kept = ok("summary", "show", str(sid), "--json").json()
    assert "党支部坚持边查边改" in kept["narrative"]
    actions = [e["action"] for e in ok("log", "--record", f"summary:{sid}", "--json").json()]
    assert actions == ["finalize", "update", "regenerate", "create"]


def test_exports(examples, tmp_path):
    from docx import Document

    md = tmp_path / "总结.md"
    docx_path = tmp_path / "总结.docx"
    ok("summary", "export", "2010Q3", "--format", "md", "--output", str(md))
    ok("summary", "export", "2010Q3", "--format", "docx", "--output", str(docx_path))
    text = md.read_text(encoding="utf-8")
    terminal = "".join(ok("summary", "generate", "2010Q3").out.split())
    # The Markdown says what the terminal says: every heading and paragraph, in order.
    lines = [ln.lstrip("#").strip() for ln in text.splitlines()]
    prose = [ln for ln in lines if ln and not ln.startswith(("|", "**", "<p"))]
    positions = [terminal.index("".join(p.split())) for p in prose]
    assert positions == sorted(positions)
    assert len(prose) >= 12

    doc = Document(str(docx_path))
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert paras[0].text == "桃花山镇小学2010年第三季度党群共建工作总结"
    headings = [p.text for p in paras if re.match(r"^[一二三四五]、", p.text)]
    assert headings == [
        "一、基本情况",
        "二、意见建议征集",
        "三、整改落实",
        "四、制度执行",
        "五、存在问题和下一步工作",
    ]
    assert len(doc.tables) >= 5
    assert doc.tables[0].rows[0].cells[0].text == "会议类型"

    def east_asia(paragraph) -> str:
        from docx.oxml.ns import qn

        return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia(paras[0]) == "方正小标宋简体"
    assert east_asia(next(p for p in paras if p.text == "一、基本情况")) == "黑体"
    assert east_asia(next(p for p in paras if p.text.startswith("（一）"))) == "楷体_GB2312"
    assert east_asia(paras[2]) == "仿宋_GB2312"
    assert paras[-1].text == "2010年10月8日"
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert round(doc.sections[0].page_width.mm) == 210
    # A Chinese document (not python-docx's en-US), and no table of █ passed off as a chart.
    from docx.oxml.ns import qn

    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "2010年7月" in cells  # the monthly figures are there, as figures
    assert not [c for c in cells if "█" in c]


def test_export_errors_write_nothing(examples, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    assert "不支持的格式" in fails(
        "summary", "export", "2010Q3", "--format", "pdf", "--output", "x"
    )
    missing = tmp_path / "没有的目录" / "总结.md"
    assert "目录不存在" in fails(
        "summary", "export", "2010Q3", "--format", "md", "--output", str(missing)
    )
    assert list(tmp_path.iterdir()) == []


def test_meeting_minutes_export(examples, tmp_path):
    from docx import Document

    path = tmp_path / "记录.docx"
    ok("meeting", "export", "1", "--format", "docx", "--output", str(path))
    texts = [p.text for p in Document(str(path)).paragraphs if p.text.strip()]
    assert texts[0] == "桃花山镇小学党群共建创先争优座谈会记录"
    for expected in (
        "时间：2010年9月6日下午",
        "地点：校办公室三楼会议室",
        "主持人：李为容校长",
        "一、内容",
        "二、决议",
        "三、会上提出的意见建议",
    ):
        assert expected in texts
    md = tmp_path / "记录.md"
    ok("meeting", "export", "1", "--format", "md", "--output", str(md))
    assert "| 1 | 老教师代表 | 民主管理 |" in md.read_text(encoding="utf-8")


def test_check_reports_each_month(examples):
    rows = ok("check", "2010Q3", "--json").json()
    assert len(rows) == 11
    sept = next(r for r in rows if r["kind"] == "joint" and r["period"] == "2010-09")
    assert {k: sept[k] for k in ("unit", "per", "required", "held", "met")} == {
        "unit": None,
        "per": "month",
        "required": 2,
        "held": 1,
        "met": False,
    }
    assert len(sept["meetings"]) == 1
    result = run("check", "2010Q3")
    assert result.code == 0 and "未达标" in result.out
    # For one unit only its own rules apply (the whole school's are not the 教务处's).
    assert ok("check", "2010-09", "--unit", "教务处", "--json").json() == []
    ok("rule", "add", "--kind", "座谈会", "--min", "1", "--per", "month", "--unit", "教务处")
    [row] = ok("check", "2010-09", "--unit", "教务处", "--json").json()
    assert (row["unit"], row["held"], row["met"], row["status"]) == ("教务处", 0, False, "unmet")


def test_rules(examples):
    rows = ok("rule", "list", "--json").json()
    # The school chose them (examples/quarter_2010q3.sh): 联席会议制度 for the whole school,
    # 三会一课 for its 党支部.
    assert [(r["kind"], r["min"], r["per"], r["unit"]) for r in rows] == [
        ("joint", 2, "month", None),
        ("branch_congress", 1, "quarter", "学校党支部"),
        ("branch_committee", 1, "month", "学校党支部"),
        ("group", 1, "month", "学校党支部"),
        ("lecture", 1, "quarter", "学校党支部"),
    ]
    rid = ok(
        "rule", "add", "--kind", "座谈会", "--min", "1", "--per", "季度", "--unit", "学校工会"
    ).id
    assert "已有同样的制度要求" in fails(
        "rule", "add", "--kind", "symposium", "--min", "2", "--per", "quarter", "--unit", "学校工会"
    )
    assert "次数应在 1 到 100 之间" in fails(
        "rule", "add", "--kind", "党课", "--min", "0", "--per", "月"
    )
    assert "删除需要确认" in fails("rule", "remove", str(rid), code=2)
    ok("rule", "remove", str(rid), "--yes")
    assert len(ok("rule", "list", "--json").json()) == 5
    entries = ok("log", "--record", f"rule:{rid}", "--json").json()
    assert [e["action"] for e in entries] == ["delete", "create"]
    assert entries[0]["before"]["kind"] == "symposium"
    # A removed rule's number is never given out again (SQLite AUTOINCREMENT; the same
    # on PostgreSQL), so "rule:6" in the log always means the one rule.
    again = ok("rule", "add", "--kind", "座谈会", "--min", "1", "--per", "季度").id
    assert again == rid + 1


def test_status_as_of_a_day(examples):
    data = ok("status", "--json").json()
    assert data["date"] == "2010-10-08"
    assert [r["id"] for r in data["overdue"]] == [2]
    assert data["due_soon"] == [] and data["awaiting_verification"] == []
    owed = {(r["kind"], r["period"]): r["needed"] for r in data["meetings_owed"]}
    assert owed == {
        ("joint", "2010-10"): 2,
        ("branch_committee", "2010-10"): 1,
        ("group", "2010-10"): 1,
        ("branch_congress", "2010Q4"): 1,
        ("lecture", "2010Q4"): 1,
    }
    later = ok("status", "--date", "2010-10-25", "--json").json()
    assert [r["id"] for r in later["due_soon"]] == [4]
    assert "逾期的整改事项" in ok("status").out


@pytest.mark.parametrize("command", [["summary", "show", "9"], ["summary", "finalize", "9"]])
def test_unknown_summary(examples, command):
    assert "没有编号为 9 的工作总结" in fails(*command)


def test_sweep_regressions(examples, tmp_path):
    # A saved summary reads in the same order as a generated one, signed on "today".
    sid = ok("summary", "generate", "2010Q3", "--save").id
    ok("summary", "finalize", str(sid))
    path = tmp_path / "s.md"
    ok("summary", "export", str(sid), "--format", "md", "--output", str(path))
    text = path.read_text(encoding="utf-8")
    assert "其中座谈会1次、联席会议5次" in text
    assert "2010年10月8日" in text
    assert "还没有开始" in fails("summary", "generate", "2011Q1")
    assert "输出路径不能为空" in fails(
        "summary", "export", "2010Q3", "--format", "md", "--output", ""
    )
    assert "单位名称不能为空" in fails(
        "rule", "add", "--kind", "座谈会", "--min", "1", "--per", "quarter", "--unit", ""
    )
    ok("rule", "add", "--kind", "座谈会", "--min", "1", "--per", "month", "--unit", "教务处")
    rows = ok("check", "2010-09", "--unit", "教务处", "--json").json()
    assert {r["unit"] for r in rows} == {"教务处"}
    assert "不是有效的编号" in fails("summary", "show", "-1", code=2)


# issue 16 — small


def test_finalized_at_is_on_the_one_clock(examples, monkeypatch):
    """定稿时间 mixed the DANGQUN_TODAY date with the real clock's time of day."""
    monkeypatch.setenv("DANGQUN_TODAY", "2010-10-08")
    sid = ok("summary", "generate", "2010Q3", "--save").id
    ok("summary", "finalize", str(sid))
    data = ok("summary", "show", str(sid), "--json").json()
    assert data["finalized_at"] == "2010-10-08T00:00:00"
    assert data["created_at"] == "2010-10-08T00:00:00"
    # shown the Chinese way, to the second, like every recorded moment (log's 时间 too)
    assert "2010年10月8日 00:00:00" in ok("summary", "list").out
    log = ok("log", "--limit", "1").out
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", log), log


def test_a_title_edit_that_changes_nothing_says_so(examples):
    sid = ok("summary", "generate", "2010Q3", "--save").id
    title = ok("summary", "show", str(sid), "--json").json()["title"]
    entries = len(ok("log", "--all", "--json").json())
    assert fails("summary", "edit", str(sid), "--title", title).startswith("错误：没有改动")
    assert len(ok("log", "--all", "--json").json()) == entries


@pytest.mark.parametrize(
    "args",
    [
        ("2010Q3",),
        ("2010年",),
        ("2010-09",),
        ("2010Q3", "--unit", "学校党支部"),
        ("2010Q3", "--unit", "桃花山镇小学"),
        ("2010Q4",),
    ],
)
def test_explain_names_every_figure_in_chinese(examples, args):
    """Issue 16: ``--explain`` labelled numbers ``meetings.total``, ``items.in_scope``."""
    out = ok("summary", "generate", *args, "--explain").out
    assert "数字的来源" in out
    assert not re.findall(r"[A-Za-z_]+\.[A-Za-z_.]+", out)
    assert not re.findall(r"\b(?:total|by_kind|by_state|by_unit|in_scope|None)\b", out)


@pytest.mark.no_database
def test_a_figure_explain_does_not_know_is_still_named_in_chinese():
    from dangqun_cli.reports.summary import trace_label

    assert trace_label("meetings.total") == "会议总数"
    assert trace_label("items.in_scope") == "整改事项：本期应整改"
    for key in ("items.by_unit.None", "meetings.by_kind.新类型", "items.later", "later.thing"):
        assert not re.search("[A-Za-z]", trace_label(key)), key
