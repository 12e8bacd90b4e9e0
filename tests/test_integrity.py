"""Data is sacred: concurrent writers, killed processes, backups, and a trail that tells
when something was changed behind dangqun's back."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import fails, ok, run


def test_a_clean_trail_verifies(examples):
    out = ok("log", "verify")
    assert "哈希链没有断裂" in out.err
    data = ok("log", "verify", "--json").json()
    assert data["ok"] is True and data["entries"] > 40 and data["records"] > 30


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (
            "UPDATE meeting SET title = '改过的主题' WHERE id = 3",
            "会议 3 的“会议主题”与操作记录不符：记录为“研究新学期教师安排”，现为“改过的主题”",
        ),
        (
            "UPDATE rectification_item SET owner = '别人' WHERE id = 2",
            "整改事项 2 的“责任人”与操作记录不符：记录为“张主任”，现为“别人”"
            "（在 dangqun 之外修改）",
        ),
        (  # issue 16: the field that differs is named, with both values
            "UPDATE rectification_item SET measures = '改过的措施', due = '2010-12-31'"
            " WHERE id = 3",
            "整改事项 3 的“整改措施”“整改时限”与操作记录不符："
            "“整改措施”记录为“每月组织一次教职工文体活动”，现为“改过的措施”；“整改时限”记录为“（空）”，现为“2010年12月31日”",
        ),
        (
            "UPDATE work_summary SET state = 'final' WHERE id = 1",
            "工作总结 1 的“状态”与操作记录不符：记录为“草稿”，现为“定稿”",
        ),
        ("UPDATE audit_entry SET actor = '某人' WHERE id = 20", "第 20 条操作记录被改动"),
        ("DELETE FROM audit_entry WHERE id = 20", "第 20 条操作记录不见了"),
        ("DELETE FROM opinion WHERE id = 6", "意见 6 已不存在，但操作记录中没有删除"),
        (
            "INSERT INTO unit (name, kind, created_at) VALUES ('黑户', 'other', '2010-01-01')",
            "单位 6 没有任何操作记录",
        ),
    ],
)
def test_changes_behind_dangquns_back_are_caught(examples, tamper, expected):
    ok("summary", "generate", "2010Q3", "--save")
    ok("log", "verify")
    examples.execute(tamper)
    message = fails("log", "verify")
    assert expected in message


def test_the_chain_is_the_migrations_chain():
    """Migration 0005 carries its own copy of entry_hash; the two must agree."""
    import importlib.util

    from dangqun_cli import chain
    from dangqun_cli.database.schema import migrations_dir

    (path,) = (migrations_dir() / "versions").glob("0005_*.py")
    spec = importlib.util.spec_from_file_location("m0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entry = {
        "id": 7,
        "at": "2010-09-06T15:00:00",
        "actor": "秘书",
        "record_type": "item",
        "record_id": 3,
        "action": "note",
        "before": "{}",
        "after": '{"a":1}',
        "source": None,
    }
    assert module.entry_hash("abc", entry) == chain.entry_hash("abc", entry)


def _writer(db: str, worker: int, out: multiprocessing.Queue) -> None:
    os.environ["DANGQUN_DB"] = db
    os.environ["DANGQUN_USER"] = f"秘书{worker}"
    from dangqun_cli.database import engines
    from tests.helpers import run as cli

    # Under test: writers queue and all succeed. How long one waits before giving up is
    # another test's; on a loaded CI machine 10 s of queueing behind seven others is not
    # a failure of this one.
    engines.BUSY_TIMEOUT_S = 120

    failures = []
    for n in range(50):
        added = cli(
            "rectify",
            "add",
            "--problem",
            f"问题{worker}-{n}",
            "--unit",
            "教务处",
            "--owner",
            "张",
            "--due",
            "2010-12-31",
        )
        if added.code != 0:
            failures.append(added.err)
            continue
        noted = cli("rectify", "note", added.out.strip(), f"进展{worker}-{n}")
        if noted.code != 0:
            failures.append(noted.err)
    out.put(failures)


def test_eight_writers_at_once_all_succeed(hermetic):
    ok("unit", "add", "教务处")
    queue = multiprocessing.get_context("fork").Queue()
    workers = [
        multiprocessing.get_context("fork").Process(target=_writer, args=(str(hermetic), w, queue))
        for w in range(8)
    ]
    for w in workers:
        w.start()
    failures = [queue.get(timeout=300) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    assert failures == [[]] * 8
    items = ok("rectify", "list", "--all", "--json").json()
    assert len(items) == 400 and {i["state"] for i in items} == {"in_progress"}
    entries = ok("log", "--all", "--json").json()
    assert len([e for e in entries if e["record_type"] == "item"]) == 800
    ok("log", "verify")


def _big_ledger(path: Path, rows: int) -> None:
    lines = ["问题描述,责任单位,责任人,整改时限"]
    lines += [f"问题{i},单位{i % 50},责任人{i % 7},2010-12-31" for i in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_killed_import_leaves_all_or_nothing(hermetic, tmp_path):
    ledger = tmp_path / "big.csv"
    _big_ledger(ledger, 4000)
    ok("unit", "add", "基础单位")
    env = {**os.environ, "DANGQUN_DB": str(hermetic)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dangqun_cli", "import", str(ledger), "--create-units"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the import is writing (the write-ahead log grows), then kill it.
    start = hermetic.log_bytes()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and hermetic.log_bytes() - start < 200_000:
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert hermetic.integrity_ok()
    # All or nothing: on a loaded machine the kill may land after the commit, while the
    # import still reports (then everything is there); never a part of the rows.
    items = ok("rectify", "list", "--all", "--json").json()
    units = [u["name"] for u in ok("unit", "list", "--json").json()]
    assert (len(items), len(units)) in ((0, 1), (4000, 51)), (len(items), len(units))
    ok("log", "verify")
    if not items:
        ok("import", str(ledger), "--create-units")  # and the same import then completes
    assert len(ok("rectify", "list", "--all", "--json").json()) == 4000


WRITER = r"""
import sys, time
from pathlib import Path
import sqlalchemy as sa
from tests.helpers import run

