"""The import report (issue 14): totals and the rows with problems; --verbose lists every row.

A 10,000-row ledger used to print a table of 10,000 rows, with the totals under it and the
one bad row somewhere in the middle."""

from __future__ import annotations

import pytest

from dangqun_cli.render.terminal import IMPORT_ERRORS_SHOWN
from tests.helpers import fails, ok, run

HEADER = "问题描述,整改措施,责任单位,责任人,整改时限,备用列"


@pytest.fixture
def union():
    ok("unit", "add", "学校工会")


def ledger(tmp_path, rows: list[str]):
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


THREE = [
    "食堂卫生检查不到位,每周检查,学校工会,刘主席,2010-12-31,a",
    "文体活动偏少,每月一次,学校攻会,刘主席,2010-12-31,b",  # row 3: no such unit
    "青年教师成长,结对帮扶,学校工会,刘主席,2010-12-31,c",
]


def test_the_report_lists_only_the_row_with_a_problem(union, tmp_path):
    path = ledger(tmp_path, THREE)
    result = run("import", path, "--dry-run")
    assert result.code == 1 and "1 行有误（第一处在第 3 行）" in result.err
    out = result.out
    assert "表头在第 1 行" in out
    assert "识别的列（5）：问题描述、整改措施、责任单位、责任人、整改时限" in out
    assert "未识别的列（不导入）：备用列" in out
    assert "文体活动偏少" in out and "责任单位：没有名为“学校攻会”的单位" in out
    assert "是不是：学校工会" in out  # how to fix it
    assert "食堂卫生检查不到位" not in out and "青年教师成长" not in out
    lines = [line.strip() for line in out.splitlines()]
    assert any(line.startswith("3 ") for line in lines)  # its row number
    assert lines[-1] == "共 3 行：新增 2 行，有误 1 行"  # the totals, last


def test_verbose_lists_every_row(union, tmp_path):
    out = run("import", ledger(tmp_path, THREE), "--dry-run", "--verbose").out
    for label in ("食堂卫生检查不到位", "文体活动偏少", "青年教师成长"):
        assert label in out
    assert "新增" in out and "有误" in out and "处理" in out
    assert out.strip().splitlines()[-1].strip() == "共 3 行：新增 2 行，有误 1 行"


def test_a_good_file_shows_its_totals_only(union, tmp_path):
    rows = [THREE[0], THREE[2]]
    result = ok("import", ledger(tmp_path, rows))
    assert "食堂卫生检查不到位" not in result.out and "问题及改法" not in result.out
    assert result.out.strip().splitlines()[-1] == "共 2 行：新增 2 行"
    assert "已导入：新增 2 条" in result.err
    again = ok("import", ledger(tmp_path, rows), "--verbose").out
    assert "食堂卫生检查不到位" in again and "无变化" in again


def test_a_long_list_of_problems_is_cut_and_says_so(union, tmp_path):
    bad = IMPORT_ERRORS_SHOWN + 5
    rows = [f"问题{i},措施,学校工会,刘主席,2010-12-31,x" for i in range(10)]
    rows += [f"有误{i},措施,没有这个单位,刘主席,2010-12-31,x" for i in range(bad)]
    result = run("import", ledger(tmp_path, rows), "--dry-run")
    assert result.code == 1
    assert "有误0" in result.out and f"有误{IMPORT_ERRORS_SHOWN - 1}" in result.out
    assert f"有误{IMPORT_ERRORS_SHOWN}" not in result.out
    assert "另有 5 行有误未列出；加 --verbose 逐行列出全部" in result.out
    assert result.out.strip().splitlines()[-1] == f"共 {10 + bad} 行：新增 10 行，有误 {bad} 行"


def test_json_keeps_its_keys_and_adds_totals(union, tmp_path):
    fails("import", ledger(tmp_path, THREE), "--json")
    report = run("import", ledger(tmp_path, THREE), "--json").json()
    assert list(report) == [
        *["type", "dry_run", "header_row", "columns", "unknown_columns", "encoding"],
        *["totals", "rows"],
    ]
    assert report["totals"] == {"rows": 3, "create": 2, "update": 0, "same": 0, "error": 1}
    assert [r["row"] for r in report["rows"]] == [2, 3, 4]  # every row, as before
    assert report["rows"][1]["errors"][0]["column"] == "责任单位"
