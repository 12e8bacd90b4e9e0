"""Ctrl-C: one Chinese line saying what happened, exit 130, no traceback, no temporary
files left, and the database either as it was or — for a restore or a backup whose work
was already done — with that work done, and the line saying so."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dangqun_cli import interrupts
from tests.backends import APP_ROLE
from tests.helpers import ok, run

REPO = Path(__file__).resolve().parents[1]
NOTHING = "错误：已中断，未做任何修改"


def interrupted(result_code: int, err: str) -> str:
    """The one line an interrupted command printed (exit 130, no traceback)."""
    assert result_code == 130, f"exit {result_code}: {err}"
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files a command may have left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", "-journal")))


def ctrl_c(*_args, **_kwargs):
    raise KeyboardInterrupt


# In-process: a service interrupted through the real entry point and its guard.


def test_an_interrupted_import_says_so_and_writes_nothing(hermetic, tmp_path, monkeypatch):
    from dangqun_cli.transfer import importing

    ok("unit", "add", "学校工会")
    ledger = tmp_path / "items.csv"
    ledger.write_text("问题描述,责任单位,责任人,整改时限\n问题,学校工会,王,2010-12-31\n")
    before = hermetic.dump()
    real = importing.run

    def run_then_interrupt(*args, **kwargs):
        real(*args, **kwargs)  # the rows are in the transaction, not yet committed
        raise KeyboardInterrupt

    monkeypatch.setattr(importing, "run", run_then_interrupt)
    result = run("import", str(ledger))
    assert interrupted(result.code, result.err) == NOTHING
    assert hermetic.dump() == before


def test_an_interrupted_backup_leaves_no_temporary_file(hermetic, tmp_path, monkeypatch):
    ok("unit", "add", "学校工会")
    real = os.replace
    seen = []

    def interrupt_before_the_rename(src, dst, *args, **kwargs):
        if str(src).endswith(".part"):
            seen.append(Path(src).stat().st_size)
            raise KeyboardInterrupt
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", interrupt_before_the_rename)
    result = run("db", "backup", str(tmp_path / "b.db"))
    assert interrupted(result.code, result.err) == NOTHING
    assert seen and seen[0] > 0  # the copy was complete, only the rename was left
    assert not (tmp_path / "b.db").exists()
    assert leftovers(tmp_path) == []


def test_a_backup_interrupted_once_in_place_says_it_is_done(hermetic, tmp_path, monkeypatch):
    from dangqun_cli.cli import db as db_cli

    ok("unit", "add", "学校工会")
    monkeypatch.setattr(db_cli, "say", ctrl_c)  # after the backup, before its message
    result = run("db", "backup", str(tmp_path / "b.db"))
    assert interrupted(result.code, result.err) == "已中断；备份已完成"
    with sqlite3.connect(tmp_path / "b.db") as conn:
        assert conn.execute("SELECT name FROM unit").fetchall() == [("学校工会",)]
    assert leftovers(tmp_path) == []


def test_an_interrupted_restore_changes_nothing(hermetic, tmp_path, monkeypatch):
    from dangqun_cli import backups

    ok("unit", "add", "学校工会")
    ok("db", "backup", str(tmp_path / "b.db"))
    ok("unit", "add", "教务处")
    before = hermetic.dump()
    monkeypatch.setattr(backups, "_refuse_to_overwrite", ctrl_c)
    result = run("db", "restore", str(tmp_path / "b.db"), "--yes")
    assert interrupted(result.code, result.err) == NOTHING
    assert hermetic.dump() == before


def test_a_restore_interrupted_after_its_commit_says_it_is_done(hermetic, tmp_path, monkeypatch):
    from dangqun_cli import backups

    ok("unit", "add", "学校工会")
    ok("db", "backup", str(tmp_path / "b.db"))
    ok("unit", "add", "教务处")
    real = backups.dispose_all

    def ctrl_c_now():  # a real SIGINT, delivered once the restore is committed
        os.kill(os.getpid(), signal.SIGINT)
        real()

    with monkeypatch.context() as patched:
        patched.setattr(backups, "dispose_all", ctrl_c_now)
        result = run("db", "restore", str(tmp_path / "b.db"), "--yes")
    assert interrupted(result.code, result.err) == "已中断；恢复已完成"
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["学校工会"]


def test_an_interrupted_export_writes_no_file(hermetic, tmp_path, monkeypatch):
    from dangqun_cli.transfer import exporting

    ok("unit", "add", "学校工会")
    monkeypatch.setattr(exporting, "write", ctrl_c)
    out = tmp_path / "out"
    out.mkdir()
    result = run("export", "items", "--format", "csv", "--output", str(out / "x.csv"))
    assert interrupted(result.code, result.err) == NOTHING
    assert list(out.iterdir()) == []


def test_an_interrupt_after_a_commit_says_the_change_was_saved(hermetic, monkeypatch):
    from dangqun_cli.cli import unit

    with monkeypatch.context() as patched:
        patched.setattr(unit, "print_new_id", ctrl_c)
        result = run("unit", "add", "学校工会")
    assert interrupted(result.code, result.err) == "已中断；此前的修改已保存"
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["学校工会"]


@pytest.mark.no_database
def test_ctrl_c_during_the_step_that_completes_the_work_waits_for_it():
    interrupts.reset()
    finished = []
    with pytest.raises(KeyboardInterrupt), interrupts.completing("恢复已完成"):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)  # the handler has run by now: it only took note
        finished.append(True)
    assert finished == [True]
    assert interrupts.message() == ("已中断；恢复已完成", True)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    interrupts.reset()
    assert interrupts.message() == ("已中断，未做任何修改", False)


# Through a real process and a real SIGINT, on a database big enough to take a moment.


def _fill(database, rows: int) -> None:
    """Units with long notes, written behind dangqun's back (a backup copies them as
    they are), so that copying takes a moment."""
    if database.backend == "postgresql":
        note, stamp = "repeat('记', 3000)", "TIMESTAMP '2010-09-01 08:00:00'"
    else:
        note, stamp = "printf('%.3000c', 'x')", "'2010-09-01 08:00:00'"
    database.execute(
        "INSERT INTO unit (name, kind, note, created_at) "
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) "
        f"SELECT '填充单位' || i, 'other', {note}, {stamp} FROM n"
    )


def _dangqun(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dangqun_cli", *args],
        env={**os.environ, **(env or {})},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Poll until ``condition()`` holds; False when the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.001)
    raise AssertionError("the command never reached the point to interrupt")


def _interrupt(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def _writing(database):
    """Whether dangqun is in the middle of writing to ``database``: its write-ahead log
    grows (SQLite), a transaction of dangqun's role has written (PostgreSQL; not one of
    the server's own workers, such as autovacuum after the previous test)."""
    if database.backend == "sqlite":
        start = database.log_bytes()
        return lambda: database.log_bytes() - start > 200_000
    return lambda: database.scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        f" AND usename = '{APP_ROLE}' AND backend_xid IS NOT NULL"
    )


