"""Every file dangqun reads is bounded (transfer/limits.py): import FILE, rectify add
--from-file, --minutes-file. A file past a limit is refused within seconds, in bounded
memory, with one Chinese line; a file within them (a meeting with long minutes) comes back.

The hostile files are small on disk (tests/hostile_files.py). Before the limits, several of
these tests allocate gigabytes: check them against old code only under ``ulimit -v``."""

from __future__ import annotations

import csv
import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from dangqun_cli.text import MINUTES_MAX
from dangqun_cli.transfer import limits
from tests import hostile_files as hostile
from tests.conftest import REPO
from tests.helpers import fails, ok


@pytest.fixture
def union():
    ok("unit", "add", "学校工会")


class Budget:
    """Wall time and peak Python allocation of the block, checked at its end."""

    def __init__(self, seconds: float = 20, megabytes: int = 100):
        self.seconds, self.bytes = seconds, megabytes * limits.MB

    def __enter__(self):
        tracemalloc.start()
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        elapsed = time.monotonic() - self.start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if exc[0] is None:
            assert elapsed < self.seconds, f"took {elapsed:.1f} s"
            assert peak < self.bytes, f"allocated {peak // limits.MB} MB"


# ---- XLSX ------------------------------------------------------------------------------


def test_a_claimed_dimension_allocates_nothing(union, tmp_path):
    # 5 KB that declares A1:XFD1048576, with a cell in row 150,000: padded to the claim,
    # the rows in between are 150,000 × 16,384 cells (MemoryError after gigabytes before).
    path = hostile.dimension_bomb(tmp_path, last_row=150_000)
    assert os.path.getsize(path) < 10_000
    with Budget():
        message = fails("import", path, "--dry-run")
    # Read as the cells really are: row 2 is a record, row 150,000 an incomplete one.
    assert "第一处在第 150000 行" in message


def test_a_row_past_the_row_limit_is_refused(union, tmp_path):
    path = hostile.dimension_bomb(tmp_path)  # its last cell is in row 1,048,576
    with Budget():
        message = fails("import", path)
    assert f"超过 {limits.ROWS_MAX:,} 行的上限" in message and "dimension-bomb" in message
    assert ok("rectify", "list", "--json").json() == []


def test_a_value_past_the_column_limit_is_refused(union, tmp_path):
    path = hostile.wide_xlsx(tmp_path, limits.COLUMNS_MAX + 1)
    message = fails("import", path, "--dry-run")
    assert f"第 2 行超过 {limits.COLUMNS_MAX} 列的上限" in message
    # Up to the limit, the same row is read (the cell has no header, so it is not imported).
    ok("import", hostile.wide_xlsx(tmp_path, limits.COLUMNS_MAX), "--dry-run")


def test_a_zip_bomb_is_refused_before_it_is_inflated(union, tmp_path):
    path = hostile.zip_bomb(tmp_path, limits.PART_MAX + limits.MB)
    assert os.path.getsize(path) < 500_000
    with Budget(seconds=5, megabytes=60):
        message = fails("import", path, "--dry-run")
    assert f"超过每部分 {limits.PART_MAX // limits.MB} MB 的上限" in message


@pytest.mark.parametrize("build", [hostile.cells_bomb, hostile.shared_strings_bomb])
def test_cells_past_the_cell_limit_are_refused_before_parsing(union, tmp_path, build):
    # Within the size limits, but openpyxl would take a minute or more over them.
    path = build(tmp_path, limits.CELLS_MAX + 20)
    assert os.path.getsize(path) < 20 * limits.MB
    with Budget(seconds=10, megabytes=60):
        message = fails("import", path, "--dry-run")
    assert f"超过 {limits.CELLS_MAX:,} 个单元格的上限" in message


