"""`log verify` at scale (issue 17): it reads the chain and the records a batch at a time,
and says exactly what it said when it read them whole; the benchmark ledger it is measured
on verifies; a long check shows how far it is, on a terminal only."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

from tests.helpers import ok, run

REPO = Path(__file__).resolve().parents[1]

TAMPERED = (
    "UPDATE meeting SET title = '改过的主题' WHERE id = 3",
    "UPDATE rectification_item SET owner = '别人' WHERE id = 2",
    "DELETE FROM opinion WHERE id = 6",
    # the record with the largest number: caught by the last batch, which reaches past it
    "DELETE FROM meeting WHERE id = (SELECT max(id) FROM meeting)",
    "INSERT INTO unit (name, kind, created_at) VALUES ('黑户', 'other', '2010-01-01')",
)


def _verify_outputs() -> tuple:
    text, data = run("log", "verify"), run("log", "verify", "--json")
    return (text.code, text.out, text.err), (data.code, data.out, data.err)


def _chain_queries(statements: list[str]) -> int:
    return sum(1 for s in statements if "FROM audit_entry WHERE id > " in s and "LIMIT" in s)


@pytest.mark.parametrize("tampered", [(), TAMPERED], ids=["clean", "tampered"])
def test_verify_in_small_batches_says_exactly_the_same(examples, monkeypatch, tampered):
    from dangqun_cli.database import reader
    from dangqun_cli.services import integrity

    ok("summary", "generate", "2010Q3", "--save")
    if tampered:
        examples.execute(*tampered)
    whole = _verify_outputs()
    entries = run("log", "verify", "--json").json()["entries"]
    assert entries > 40 and whole[0][0] == (1 if tampered else 0)
    statements: list[str] = []  # what the plain reads run, on either executor
    for executor in (reader.SqliteReader, reader.CoreReader):

        def seen(self, sql, params, run=executor._run):
            statements.append(sql)
            return run(self, sql, params)

        monkeypatch.setattr(executor, "_run", seen)
    for batch in (1, 2, 5):
        monkeypatch.setattr(integrity, "BATCH", batch)
        statements.clear()
        assert _verify_outputs() == whole, f"batch of {batch}"
        # two runs (text and --json), each reading the chain a batch at a time
        assert _chain_queries(statements) == 2 * (entries // batch + 1)
    if tampered:
        message = whole[0][2]
        for expected in (
            "会议 3 的“会议主题”与操作记录不符",
            "整改事项 2 的“责任人”与操作记录不符",
            "意见 6 已不存在，但操作记录中没有删除",
            "单位 6 没有任何操作记录",
        ):
            assert expected in message or expected in whole[0][1]
        problems = run("log", "verify", "--json").json()["problems"]
        deleted = sorted(p["record"].split(":")[0] for p in problems if "已不存在" in p["message"])
        assert deleted == ["meeting", "opinion"]


@pytest.mark.sqlite_only("PostgreSQL 的日期列存不进无效的日期")
def test_unreadable_values_are_named_the_same_in_small_batches(examples, monkeypatch):
    from dangqun_cli.services import integrity

    examples.execute(
        "UPDATE meeting SET date = '不是日期' WHERE id = 4",
        "UPDATE progress_note SET day = '不是日期' WHERE id = (SELECT min(id) FROM progress_note)",
        "UPDATE audit_entry SET at = '不是时间' WHERE id = 30",
    )
    whole = _verify_outputs()
    problems = run("log", "verify", "--json").json()
    assert problems["entries"] == 29
    messages = [p["message"] for p in problems["problems"]]
    assert "第 30 条操作记录的内容无法读取（被改动）" in messages
    assert any(m.startswith("会议 4 的内容无法读取") for m in messages)
    assert sum("的内容无法读取（在 dangqun 之外" in m for m in messages) == 2
    for batch in (1, 3, 7):
        monkeypatch.setattr(integrity, "BATCH", batch)
        assert _verify_outputs() == whole, f"batch of {batch}"


def _benchmark_ledger():
    spec = importlib.util.spec_from_file_location("ledger", REPO / "benchmarks" / "ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.sqlite_only("基准测试的台账是一个 SQLite 文件")
def test_the_benchmark_ledger_verifies(tmp_path, monkeypatch):
    """Issue 17: `log verify` on the benchmark ledger failed at its first entries (they
    carried no hash), so verify at scale was never measured."""
    ledger = _benchmark_ledger()
    monkeypatch.setattr(ledger, "OUT", tmp_path)
    path = tmp_path / "ledger.db"
    ledger.build(path, items=60, units=7, audits=400)
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    report = ok("--db", str(path), "log", "verify", "--json").json()
    assert (report["entries"], report["records"], report["keyed"]) == (400, 67, True)
    assert ok("--db", str(path), "rectify", "show", "60", "--json").json()["id"] == 60


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.no_database
def test_progress_shows_on_a_terminal_past_a_few_seconds_and_never_in_a_pipe(monkeypatch):
    from dangqun_cli.cli import log

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with log._progress_line() as progress:
        assert progress is None  # a pipe: nothing at all
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with log._progress_line() as progress:
        progress("chain", 5000, 1_000_000)  # the first seconds: nothing yet
    assert terminal.getvalue() == ""
    monkeypatch.setattr(log, "PROGRESS_AFTER_S", 0)
    with log._progress_line() as progress:
        progress("chain", 5000, 1_000_000)
        progress("records", 100, 200)
    assert terminal.getvalue() == (
        "\r校验哈希链：5,000/1,000,000 条……\x1b[K\r核对记录：100/200 条……\x1b[K\r\x1b[K"
    )


@pytest.mark.sqlite_only("the hashed text is made by SQLite's json_array on SQLite only")
def test_text_sqlite_writes_otherwise_is_checked_again_not_called_tampered(examples, monkeypatch):
    """The fast path hashes the text SQLite's JSON functions make; where it would differ from
    Python's (here: made to differ for every entry), each entry is checked again the slow
    way, and the verdict is the same; normally no entry needs it."""
    from dangqun_cli.database import reader
    from dangqun_cli.services import integrity

    statements: list[str] = []
    run_sql = reader.SqliteReader._run

    def seen(self, sql, params):
        statements.append(sql)
        return run_sql(self, sql, params)

    monkeypatch.setattr(reader.SqliteReader, "_run", seen)
    whole = _verify_outputs()
    again = [s for s in statements if "FROM audit_entry WHERE id = :id" in s]
    assert whole[0][0] == 0 and again == []
    entries = run("log", "verify", "--json").json()["entries"]
    statements.clear()
    monkeypatch.setattr(integrity, "_PAYLOAD", integrity._PAYLOAD.replace(integrity._ISO_AT, "'x'"))
    assert _verify_outputs() == whole
    again = [s for s in statements if "FROM audit_entry WHERE id = :id" in s]
    assert len(again) == 2 * entries  # text and --json: every entry, once each
