"""The whole ledger as one JSON file (export all → import), and export's JSON arrays back in."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import fails, ok, run


def _export(db, kind: str, path) -> list:
    ok("--db", str(db), "export", kind, "--format", "json", "--output", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def _export_all(db, path) -> bytes:
    ok("--db", str(db), "export", "all", "--format", "json", "--output", str(path))
    return path.read_bytes()


# ---- export items|meetings|opinions --format json → import ------------------------------


def test_an_exported_json_array_imports_into_an_empty_database(hermetic, tmp_path, new_database):
    """Used to fail with 前 15 行里找不到表头: import read every file as CSV or XLSX."""
    ok("unit", "add", "教务处")
    ok("unit", "add", "学校工会")
    ok(
        "meeting",
        "add",
        "--kind",
        "座谈会",
        "--title",
        "教职工座谈会",
        "--date",
        "2010年9月6日下午",
    )
    ok(
        *[
            "meeting",
            "add",
            "--kind",
            "联席会议",
            "--title",
            "联席会议",
            "--date",
            "2010-09-08 15:00",
        ],
        *[
            "--end",
            "17:30",
            "--unit",
            "学校工会",
            "--attendee",
            "张三@教务处",
            "--attendee",
            "李四",
        ],
        *["--absent", "王五:出差", "--decision", "决议一", "--decision", "决议二"],
        *["--expected", "3", "--present", "2"],
    )
    ok("opinion", "add", "食堂饭菜", "--meeting", "1", "--by", "青年教师", "--topic", "后勤")
    ok("opinion", "add", "公开栏更新慢", "--source", "意见箱")
    ok("opinion", "reply", "2", "每月更新")
    ok("opinion", "add", "不合理的意见", "--source", "来信")
    ok("opinion", "decline", "3", "--reason", "不符合规定")
    common = ["--owner", "王五", "--date", "2010-09-01"]
    ok("rectify", "add", "--problem", "问题一", "--unit", "教务处", "--due", "2010-12-31", *common)
    ok("rectify", "add", "--problem", "问题二", "--unit", "学校工会", "--ongoing", *common)
    ok("rectify", "add", "--problem", "问题三", "--unit", "教务处", "--due", "2010-10-31", *common)
    ok("rectify", "note", "3", "已开始", "--date", "2010-09-05")
    ok("rectify", "submit", "3", "--result", "已完成", "--evidence", "照片", "--date", "2010-09-10")
    ok("rectify", "verify", "3", "--by", "书记", "--date", "2010-09-12")
    ok("rectify", "note", "1", "进行中", "--date", "2010-09-06")

    target = new_database("target")
    # Meetings first (opinions name them), with the units their people belong to.
    for kind, extra in (("meetings", ["--create-units"]), ("opinions", []), ("items", [])):
        path = tmp_path / f"{kind}.json"
        before = _export(hermetic, kind, path)
        result = run("--db", str(target), "import", str(path), *extra)
        assert result.code == 0, result.err
        after = _export(target, kind, tmp_path / f"{kind}-again.json")
        assert after == before, kind
    assert ok("--db", str(target), "log", "verify").code == 0


def test_a_json_array_with_a_bad_record_is_refused_whole(tmp_path):
    ok("unit", "add", "教务处")
    path = tmp_path / "items.json"
    path.write_text(
        json.dumps(
            [
                {"problem": "问题一", "unit": "教务处", "owner": "王五", "due": "2010-12-31"},
                {"problem": "问题二", "unit": "教务处", "owner": "王五", "due": "2010-02-30"},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.code == 1 and "第 2 行" in result.err
    assert ok("rectify", "list", "--state", "all", "--json").json() == []


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("[]", "没有记录"),
        ("[1, 2]", "第 1 条记录不是 JSON 对象"),
        ('[{"problem": {"a": 1}}]', "嵌套过深"),
        ('"items"', "不是 dangqun 导出的 JSON"),
        ('[{"problem": "x",', "不是有效的 JSON"),
        ('[{"problem": "x", "problem": "y"}]', "出现了不止一次"),
        ('[{"expected": NaN}]', "NaN 不是有效的 JSON 数值"),
    ],
)
def test_json_that_is_not_an_export_is_refused_in_one_line(tmp_path, text, wanted):
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert wanted in fails("import", str(path))


# ---- export all → import -----------------------------------------------------------------

WORDS = st.text(alphabet="整改问题意见措施会议纪要教师学生abc12", min_size=1, max_size=6)
UNITS = ("学校党支部", "教务处", "学校工会", "团委")
PEOPLE = ("张三", "李四", "王五", "青年教师代表")
KINDS = ("party", "union", "league", "women", "admin", "other")
WHEN = ("2010-09-06", "2010年9月6日下午", "2010-09-07 15:00", "2010-08-30 09:30")
FILES = ("公示栏.jpg", "签到表.pdf", "空白.bin")  # written by the test: @公示栏.jpg is its path
SETTINGS = (  # config set KEY VALUE, or config unset KEY for None
    ("org.name", "桃花山镇小学"),
    ("org.name", "学校党支部"),
    ("summary.title", "{单位}{期间}工作总结"),
    ("org.name", None),
    ("summary.title", None),
)


@st.composite
def ledgers(draw) -> list[list[str]]:
    """The commands a secretary might have run: units in a tree, meetings with their
    people and decisions, opinions answered, declined or turned into items, items through
    their whole life, a rule, settings, a summary."""
    commands: list[list[str]] = []
    units = list(UNITS[: draw(st.integers(1, len(UNITS)))])
    for i, name in enumerate(units):
        args = ["unit", "add", name, "--kind", draw(st.sampled_from(KINDS))]
        if i and draw(st.booleans()):
            args += ["--parent", draw(st.sampled_from(units[:i]))]
        if draw(st.booleans()):
            args += ["--note", draw(WORDS)]
        commands.append(args)
    meetings = draw(st.integers(0, 2))
    for _ in range(meetings):
        args = ["meeting", "add", "--kind", draw(st.sampled_from(("座谈会", "joint", "党课")))]
        args += ["--title", draw(WORDS), "--date", draw(st.sampled_from(WHEN))]
        if draw(st.booleans()):
            args += ["--unit", draw(st.sampled_from(units))]
        for person in draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)):
            unit = draw(st.sampled_from((None, *units)))
            args += ["--attendee", f"{person}@{unit}" if unit else person]
        if draw(st.booleans()):
            args += ["--absent", f"赵六:{draw(WORDS)}"]
        for text in draw(st.lists(WORDS, max_size=2)):
            args += ["--decision", text]
        commands.append(args)
    fates = draw(st.lists(st.sampled_from(("pending", "reply", "decline", "rectify")), max_size=3))
    linked = []
    for n, fate in enumerate(fates, 1):
        where = ["--meeting", str(draw(st.integers(1, meetings)))] if meetings else []
        where = where or ["--source", "意见箱", "--date", "2010-09-07"]
        raised = ["--unit", draw(st.sampled_from(units))] if draw(st.booleans()) else []
        commands.append(["opinion", "add", draw(WORDS), *where, *raised])
        if fate == "reply":
            commands.append(["opinion", "reply", str(n), draw(WORDS)])
        elif fate == "decline":
            commands.append(["opinion", "decline", str(n), "--reason", draw(WORDS)])
        elif fate == "rectify":
            linked.append(n)
    items = draw(st.integers(0, 3))
    for n in range(1, max(items, len(linked)) + 1):
        args = ["rectify", "add", "--problem", draw(WORDS), "--unit", draw(st.sampled_from(units))]
        args += ["--owner", draw(st.sampled_from(PEOPLE)), "--date", "2010-09-08"]
        ongoing = draw(st.booleans())
        args += ["--ongoing"] if ongoing else ["--due", "2010-10-31"]
        if n <= len(linked):
            args += ["--from-opinion", str(linked[n - 1])]
        commands.append(args)
        item = str(n)
        if not ongoing and draw(st.booleans()):
            extend = ["rectify", "extend", item, "--to", "2010-12-31", "--date", "2010-09-09"]
            commands.append([*extend, "--reason", draw(WORDS)])
        stage = draw(st.integers(0, 4))  # open, noted, submitted, rejected, closed
        if stage >= 1:
            commands.append(["rectify", "note", item, draw(WORDS), "--date", "2010-09-10"])
        if stage >= 2:
            commands.append(
                ["rectify", "submit", item, "--result", draw(WORDS), "--date", "2010-09-11"]
            )
        if stage == 3:
            commands.append(
                ["rectify", "reject", item, "--reason", draw(WORDS), "--date", "2010-09-12"]
            )
        if stage == 4:
            commands.append(["rectify", "verify", item, "--by", "书记", "--date", "2010-09-14"])
        # Evidence files (@name: a file the test writes), the same photo on two items stored once.
        if files := draw(st.lists(st.sampled_from(FILES), max_size=2, unique=True)):
            commands.append(["rectify", "attach", item, *(f"@{name}" for name in files)])
    if draw(st.booleans()):  # a new database has no rules: the ledger chooses some
        preset = draw(st.sampled_from(("三会一课", "联席会议制度", "主题党日")))
        commands.append(["rule", "preset", "apply", preset])
        if draw(st.booleans()):
            commands.append(["rule", "remove", "1", "--yes"])
    if draw(st.booleans()):
        rule = ["rule", "add", "--kind", "党课", "--min", "3", "--per", "month"]
        commands.append([*rule, "--unit", draw(st.sampled_from(units))])
    for key, value in draw(st.lists(st.sampled_from(SETTINGS), max_size=3)):
        commands.append(["config", "set", key, value] if value else ["config", "unset", key])
    summary = draw(st.sampled_from(("none", "draft", "final")))
    if summary != "none":
        commands.append(["summary", "generate", "2010Q3", "--save"])
    if summary == "final":
        commands.append(["summary", "finalize", "1"])
    return commands


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(commands=ledgers())
def test_export_all_import_export_all_is_byte_identical(tmp_path_factory, new_database, commands):
    folder = tmp_path_factory.mktemp("ledger")
    source, target = new_database(), new_database()  # fresh names: one pair per example
    for name in FILES:
        (folder / name).write_bytes(name.encode() + bytes(range(256)))
    for args in commands:
        ok("--db", str(source), *(str(folder / a[1:]) if a[:1] == "@" else a for a in args))
    first = _export_all(source, folder / "first.json")
    ok("--db", str(target), "import", str(folder / "first.json"))
    assert _export_all(target, folder / "again.json") == first
    assert "操作记录完整" in ok("--db", str(target), "log", "verify").err
    # A later add takes a fresh number, after the restored ones.
    units = len(json.loads(first)["tables"]["unit"])
    assert ok("--db", str(target), "unit", "add", "新单位").id == units + 1


def _ledger(tmp_path) -> dict:
    ok("unit", "add", "学校党支部", "--kind", "party")
    ok("unit", "add", "教务处", "--parent", "学校党支部")
    ok("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    ok(
        "meeting",
        "add",
        "--kind",
        "党课",
        "--title",
        "党课",
        "--date",
        "2010-09-07",
        "--unit",
        "教务处",
    )
    ok("rectify", "add", "--problem", "问题", "--unit", "教务处", "--owner", "王五", "--ongoing")
    path = tmp_path / "ledger.json"
    ok("export", "all", "--format", "json", "--output", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_column_of_every_record_table_goes_out(tmp_path):
    from sqlmodel import SQLModel

    import dangqun_cli.models  # noqa: F401

    data = _ledger(tmp_path)
    assert [data[k] for k in ("dangqun", "version")] == ["ledger", 1]
    from dangqun_cli.database.schema import SCHEMA_HEAD

    assert data["schema"] == SCHEMA_HEAD
    expected = [
        t for t in SQLModel.metadata.sorted_tables if t.name not in ("audit_entry", "ledger_meta")
    ]
    assert list(data["tables"]) == [t.name for t in expected]
    for table in expected:
        for row in data["tables"][table.name]:
            assert list(row) == [c.name for c in table.columns], table.name
    text = (tmp_path / "ledger.json").read_text(encoding="utf-8")
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _refused(tmp_path, data, wanted: str, *, target) -> None:
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = target.dump()
    assert wanted in fails("--db", str(target), "import", str(path))
    assert target.dump() == before


@pytest.fixture
def empty(new_database):
    db = new_database("empty")
    ok("--db", str(db), "unit", "list")  # made and migrated, as a new database is
    return db


def _change(data: dict, how) -> dict:
    changed = json.loads(json.dumps(data))
    how(changed)
    return changed


@pytest.mark.parametrize(
    ("how", "wanted"),
    [
        (lambda d: d.update(version=2), "格式版本 2 比本程序能读的（1）新"),
        (lambda d: d.update(version="1"), '"version" 应是格式版本号 1'),
        (lambda d: d.update(schema="9999"), "结构版本 9999 比本程序"),
        (lambda d: d.update(dangqun="items"), "不是 dangqun 导出的整本台账"),
        (lambda d: d["tables"].update(audit_entry=[]), '不能导入名为 "audit_entry" 的表'),
        (lambda d: d["tables"].update(colour=[]), '没有名为 "colour" 的表'),
        (
            lambda d: d["tables"]["unit"][0].update(colour="红"),
            '表 unit 中编号 1 的记录有不认识的列 "colour"',
        ),
        (
            lambda d: d["tables"]["meeting"][1].update(unit_id=99),
            "表 meeting 中编号 2 的记录，列 unit_id：没有编号为 99 的 unit 记录",
        ),
        (
            lambda d: d["tables"]["meeting"][0].update(date="2010-02-30"),
            '表 meeting 中编号 1 的记录，列 date："2010-02-30" 不是有效的日期',
        ),
        (
            lambda d: d["tables"]["meeting"][0].update(date="20100906"),
            "表 meeting 中编号 1 的记录，列 date",
        ),
        (
            lambda d: d["tables"]["meeting"][0].update(kind="火星"),
            '表 meeting 中编号 1 的记录，列 kind："火星" 不是可用的值',
        ),
        (
            lambda d: d["tables"]["meeting"][0].update(expected="3"),
            '列 expected："3" 不是整数',
        ),
        (lambda d: d["tables"]["unit"][0].update(name=None), "列 name：不能为空"),
        (lambda d: d["tables"]["unit"][1].update(id=1), "列 id：与第 1 条记录重复"),
        (lambda d: d["tables"]["unit"][1].update(name="学校党支部"), "列 name：与第 1 条记录重复"),
        (lambda d: d["tables"]["unit"][0].update(parent_id=2), "上下级关系成环"),
        (lambda d: d["tables"]["unit"][0].update(name="长" * 101), "超过 100 字的上限"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_broken_ledger_file_is_refused_and_nothing_written(tmp_path, empty, how, wanted):
    data = _ledger(tmp_path)
    _refused(tmp_path, _change(data, how), wanted, target=empty)


def test_a_database_with_records_is_refused(hermetic, tmp_path):
    data = _ledger(tmp_path)
    path = tmp_path / "ledger.json"
    before = hermetic.dump()
    message = fails("import", str(path))
    assert "数据库里已有记录" in message and "--db" in message
    assert hermetic.dump() == before
    assert data  # the file itself was good


def test_a_dry_run_checks_and_writes_nothing(tmp_path, empty):
    _ledger(tmp_path)
    before = empty.dump()
    result = ok("--db", str(empty), "import", str(tmp_path / "ledger.json"), "--dry-run")
    assert "没有写入任何记录" in result.err
    assert empty.dump() == before


def test_a_file_from_an_older_structure_takes_defaults_for_missing_columns(tmp_path, empty):
    data = _ledger(tmp_path)
    data["schema"] = "0003"  # before items had their note (0004)
    for row in data["tables"]["rectification_item"]:
        del row["note"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ok("--db", str(empty), "import", str(path))
    assert ok("--db", str(empty), "rectify", "show", "1", "--json").json()["problem"] == "问题"


def test_export_all_takes_no_filters_and_only_json(tmp_path):
    _ledger(tmp_path)
    out = str(tmp_path / "x.json")
    assert "只能导出为 JSON" in fails("export", "all", "--format", "csv", "--output", out)
    assert "不能加筛选条件 --state" in fails(
        "export", "all", "--format", "json", "--output", out, "--state", "open"
    )
    message = fails("import", str(tmp_path / "ledger.json"), "--create-units")
    assert "导入整本台账不用 --create-units" in message
    shown = ok("export", "全部", "--format", "json", "--output", "-").out
    assert shown.startswith('{\n  "dangqun": "ledger",')
