"""dangqun meeting: recording the 座谈会 the way it happened, then listing, showing, editing."""

from __future__ import annotations

import sys

import pytest

from tests.helpers import fails, joint, ok, run

SEED_ATTENDEES = ["老教师代表", "中年教师代表", "青年教师代表", "学科教师代表", "学校领导"]


def add_school() -> None:
    ok("unit", "add", "桃花山镇小学", "--kind", "行政")
    ok("unit", "add", "学校工会", "--kind", "union", "--parent", "桃花山镇小学")


def add_symposium(*extra: str) -> int:
    args = [
        "meeting",
        "add",
        "--kind",
        "座谈会",
        "--title",
        "桃花山镇小学党群共建创先争优座谈会",
        "--date",
        "2010年9月6日下午",
        "--place",
        "校办公室三楼会议室",
        "--unit",
        "桃花山镇小学",
        "--host",
        "李为容校长",
        "--recorder",
        "王老师",
    ]
    for name in SEED_ATTENDEES:
        args += ["--attendee", name]
    return ok(*args, *extra).id


def test_seed_symposium_round_trips_through_show_json():
    add_school()
    mid = add_symposium(
        "--attendee",
        "工会主席@学校工会",
        "--invitee",
        "镇教育办干部",
        "--absent",
        "张老师:病假",
        "--expected",
        "40",
        "--present",
        "38",
        "--minutes",
        "会上气氛热烈，与会人员踊跃发言。",
        "--decision",
        "对提出的问题进行认真整改",
    )
    data = ok("meeting", "show", mid, "--json").json()
    spec_keys = [
        "id",
        "kind",
        "title",
        "date",
        "end",
        "place",
        "unit",
        "host",
        "recorder",
        "attendees",
        "absentees",
        "invitees",
        "expected",
        "present",
        "minutes",
        "decisions",
        "opinions",
    ]
    assert set(spec_keys) <= set(data)
    assert data["id"] == mid
    assert data["kind"] == "symposium"
    assert data["date"] == "2010-09-06"
    assert data["part_of_day"] == "afternoon"
    assert data["place"] == "校办公室三楼会议室"
    assert data["unit"] == "桃花山镇小学"
    assert data["host"] == "李为容校长"
    assert [a["name"] for a in data["attendees"]] == [*SEED_ATTENDEES, "工会主席"]
    assert data["attendees"][-1]["unit"] == "学校工会"
    assert data["invitees"] == [{"name": "镇教育办干部", "unit": None, "org": None}]
    assert data["absentees"] == [{"name": "张老师", "unit": None, "reason": "病假"}]
    assert (data["expected"], data["present"]) == (40, 38)
    assert data["decisions"] == ["对提出的问题进行认真整改"]
    assert data["opinions"] == []


def test_chinese_datetime_is_stored_without_loss():
    mid = ok(
        "meeting", "add", "--kind", "joint", "--title", "联席会议", "--date", "2010年9月6日下午3点"
    ).id
    data = ok("meeting", "show", mid, "--json").json()
    assert data["date"] == "2010-09-06T15:00:00"
    assert data["part_of_day"] is None


def test_end_time_alone_means_the_same_day():
    mid = ok(
        "meeting",
        "add",
        "--kind",
        "joint",
        "--title",
        "t",
        "--date",
        "2010-09-06 15:00",
        "--end",
        "17:30",
    ).id
    assert ok("meeting", "show", mid, "--json").json()["end"] == "2010-09-06T17:30:00"
    message = fails(
        "meeting",
        "add",
        "--kind",
        "joint",
        "--title",
        "t",
        "--date",
        "2010-09-06 15:00",
        "--end",
        "2010-09-06 14:00",
    )
    assert "结束时间早于开始时间" in message


def test_show_prints_the_record_book_layout():
    add_school()
    mid = add_symposium("--minutes", "大家就加强民主管理提出了意见。", "--decision", "认真整改")
    ok("opinion", "add", "--meeting", mid, "--topic", "民主管理", "--by", "老教师代表", "校务公开")
    out = ok("meeting", "show", mid).out
    labels = ["时间", "地点", "主持人", "记录人", "出席", "议题", "内容", "决议"]
    positions = [out.index(label) for label in labels]
    assert positions == sorted(positions), out
    assert "2010年9月6日下午" in out
    assert "李为容校长" in out
    assert "校务公开" in out and "待处理" in out