def test_a_zip_that_understates_its_parts_is_refused(union, tmp_path):
    # The headers say 2,000 bytes; the data inflates to 101 MB. Reading stops at 2,000.
    path = hostile.lying_zip(tmp_path, limits.PART_MAX + limits.MB, claimed=2_000)
    with Budget(seconds=5, megabytes=60):
        message = fails("import", path, "--dry-run")
    assert "不是有效的 XLSX 文件" in message


# ---- files that never end --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["import", "/dev/zero"],
        ["rectify", "add", "--from-file", "/dev/zero"],
        [
            *["meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06"],
            *["--minutes-file", "/dev/zero"],
        ],
    ],
    ids=["import", "rectify", "minutes"],
)
def test_dev_zero_is_refused_by_size(args):
    with Budget(seconds=10, megabytes=2 * limits.FILE_MAX // limits.MB + 20):
        message = fails(*args)
    assert f"/dev/zero 超过 {limits.FILE_MAX // limits.MB} MB 的文件大小上限" in message


def test_a_fifo_that_never_ends_is_refused_by_size(tmp_path):
    fifo = tmp_path / "台账.csv"
    os.mkfifo(fifo)

    def endless():
        try:
            with open(fifo, "wb") as f:
                while True:
                    f.write(b"a," * 65536)
        except BrokenPipeError:
            pass  # the reader had enough

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    message = fails("import", str(fifo))
    writer.join(timeout=10)
    assert "超过 50 MB 的文件大小上限" in message and not writer.is_alive()


def test_a_file_past_the_size_limit_is_refused_from_its_size(tmp_path):
    path = tmp_path / "大.csv"
    with open(path, "wb") as f:
        f.truncate(limits.FILE_MAX + 1)  # sparse: nothing is written, nothing read
    with Budget(seconds=5, megabytes=20):
        assert "文件大小上限" in fails("import", str(path))


# ---- CSV -------------------------------------------------------------------------------


def _meetings_csv(path: Path, minutes: str) -> str:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["会议类型", "会议主题", "时间", "会议纪要"])
        writer.writerow(["座谈会", "长纪要的座谈会", "2010-09-06 15:00", minutes])
    return str(path)


def test_a_meeting_with_long_minutes_comes_back_from_its_export(tmp_path):
    assert limits.CELL_MAX >= MINUTES_MAX
    minutes = tmp_path / "纪要.txt"
    minutes.write_text(("会议纪要第一段。" * 10 + "\n") * 1_800, encoding="utf-8")  # 162,000 字
    ok(
        *["meeting", "add", "--kind", "座谈会", "--title", "长纪要的座谈会"],
        *["--date", "2010-09-06", "--minutes-file", str(minutes)],
    )
    exported = tmp_path / "会议.csv"
    ok("export", "meetings", "--format", "csv", "--output", str(exported))
    assert "无变化 1 条" in ok("import", str(exported)).err
    # A CSV written by another program, with 150,000 characters of minutes, is read too.
    path = _meetings_csv(tmp_path / "他处.csv", "纪" * 150_000)
    ok("import", path, "--dry-run")


def test_a_cell_past_the_cell_limit_is_refused_in_chinese(tmp_path):
    path = _meetings_csv(tmp_path / "超长.csv", "纪" * (limits.CELL_MAX + 1))
    message = fails("import", path, "--dry-run")
    assert f"第 2 行有一格超过 {limits.CELL_MAX:,} 字的上限" in message
    # An unbalanced quote swallows the rest of the file into one cell: the same refusal.
    path = tmp_path / "引号.csv"
    path.write_text('会议类型,会议主题\n座谈会,"未闭合\n' + "x" * limits.CELL_MAX, encoding="utf-8")
    assert "第 2 行有一格超过" in fails("import", str(path), "--dry-run")


# ---- JSON Lines (rectify add --from-file) ----------------------------------------------


def test_a_key_given_twice_is_refused(union, tmp_path):
    message = fails("rectify", "add", "--from-file", hostile.duplicate_key_jsonl(tmp_path))
    assert message.startswith('错误：第 1 行：键 "owner" 出现了不止一次')