def test_ctrl_c_stops_a_running_import(hermetic, tmp_path):
    ledger = tmp_path / "big.csv"
    lines = ["问题描述,责任单位,责任人,整改时限"]
    lines += [f"问题{i},单位{i % 50},责任人{i % 7},2010-12-31" for i in range(4000)]
    ledger.write_text("\n".join(lines), encoding="utf-8")
    ok("unit", "add", "基础单位")
    before = hermetic.dump()
    proc = _dangqun("import", str(ledger), "--create-units")
    assert _wait_for(_writing(hermetic), proc)
    code, err = _interrupt(proc)
    assert interrupted(code, err) == NOTHING
    assert hermetic.integrity_ok()
    assert hermetic.dump() == before


def test_ctrl_c_stops_a_running_backup_and_leaves_no_temporary_file(hermetic, tmp_path):
    ok("unit", "add", "基础单位")
    _fill(hermetic, 20_000 if hermetic.backend == "sqlite" else 2_000)
    folder = tmp_path / "backups"
    folder.mkdir()
    outcomes = set()
    for attempt in range(5):
        dest = folder / f"b{attempt}.db"
        proc = _dangqun("db", "backup", str(dest))
        started = _wait_for(lambda: any(folder.glob("*.part")), proc)
        if not started:  # it finished before its copy could be seen: try again
            assert proc.wait() == 0
            continue
        code, err = _interrupt(proc)
        line = interrupted(code, err)
        assert line in (NOTHING, "已中断；备份已完成"), line
        assert leftovers(folder) == []
        assert dest.exists() == (line != NOTHING)
        outcomes.add(line)

        if NOTHING in outcomes:
            break
    assert outcomes, "no backup could be interrupted"