def test_stdout_is_the_bare_id_off_a_terminal():
    first = run("meeting", "add", "--kind", "党课", "--title", "党课", "--date", "2010-09-01")
    second = run("meeting", "add", "--kind", "党课", "--title", "党课", "--date", "2010-09-02")
    assert (first.out, second.out) == ("1\n", "2\n")


def test_add_json_prints_the_record():
    data = ok(
        "meeting",
        "add",
        "--kind",
        "lecture",
        "--title",
        "专题党课",
        "--date",
        "2010-09-01",
        "--json",
    ).json()
    assert data["title"] == "专题党课" and data["kind"] == "lecture"


def test_missing_required_options_off_a_terminal_is_a_usage_error():
    message = fails("meeting", "add", "--title", "无类型", code=2)
    assert "--kind" in message and "--date" in message
    assert ok("meeting", "list", "--json").json() == []


def test_missing_options_are_asked_for_in_a_terminal(monkeypatch):
    from dangqun_cli.cli import meeting

    monkeypatch.setattr(meeting, "interactive", lambda: True)
    result = ok("meeting", "add", input="座谈会\n教师座谈会\n2010年9月6日\n")
    assert "会议类型" in result.out and "会议主题" in result.out
    rows = ok("meeting", "list", "--json").json()
    assert [(r["kind"], r["title"], r["date"]) for r in rows] == [
        ("symposium", "教师座谈会", "2010-09-06")
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--title", "  "], "会议主题不能为空"),
        (["--title", "t", "--date", "2010年2月30日"], "2月没有30日"),
        (["--title", "t", "--kind", "茶话会"], "无法识别的会议类型"),
        (["--title", "t", "--unit", "桃花山小学"], "是不是：桃花山镇小学"),
        (["--title", "t", "--expected", "10", "--present", "12"], "实到人数 12 大于应到人数 10"),
        (["--title", "x" * 201], "会议主题过长"),
        (["--title", "t", "--minutes", "纪" * 200_001], "会议纪要过长"),
        (["--title", "a\x00b"], "控制字符"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(args, expected):
    add_school()
    base = {"--kind": "座谈会", "--date": "2010-09-06"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    merged = [x for k, v in {**base, **given}.items() for x in (k, v)]
    message = fails("meeting", "add", *merged)
    assert expected in message
    assert ok("meeting", "list", "--json").json() == []
    assert all(e["record_type"] != "meeting" for e in ok("log", "--json").json())


def test_unknown_ids_are_refused():
    assert "没有编号为 7 的会议" in fails("meeting", "show", "7")
    assert "没有编号为 99999999999999999999 的会议" in fails(
        "meeting", "show", "99999999999999999999"
    )
    assert "没有编号为 0 的会议" in fails("meeting", "edit", "0", "--title", "x")


def test_list_filters_and_sorts_newest_first():
    add_school()
    ok("meeting", "add", "--kind", "joint", "--title", "七月联席会", "--date", "2010-07-05")
    ok("meeting", "add", "--kind", "joint", "--title", "九月联席会", "--date", "2010-09-02")
    add_symposium()
    rows = ok("meeting", "list", "--json").json()
    assert [r["title"][:5] for r in rows] == ["桃花山镇小", "九月联席会", "七月联席会"]
    assert [r["title"] for r in ok("meeting", "list", "--kind", "联席会议", "--json").json()] == [
        "九月联席会",
        "七月联席会",
    ]
    in_q3_sept = ok("meeting", "list", "--period", "2010年9月", "--json").json()
    assert len(in_q3_sept) == 2
    assert len(ok("meeting", "list", "--period", "2010Q3", "--json").json()) == 3
    assert [r["id"] for r in ok("meeting", "list", "--unit", "桃花山镇小学", "--json").json()] == [
        3
    ]
    assert [r["title"] for r in ok("meeting", "list", "--search", "七月", "--json").json()] == [
        "七月联席会"
    ]
    assert ok("meeting", "list", "--search", "%", "--json").json() == []
    ok("meeting", "edit", "1", "--title", "七月联席会（PPT 汇报）")
    for word in ("ppt", "PPT", "Ppt"):  # Latin letters in either case, on both databases
        assert [r["id"] for r in ok("meeting", "list", "--search", word, "--json").json()] == [1]
    # Only A–Z fold, as SQLite's LIKE does: no server-dependent folding of other letters.
    ok("meeting", "edit", "2", "--title", "Équipe ＰＰＴ 交流")
    for word, found in (("Équipe", [2]), ("équipe", []), ("ＰＰＴ", [2]), ("ｐｐｔ", [])):
        assert [r["id"] for r in ok("meeting", "list", "--search", word, "--json").json()] == found


def test_list_limit_says_how_many_more():
    for day in range(1, 6):
        ok(
            "meeting",
            "add",
            "--kind",
            "group",
            "--title",
            f"党小组会{day}",
            "--date",
            f"2010-09-0{day}",
        )
    result = ok("meeting", "list", "--limit", "2", "--json")
    assert [r["title"] for r in result.json()] == ["党小组会5", "党小组会4"]
    assert "共 5 条" in result.err
    assert len(ok("meeting", "list", "--all", "--json").json()) == 5


def test_long_chinese_cells_wrap_instead_of_being_cut():
    title = "关于进一步推进党群共建创先争优活动深入开展的专题座谈会" * 4
    ok("meeting", "add", "--kind", "座谈会", "--title", title, "--date", "2010-09-06")
    out = ok("meeting", "list").out
    assert "…" not in out
    flattened = "".join(line.strip(" │┃|") for line in out.splitlines())
    assert "".join(title.split()) in "".join(flattened.split())


def test_edit_changes_only_what_is_given_and_replaces_lists():
    add_school()
    mid = add_symposium("--decision", "旧决议")
    ok(
        "meeting",
        "edit",
        mid,
        "--place",
        "学校会议室",
        "--attendee",
        "全体教师",
        "--decision",
        "新决议",
    )
    data = ok("meeting", "show", mid, "--json").json()
    assert data["place"] == "学校会议室"
    assert data["host"] == "李为容校长"
    assert [a["name"] for a in data["attendees"]] == ["全体教师"]
    assert data["decisions"] == ["新决议"]
    ok("meeting", "edit", mid, "--place", "")
    assert ok("meeting", "show", mid, "--json").json()["place"] is None


def test_attend_appends_to_the_list():
    add_school()
    mid = add_symposium()
    ok("meeting", "attend", mid, "--absent", "李老师：外出学习", "--invitee", "家长代表")
    data = ok("meeting", "show", mid, "--json").json()
    assert len(data["attendees"]) == len(SEED_ATTENDEES)
    assert data["absentees"] == [{"name": "李老师", "unit": None, "reason": "外出学习"}]
    assert data["invitees"][0]["name"] == "家长代表"
    assert "请至少给出一个" in fails("meeting", "attend", mid, code=2)


def test_minutes_file_and_stdin(tmp_path):
    path = tmp_path / "纪要.md"
    path.write_text("# 会议纪要\n\n与会人员踊跃发言。\n", encoding="utf-8")
    mid = ok(
        "meeting",
        "add",
        "--kind",
        "座谈会",
        "--title",
        "t",
        "--date",
        "2010-09-06",
        "--minutes-file",
        str(path),
    ).id
    assert "踊跃发言" in ok("meeting", "show", mid, "--json").json()["minutes"]
    mid2 = ok(
        "meeting",
        "add",
        "--kind",
        "座谈会",
        "--title",
        "t",
        "--date",
        "2010-09-06",
        "--minutes-file",
        "-",
        input="来自标准输入的纪要",
    ).id
    assert ok("meeting", "show", mid2, "--json").json()["minutes"] == "来自标准输入的纪要"
    assert "找不到会议纪要文件" in fails(
        "meeting",
        "add",
        "--kind",
        "座谈会",
        "--title",
        "t",
        "--date",
        "2010-09-06",
        "--minutes-file",
        str(tmp_path / "没有.md"),
    )


def test_minutes_opens_the_editor(tmp_path, monkeypatch):
    mid = ok("meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06").id
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write('编辑器写入的纪要\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    ok("meeting", "minutes", mid)
    assert ok("meeting", "show", mid, "--json").json()["minutes"] == "编辑器写入的纪要"
    entries = ok("log", "--record", f"meeting:{mid}", "--json").json()
    assert entries[0]["action"] == "minutes"
    assert entries[0]["after"]["minutes"] == "编辑器写入的纪要"


def test_a_command_run_again_after_a_write_conflict_does_not_ask_again(tmp_path, monkeypatch):
    """PostgreSQL may roll a transaction back to break a deadlock; its work is then run
    again (database/transactions.py). The secretary's editing and answers, gathered
    before the transaction, are not asked for a second time."""
    from dangqun_cli.cli import meeting
    from dangqun_cli.errors import WriteConflict
    from dangqun_cli.services import meetings

    mid = ok("meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06").id
    opened = tmp_path / "opened"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        f"open({str(opened)!r}, 'a').write('x')\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('只编辑一次的纪要\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    real = meetings.set_minutes
    calls = []

    def conflicts_once(session, *args):
        calls.append(args)
        if len(calls) == 1:
            raise WriteConflict("数据库操作失败", "与其他人的写入冲突")
        return real(session, *args)

    monkeypatch.setattr(meetings, "set_minutes", conflicts_once)
    ok("meeting", "minutes", mid)
    assert len(calls) == 2 and opened.read_text() == "x"  # written twice, edited once
    assert ok("meeting", "show", mid, "--json").json()["minutes"] == "只编辑一次的纪要"

    asked = []
    monkeypatch.setattr(meeting, "interactive", lambda: True)
    monkeypatch.setattr(
        "typer.prompt", lambda question, **_: asked.append(question) or "2010-09-07"
    )
    real_add = meetings.add_meeting
    tries = []

    def add_conflicts_once(session, *args, **kwargs):
        tries.append(1)
        if len(tries) == 1:
            raise WriteConflict("数据库操作失败", "与其他人的写入冲突")
        return real_add(session, *args, **kwargs)

    monkeypatch.setattr(meetings, "add_meeting", add_conflicts_once)
    ok("meeting", "add", "--kind", "座谈会", "--title", "补录")
    assert len(tries) == 2 and len(asked) == 1
    # A new command line asks afresh.
    ok("meeting", "add", "--kind", "座谈会", "--title", "再补录")
    assert len(asked) == 2


# issue 16 — small


def test_list_shows_the_time_of_day_as_show_does():
    """`meeting list` dropped 下午: a meeting given as 下午 reads 下午 in the list too, and
    one given with an hour reads 15:00 in both."""
    ok("meeting", "add", "--kind", "joint", "--title", "下午会", "--date", "2023年12月5日下午")
    ok("meeting", "add", "--kind", "joint", "--title", "三点会", "--date", "2023-12-05 15:00")
    listed = ok("meeting", "list").out
    assert "2023年12月5日下午" in listed
    assert "2023年12月5日 15:00" in listed
    assert "2023年12月5日下午" in ok("meeting", "show", "1").out
    assert "2023年12月5日 15:00" in ok("meeting", "show", "2").out


def test_an_absentee_names_a_unit_as_an_attendee_does():
    """`--absent 冯涛@南湖社区党委:培训` stored the name with “@…”."""
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    mid = ok(
        *joint(
            "2023-12-05",
            "--absent",
            "冯涛@南湖社区党委:培训",
            "--absent",
            "李华＠南湖社区党委：出差@北京",
        )
    ).id
    data = ok("meeting", "show", mid, "--json").json()
    assert data["absentees"] == [
        {"name": "冯涛", "unit": "南湖社区党委", "reason": "培训"},
        {"name": "李华", "unit": "南湖社区党委", "reason": "出差@北京"},
    ]
    assert "冯涛（南湖社区党委，培训）" in ok("meeting", "show", mid).out
    # The unit is resolved as an attendee's: an unknown one is refused, nothing is written.
    line = fails("meeting", "attend", mid, "--absent", "王强@南湖社区:病假")
    assert "没有名为“南湖社区”的单位" in line and "南湖社区党委" in line
    assert len(ok("meeting", "show", mid, "--json").json()["absentees"]) == 2
    ok("log", "verify")


def test_an_absent_unit_is_not_counted_as_attending(monkeypatch):
    monkeypatch.setenv("DANGQUN_TODAY", "2024-01-10")
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    ok("unit", "add", "街道党工委", "--kind", "party")
    ok(*joint("2023-12-05", "--unit", "街道党工委", "--absent", "冯涛@南湖社区党委:培训"))
    assert ok("meeting", "list", "--unit", "南湖社区党委", "--json").json() == []
    facts = ok("summary", "generate", "2023Q4", "--json").json()
    assert facts["meetings"]["attendance"]["by_unit"] == []


def test_a_guest_from_outside_needs_no_unit():
    """A 列席 guest from outside had to be registered as a unit first."""
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    mid = ok(
        *joint("2023-12-05", "--invitee", "张三@市委组织部", "--invitee", "王五@南湖社区党委")
    ).id
    data = ok("meeting", "show", mid, "--json").json()
    assert data["invitees"] == [
        {"name": "张三", "unit": None, "org": "市委组织部"},
        {"name": "王五", "unit": "南湖社区党委", "org": None},
    ]
    assert "张三（市委组织部）、王五（南湖社区党委）" in ok("meeting", "show", mid).out
    # No unit was invented for the guest's organisation.
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["南湖社区党委"]
    ok("log", "verify")


def test_an_attendee_unit_must_be_registered():
    """Attendance is counted per unit: an attendee's unknown unit is refused (a typo must not
    become a unit of its own), and the message says a guest can be recorded as 列席."""
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    line = fails(*joint("2023-12-05", "--attendee", "张三@市委组织部"))
    assert "没有名为“市委组织部”的单位" in line and "--invitee" in line
    assert ok("meeting", "list", "--json").json() == []


def test_outside_guests_and_absent_units_survive_export_and_import(tmp_path):
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    ok(*joint("2023-12-05", "--invitee", "张三@市委组织部", "--absent", "冯涛@南湖社区党委:培训"))
    before = ok("meeting", "show", "1", "--json").json()
    out = tmp_path / "meetings.csv"
    ok("export", "meetings", "--format", "csv", "--output", out)
    other = ["--db", str(tmp_path / "other.db")]
    ok(*other, "unit", "add", "南湖社区党委", "--kind", "party")
    ok(*other, "import", out, "--type", "meetings")
    after = ok(*other, "meeting", "show", "1", "--json").json()
    assert after["invitees"] == before["invitees"]
    assert after["absentees"] == before["absentees"]
    assert [u["name"] for u in ok(*other, "unit", "list", "--json").json()] == ["南湖社区党委"]


def audit_entries() -> int:
    return len(ok("log", "--all", "--json").json())


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing():
    """`meeting edit 3` with nothing to change said 已修改会议 3."""
    ok("unit", "add", "南湖社区党委", "--kind", "party")
    mid = ok(*joint("2023-12-05", "--attendee", "李明@南湖社区党委", "--decision", "按期整改")).id
    entries = audit_entries()
    before = ok("meeting", "show", mid, "--json").json()
    line = fails("meeting", "edit", mid)
    assert line.startswith("错误：没有改动") and "meeting edit --help" in line
    same = ["--title", "联席会议", "--kind", "联席会议", "--attendee", "李明@南湖社区党委"]
    assert fails("meeting", "edit", mid, *same, "--decision", "按期整改").startswith(
        "错误：没有改动"
    )
    assert ok("meeting", "show", mid, "--json").json() == before
    assert audit_entries() == entries
    ok("meeting", "edit", mid, "--title", "第二次联席会议")
    assert audit_entries() == entries + 1
    ok("log", "verify")
