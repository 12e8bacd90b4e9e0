"""Output files: every command that writes one refuses to destroy what is there.

``export``, ``summary export`` and ``meeting export`` refuse an existing file unless
``--force``; never write over a SQLite database, the database in use (or its -wal, -shm,
-journal files) or anything that is not a regular file; write through a temporary file
that is gone after any failure; and write to standard output for ``--output -``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.helpers import fails, ok, run

# One command of each kind that writes a file, with the format's file name.
WRITERS = {
    "export": (["export", "items", "--format", "csv"], "台账.csv"),
    "summary export": (["summary", "export", "2010Q3", "--format", "md"], "总结.md"),
    "meeting export": (["meeting", "export", "1", "--format", "md"], "记录.md"),
}


@pytest.fixture
def ledger():
    ok("unit", "add", "学校工会")
    ok(
        *["meeting", "add", "--kind", "座谈会", "--title", "教代会座谈会"],
        *["--date", "2010-09-06", "--unit", "学校工会"],
    )
    ok(
        *["rectify", "add", "--problem", "食堂卫生", "--unit", "学校工会"],
        *["--owner", "刘主席", "--due", "2010-12-31", "--date", "2010-09-08"],
    )


@pytest.fixture
def folder(tmp_path):
    """Where the outputs go (the SQLite test database lives in tmp_path itself)."""
    made = tmp_path / "输出"
    made.mkdir()
    return made


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging (a FIFO opened for writing waits for a reader)."""

    def expired(signum, frame):
        raise TimeoutError("the command blocked")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".dangqun-"))


@pytest.mark.sqlite_only("the database in use is a file only on SQLite")
@pytest.mark.parametrize("writer", WRITERS)
def test_the_database_in_use_is_never_written_over(ledger, hermetic, writer):
    args, _ = WRITERS[writer]
    before = hermetic.dump()
    raw = hermetic.path.read_bytes()
    for force in ([], ["--force"]):
        line = fails(*args, "--output", str(hermetic.path), *force)
        assert "正在使用的数据库" in line
    # Its companion files too, whether they exist or not: a stray -journal is a hot journal.
    for suffix in ("-wal", "-shm", "-journal"):
        line = fails(*args, "--output", f"{hermetic.path}{suffix}", "--force")
        assert "正在使用的数据库的附属文件" in line
        assert not Path(f"{hermetic.path}{suffix}").exists() or suffix != "-journal"
    # Through a link, under another spelling of the same path.
    link = hermetic.path.parent / "link.db"
    link.symlink_to(hermetic.path)
    assert "正在使用的数据库" in fails(*args, "--output", str(link), "--force")
    odd = f"{hermetic.path.parent}/./{hermetic.path.name}"
    assert "正在使用的数据库" in fails(*args, "--output", odd, "--force")
    assert hermetic.path.read_bytes() == raw
    assert hermetic.dump() == before
    assert leftovers(hermetic.path.parent) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_another_sqlite_database_is_never_written_over(ledger, folder, writer):
    args, _ = WRITERS[writer]
    other = folder / "places.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    raw = other.read_bytes()
    assert "是一个 SQLite 数据库" in fails(*args, "--output", str(other), "--force")
    assert "附属文件" in fails(*args, "--output", f"{other}-journal", "--force")
    assert other.read_bytes() == raw
    assert not Path(f"{other}-journal").exists()