def test_deep_nesting_is_refused(union, tmp_path):
    message = fails("rectify", "add", "--from-file", hostile.deep_jsonl(tmp_path))
    assert message.startswith("错误：第 1 行：JSON 嵌套过深")


def test_a_huge_number_is_refused(union, tmp_path):
    message = fails("rectify", "add", "--from-file", hostile.huge_number_jsonl(tmp_path))
    assert message.startswith("错误：第 1 行：数字过长：5,000 位")
    assert "第 1 行：数字过长" in fails(
        "rectify", "add", "--from-file", "-", input=hostile.item_line(opinions=[10**19])
    )
    assert "NaN 不是有效的 JSON 数值" in fails(
        "rectify", "add", "--from-file", "-", input=hostile.item_line(opinions=[float("nan")])
    )


def test_a_line_separator_inside_a_string_does_not_split_the_line(union):
    text = hostile.item_line(problem="第一段\u2028第二段").replace("\\u2028", "\u2028")
    assert "\u2028" in text
    bad = hostile.item_line(unit="不存在的处室")
    message = fails("rectify", "add", "--from-file", "-", input=f"{text}\n{bad}\n")
    assert message.startswith("错误：第 2 行：没有名为“不存在的处室”的单位")
    ok("rectify", "add", "--from-file", "-", input=text)
    # One item, its text whole; a multi-line field keeps U+2028 as a line break (text.py).
    assert ok("rectify", "show", "1", "--json").json()["problem"] == "第一段\n第二段"


def test_lines_past_the_row_limit_are_refused(union):
    text = hostile.item_line() + "\n" * limits.ROWS_MAX
    message = fails("rectify", "add", "--from-file", "-", input=text)
    assert f"超过 {limits.ROWS_MAX:,} 行的上限" in message


# ---- the README states them ------------------------------------------------------------


def test_the_readme_states_the_limits():
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## 台账的导入与导出")[1]
    section = section.split("\n## ")[0]
    for stated in (
        f"{limits.FILE_MAX // limits.MB} MB",
        f"{limits.ROWS_MAX:,} 行",
        f"{limits.COLUMNS_MAX} 列",
        f"{limits.CELLS_MAX:,} 个",
        f"{limits.CELL_MAX:,} 字",
        f"{MINUTES_MAX:,} 字",
        f"{limits.PART_MAX // limits.MB} MB",
        "<dimension",
        f"{limits.JSON_DIGITS_MAX} 位",
    ):
        assert stated in section, stated


def test_a_bounded_read_keeps_the_line_ends_of_text_mode(union, tmp_path):
    # The files were read with open() in text mode: \r\n and a lone \r still end a line.
    path = tmp_path / "纪要.txt"
    path.write_bytes("第一段\r第二段\r\n第三段".encode())
    mid = ok(
        *["meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "2010-09-06"],
        *["--minutes-file", str(path)],
    ).id
    assert ok("meeting", "show", str(mid), "--json").json()["minutes"] == "第一段\n第二段\n第三段"
    items = tmp_path / "items.jsonl"
    items.write_bytes(f"{hostile.item_line()}\r{hostile.item_line(problem='二')}\r\n".encode())
    assert ok("rectify", "add", "--from-file", str(items)).out.split() == ["1", "2"]


# ---- issue 14 — bulk-read: the fast XLSX reader is given only what it can bound ---------


def test_cells_far_apart_are_read_a_row_at_a_time(union, tmp_path):
    # Two cells, A1's row and XFD150,000: calamine would allocate their whole rectangle
    # (16,384 × 150,000 cells, 80 GB) and abort the process. In a child process with 2 GB
    # of address space, so that a regression ends that process and not the test run.
    import subprocess
    import sys

    path = hostile.spread_cells(tmp_path)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from dangqun_cli.cli.app import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "import", path, "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr[-400:]
    assert f"第 150000 行超过 {limits.COLUMNS_MAX} 列的上限" in done.stderr