def _units(database) -> int:
    return database.scalar("SELECT count(*) FROM unit")


def test_ctrl_c_during_a_restore_leaves_it_whole_or_not_at_all(hermetic, tmp_path):
    ok("unit", "add", "基础单位")
    _fill(hermetic, 5_000)
    ok("db", "backup", str(tmp_path / "big.db"))
    hermetic.execute("DELETE FROM unit WHERE name <> '基础单位'")
    before = hermetic.dump()
    temp = tmp_path / "temp"
    temp.mkdir()
    outcomes = []
    # Ctrl-C ever later once the restore has begun: until the commit nothing changes and
    # the line says so; from then on the restore is whole and the line says that.
    for delay in (0, 0.05, 0.2, 0.5, 1, 2, 4):
        proc = _dangqun(
            "db", "restore", str(tmp_path / "big.db"), "--yes", env={"TMPDIR": str(temp)}
        )
        assert _wait_for(lambda: any(temp.glob("dangqun-restore-*")), proc)
        time.sleep(delay)
        code, err = _interrupt(proc)
        line = "（已完成）" if code == 0 else interrupted(code, err)
        outcomes.append(line)
        assert list(temp.iterdir()) == []
        if line == NOTHING:
            assert hermetic.dump() == before
            continue
        assert line in ("已中断；恢复已完成", "（已完成）"), line
        assert _units(hermetic) == 5_001
        break
    assert outcomes[0] == NOTHING


_TWO_CTRL_C = """
import signal, sys

import typer

from dangqun_cli.cli.app import main
from dangqun_cli.services import audit

def ctrl_c(*args, **kwargs):  # the first Ctrl-C: before the commit
    signal.raise_signal(signal.SIGINT)

real_echo = typer.echo

def echo(message=None, *args, **kwargs):  # the second: once the line is out
    real_echo(message, *args, **kwargs)
    if message and "已中断" in str(message):
        signal.raise_signal(signal.SIGINT)

audit.write_pending = ctrl_c
typer.echo = echo
sys.argv = ["dangqun", "unit", "add", "学校工会"]
main()
"""


_CTRL_C_AT_SHUTDOWN = """
import atexit, os, signal, sys

from dangqun_cli.cli.app import main
from dangqun_cli.services import audit

def ctrl_c(*args, **kwargs):  # the first Ctrl-C: before the commit
    signal.raise_signal(signal.SIGINT)

def shutdown():  # Python shutting down puts SIGINT's default action back; Ctrl-C again
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)

atexit.register(shutdown)
audit.write_pending = ctrl_c
sys.argv = ["dangqun", "unit", "add", "学校工会"]
main()
"""


def test_a_ctrl_c_while_python_shuts_down_changes_neither_line_nor_code(hermetic):
    """The command has said it was interrupted and exits 130 even when Python's shutdown
    has put SIGINT's default action back and Ctrl-C comes then (seen in CI as exit -2
    after the line)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_SHUTDOWN], cwd=REPO, capture_output=True, text=True
    )
    assert interrupted(proc.returncode, proc.stderr) == NOTHING
    assert ok("unit", "list", "--json").json() == []


def test_a_second_ctrl_c_while_the_line_is_written_changes_neither_line_nor_code(hermetic):
    """Ctrl-C pressed again as the command says it was interrupted: the line and exit 130
    stand (not exit -2, killed by the signal, after the line)."""
    proc = subprocess.run(
        [sys.executable, "-c", _TWO_CTRL_C], cwd=REPO, capture_output=True, text=True
    )
    assert interrupted(proc.returncode, proc.stderr) == NOTHING
    assert ok("unit", "list", "--json").json() == []