log, stop = open(sys.argv[1], "a", buffering=1), Path(sys.argv[2])
commits = []
sa.event.listen(sa.engine.Engine, "commit", lambda conn: commits.append(time.monotonic()))
while not stop.exists():
    r = run("opinion", "add", "写入中的意见", "--source", "意见箱")
    assert r.code == 0, r.err
    # The write committed after its commit began and before the command returned.
    log.write(f"{commits[-1]} {time.monotonic()}\n")
"""


def _writes(log: Path) -> list[tuple[float, float]]:
    lines = log.read_text().split("\n")[:-1]  # the last may be half written
    return [tuple(map(float, line.split())) for line in lines]


def test_backup_while_others_write(examples, tmp_path, new_database):
    """Backups are taken until one is seen to overlap a write that committed while it
    ran (the writer notes when each commit began and when its command returned), so the
    test cannot pass without the overlap, however slow the machine."""
    log, stop = tmp_path / "writes.log", tmp_path / "stop"
    log.touch()
    env = {**os.environ, "DANGQUN_DB": str(examples)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(log), str(stop)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        deadline = time.monotonic() + 300
        while not _writes(log):
            assert writer.poll() is None and time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.01)
        copies: list[tuple[Path, float, float]] = []
        overlapped = None
        while overlapped is None:
            assert writer.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "no backup overlapped a write"
            copy = tmp_path / f"backup{len(copies)}.db"
            start = time.monotonic()
            ok("db", "backup", str(copy))
            copies.append((copy, start, time.monotonic()))
            writes = _writes(log)
            overlapped = next(
                (c for c, s, e in copies if any(s <= t0 and t1 <= e for t0, t1 in writes)), None
            )
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0
    for copy, _, _ in copies:
        assert oct(copy.stat().st_mode & 0o777) == "0o600"
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    for copy in {copies[0][0], overlapped}:
        fresh = new_database()
        assert "已从" in run("--db", str(fresh), "db", "restore", str(copy)).err
        assert run("--db", str(fresh), "log", "verify").code == 0
    assert "已存在" in fails("db", "backup", str(copies[0][0]))


def test_restore_refuses_to_overwrite_records(examples, tmp_path):
    copy = tmp_path / "b.db"
    ok("db", "backup", str(copy))
    ok("meeting", "add", "--kind", "党课", "--title", "备份之后的党课", "--date", "2010-10-01")
    assert "已有记录" in fails("db", "restore", str(copy))
    assert len(ok("meeting", "list", "--all", "--json").json()) == 15
    ok("db", "restore", str(copy), "--yes")
    assert len(ok("meeting", "list", "--all", "--json").json()) == 14
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    assert "不是 dangqun 的备份" in fails("db", "restore", str(junk), "--yes")


@pytest.mark.sqlite_only("PostgreSQL 的迁移在事务中进行，失败即回滚，不另存副本")
def test_a_copy_is_kept_before_migrating_a_database_with_data(hermetic):
    from dangqun_cli.database.engines import dispose_all, get_engine
    from dangqun_cli.database.schema import REVISIONS, upgrade

    with get_engine(hermetic.url).connect() as conn:
        upgrade(conn, REVISIONS[0])
    dispose_all()
    ok("db", "upgrade")
    path = hermetic.path
    copies = list(path.parent.glob(f"{path.name}.{REVISIONS[0]}-*.bak"))
    assert len(copies) == 1
    assert oct(copies[0].stat().st_mode & 0o777) == "0o600"


def test_a_writer_waits_its_turn_then_gives_up_clearly(hermetic, monkeypatch):
    from dangqun_cli.database import engines

    ok("unit", "add", "学校工会")
    engines.dispose_all()
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_S", 1)
    with hermetic.writer_elsewhere():
        started = time.monotonic()
        assert "其他人正在写入" in fails("unit", "add", "教务处")
        assert time.monotonic() - started >= 1
        assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["学校工会"]
    ok("unit", "add", "教务处")


@pytest.mark.postgresql_only("SQLite 的读者本来就只看到一个时刻的数据")
def test_readers_see_one_moment_and_writers_see_what_was_committed(hermetic):
    from dangqun_cli.database.transactions import read_connection, unit_of_work

    def isolation(conn) -> str:
        return conn.exec_driver_sql("SHOW transaction_isolation").scalar()

    with read_connection(hermetic.url) as conn:
        assert isolation(conn) == "repeatable read"
    with unit_of_work(hermetic.url, actor="测试") as session:
        assert isolation(session.connection()) == "read committed"
    with read_connection(hermetic.url) as conn:  # the same pooled connection again
        assert isolation(conn) == "repeatable read"


CONFLICTS = """
CREATE FUNCTION conflict() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval('conflicts') <= {times} THEN
    RAISE EXCEPTION 'simulated' USING ERRCODE = '{code}';
  END IF;
  RETURN NEW;