@pytest.mark.parametrize("writer", WRITERS)
def test_an_existing_file_needs_force_and_keeps_its_mode(ledger, folder, writer):
    args, name = WRITERS[writer]
    path = folder / name
    path.write_text("旧的内容", encoding="utf-8")
    path.chmod(0o640)
    line = fails(*args, "--output", str(path))
    assert line == f"错误：{path} 已存在（加 --force 覆盖，或换一个文件名）"
    assert path.read_text(encoding="utf-8") == "旧的内容"
    ok(*args, "--output", str(path), "--force")
    assert path.read_text(encoding="utf-8-sig") != "旧的内容"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(folder) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_what_is_not_a_regular_file_is_refused(ledger, folder, writer):
    args, _ = WRITERS[writer]
    fifo = folder / "管道"
    os.mkfifo(fifo)
    with deadline(20):
        for force in ([], ["--force"]):
            assert "不是普通文件" in fails(*args, "--output", str(fifo), *force)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    for device in ("/dev/null", "/dev/stdout"):
        line = fails(*args, "--output", device, "--force")
        assert "不是普通文件" in line and "--output -" in line
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    folder = folder / "目录"
    folder.mkdir()
    assert "是一个目录" in fails(*args, "--output", str(folder), "--force")
    dangling = folder / "失效.md"
    dangling.symlink_to(folder / "没有的文件")
    assert "失效的链接" in fails(*args, "--output", str(dangling), "--force")
    assert leftovers(folder) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_is_replaced_never_written_through(ledger, folder, writer):
    args, name = WRITERS[writer]
    real = folder / name
    real.write_text("旧", encoding="utf-8")
    link = folder / f"链接-{name}"
    link.symlink_to(real)
    assert "已存在" in fails(*args, "--output", str(link))
    ok(*args, "--output", str(link), "--force")
    assert not link.is_symlink() and link.read_text(encoding="utf-8-sig") != "旧"
    assert real.read_text(encoding="utf-8") == "旧"
    other = folder / "链接到设备"
    other.symlink_to("/dev/null")
    assert "不是普通文件" in fails(*args, "--output", str(other), "--force")
    assert other.is_symlink()
    assert "系统目录" in fails(*args, "--output", "/dev/dangqun-新文件.md", "--force")
    assert not Path("/dev/dangqun-新文件.md").exists()


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["export", "items", "--format", "csv"], "\ufeff序号,编号,问题描述"),
        (["export", "items", "--format", "json"], "["),
        (["summary", "export", "2010Q3", "--format", "md"], "# "),
        (["meeting", "export", "1", "--format", "md"], "# "),
    ],
)
def test_dash_is_standard_output(ledger, folder, monkeypatch, args, start):
    monkeypatch.chdir(folder)
    result = ok(*args, "--output", "-")
    assert result.out.startswith(start)
    assert "已导出" not in result.out  # messages for people go to stderr
    assert list(folder.iterdir()) == []  # no file named "-", no temporary file
    if args[0] == "export" and args[-1] == "json":
        assert result.json()[0]["problem"] == "食堂卫生"
    if args[0] == "export" and args[-1] == "csv":
        assert "食堂卫生" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["export", "items", "--format", "xlsx"],
        ["summary", "export", "2010Q3", "--format", "docx"],
        ["meeting", "export", "1", "--format", "docx"],
    ],
)
def test_binary_formats_are_not_written_to_standard_output(ledger, folder, monkeypatch, args):
    monkeypatch.chdir(folder)
    line = fails(*args, "--output", "-")
    assert "二进制格式不能写到标准输出" in line
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_a_failed_write_leaves_nothing_behind(ledger, folder, monkeypatch, failure):
    from dangqun_cli.transfer import exporting

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(exporting, "_xlsx", broken)
    new = folder / "新.xlsx"
    old = folder / "旧.xlsx"
    old.write_bytes(b"old")
    for path, force in ((new, []), (old, ["--force"])):
        result = run("export", "items", "--format", "xlsx", "--output", str(path), *force)
        if failure is KeyboardInterrupt:
            assert result.code == 130
        else:
            assert result.code == 1 and "磁盘空间不足" in result.err
    assert not new.exists()
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["旧.xlsx"]


def test_an_interrupted_standard_output_leaves_no_temporary_file(ledger, folder, monkeypatch):
    import tempfile

    from dangqun_cli.render import files

    def broken(tmp):
        raise KeyboardInterrupt

    scratch = folder / "系统临时目录"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(files, "_copy_to_stdout", broken)
    result = run("summary", "export", "2010Q3", "--format", "md", "--output", "-")
    assert result.code == 130 and result.out == ""
    assert list(scratch.iterdir()) == []


@pytest.mark.sqlite_only("the database in use is a file only on SQLite")
def test_backup_uses_the_same_checks(ledger, hermetic, folder):
    before = hermetic.dump()
    assert "附属文件" in fails("db", "backup", f"{hermetic.path}-journal")
    assert not Path(f"{hermetic.path}-journal").exists()
    assert "不是普通文件" in fails("db", "backup", "/dev/null")
    first = folder / "备份.db"
    ok("db", "backup", str(first))
    line = fails("db", "backup", str(first))
    assert "SQLite 数据库" in line  # a backup is a database: never written over
    assert hermetic.dump() == before
