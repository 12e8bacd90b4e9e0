"""A write conflict (PostgreSQL breaking a deadlock or a serialization conflict) runs the
database work again in a fresh transaction, not the command: nothing is asked or printed
twice, and the data is written once (issue 16)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ok


@pytest.fixture
def conflicts_once(monkeypatch):
    """The first commit fails as PostgreSQL's conflict would: after the command's work,
    at the commit itself. Returns the conflicts raised."""
    from dangqun_cli import interrupts
    from dangqun_cli.errors import WriteConflict

    real = interrupts.completing
    raised = []

    def completing(what):
        if what == interrupts.SAVED and not raised:
            raised.append(1)
            raise WriteConflict("数据库操作失败", "与其他人的写入冲突")
        return real(what)

    monkeypatch.setattr(interrupts, "completing", completing)
    return raised


def test_import_json_after_a_conflict_prints_one_document(conflicts_once, tmp_path):
    conflicts_once.append("not yet")
    ok("unit", "add", "教务处")
    conflicts_once.clear()
    ledger = tmp_path / "t.csv"
    ledger.write_text(
        "问题描述,责任单位,责任人,整改时限\n问题一,教务处,某,2010-12-31\n"
        "问题二,教务处,某,2010-12-31\n",
        encoding="utf-8",
    )
    result = ok("import", str(ledger), "--json")
    assert conflicts_once == [1]  # the first transaction was rolled back
    report = json.loads(result.out)  # one JSON document, not two
    assert report["totals"]["create"] == 2
    assert result.err.count("已导入") == 1
    items = ok("rectify", "list", "--state", "all", "--all", "--json").json()
    assert sorted(i["problem"] for i in items) == ["问题一", "问题二"]
    entries = [e for e in ok("log", "--all", "--json").json() if e["record_type"] == "item"]
    assert len(entries) == 2
    ok("log", "verify")


def test_an_add_after_a_conflict_is_written_and_said_once(conflicts_once):
    result = ok(
        "meeting", "add", "--kind", "座谈会", "--title", "教师座谈会", "--date", "2010-09-06"
    )
    assert conflicts_once == [1]
    assert result.out.strip() == "1"
    rows = ok("meeting", "list", "--json").json()
    assert [r["title"] for r in rows] == ["教师座谈会"]
    ok("log", "verify")


def test_a_conflict_every_time_gives_up_with_one_line():
    from dangqun_cli.database import transactions
    from dangqun_cli.errors import WriteConflict
    from dangqun_cli.services import audit
    from tests.helpers import fails

    tries = []

    def always(session):
        tries.append(1)
        raise WriteConflict("数据库操作失败", "与其他人的写入冲突，多次重试仍未成功，请稍后重试")

    # Patched for the failing command only: undoing the test's own monkeypatch would also
    # undo the fixtures' (the test database, HOME), and the check below would read the
    # machine's default database instead.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit, "write_pending", always)
        patch.setattr("time.sleep", lambda _: None)
        assert "多次重试" in fails("unit", "add", "教务处")
    assert len(tries) == transactions.ATTEMPTS
    assert ok("unit", "list", "--json").json() == []