END $$
"""


@pytest.mark.postgresql_only("PostgreSQL 以死锁或串行化冲突回滚事务；SQLite 的写者排队，不会冲突")
@pytest.mark.parametrize("code", ["40P01", "40001"])  # deadlock, serialization failure
def test_a_transaction_rolled_back_by_a_write_conflict_runs_again(hermetic, code):
    from dangqun_cli.database.transactions import ATTEMPTS
    from tests.backends import APP_ROLE

    ok("unit", "list")  # the schema
    hermetic.execute(
        "CREATE SEQUENCE conflicts",
        f"GRANT USAGE ON SEQUENCE conflicts TO {APP_ROLE}",
        CONFLICTS.format(times=2, code=code),
        "CREATE TRIGGER conflict BEFORE INSERT ON unit FOR EACH ROW EXECUTE FUNCTION conflict()",
    )
    ok("unit", "add", "学校工会", input="")
    assert hermetic.scalar("SELECT last_value FROM conflicts") == 3  # lost twice, then won
    assert [u["name"] for u in ok("unit", "list", "--json").json()] == ["学校工会"]
    assert [e["action"] for e in ok("log", "--json").json() if e["record_type"] == "unit"] == [
        "create"
    ]
    ok("log", "verify")
    # A conflict that never clears: the command gives up, one clear line, nothing written.
    hermetic.execute(
        "ALTER SEQUENCE conflicts RESTART",
        CONFLICTS.format(times=1000, code=code).replace(
            "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
        ),
    )
    assert "写入冲突" in fails("unit", "add", "教务处")
    assert hermetic.scalar("SELECT last_value FROM conflicts") == ATTEMPTS
    assert len(ok("unit", "list", "--json").json()) == 1


def test_a_backup_moves_between_sqlite_and_postgresql(examples, tmp_path, new_database):
    """A backup is one SQLite file whatever the database: restored into a SQLite file,
    backed up again and restored into a database of this test's kind, nothing changes."""

    def contents(database) -> list:
        files = []
        for kind in ("meetings", "opinions", "items"):
            out = tmp_path / f"{kind}-{len(list(tmp_path.iterdir()))}.json"
            ok("--db", str(database), "export", kind, "--format", "json", "--output", str(out))
            files.append(json.loads(out.read_text(encoding="utf-8")))
        units = ok("--db", str(database), "unit", "list", "--json").json()
        trail = ok("--db", str(database), "log", "--all", "--json").json()
        assert ok("--db", str(database), "log", "verify", "--json").json()["ok"] is True
        return [files, units, trail]

    removed = ok("rule", "add", "--kind", "座谈会", "--min", "1", "--per", "季度").id
    ok("rule", "remove", str(removed), "--yes")
    # A unit placed under one added after it: its row comes before its parent's.
    ok("unit", "add", "先建的科室")
    ok("unit", "add", "后建的部门")
    ok("unit", "edit", "先建的科室", "--parent", "后建的部门")
    original = contents(examples)
    ok("db", "backup", str(tmp_path / "first.db"))
    laptop = tmp_path / "laptop.db"
    ok("--db", str(laptop), "db", "restore", str(tmp_path / "first.db"))
    assert contents(laptop) == original
    ok("--db", str(laptop), "db", "backup", str(tmp_path / "second.db"))
    server = new_database()
    ok("--db", str(server), "db", "restore", str(tmp_path / "second.db"))
    assert contents(server) == original
    # New records continue the numbering, as they would have in the original.
    added = ok(
        "--db",
        str(server),
        "meeting",
        "add",
        "--kind",
        "党课",
        "--title",
        "恢复之后",
        "--date",
        "2010-10-09",
    )
    assert added.id == 15
    # And a removed record's number stays used, wherever the ledger moved.
    for database in (server, laptop):
        rule = ok(
            "--db", str(database), "rule", "add", "--kind", "党课", "--min", "3", "--per", "年"
        )
        assert rule.id == removed + 1
