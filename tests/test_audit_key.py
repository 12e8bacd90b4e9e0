"""A history nobody can rewrite quietly: the chain is keyed with a key kept outside the
database, its head is anchored outside it (a machine's witness, a summary's 校验码), and
the key travels to another secretary only by an explicit export and import."""

from __future__ import annotations

import json
import os
import stat

import pytest
import sqlalchemy as sa

from tests.helpers import fails, ok, run

ADD_ITEM = [
    *["rectify", "add", "--problem", "校务公开不及时", "--unit", "学校工会"],
    *["--owner", "王主席", "--due", "2010-12-31"],
]


def _ledger(db) -> None:
    ok("unit", "add", "学校工会")
    ok(*ADD_ITEM)
    ok("rectify", "note", "1", "已制定公开目录")


def _entries(db) -> list[dict]:
    from dangqun_cli.models import AuditEntry

    table = AuditEntry.__table__
    engine = sa.create_engine(db.url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def _rewrite_with_the_public_formula(db, first: int) -> None:
    """What an attacker with the database file and chain.py can do: recompute every hash
    from entry ``first`` on with the published (unkeyed) formula."""
    from dangqun_cli.chain import entry_hash

    entries = _entries(db)
    prev = next((e["hash"] for e in entries if e["id"] == first - 1), "")
    statements = []
    for e in entries:
        if e["id"] < first:
            continue
        prev = entry_hash(prev, e)
        statements.append(f"UPDATE audit_entry SET hash = '{prev}' WHERE id = {e['id']}")
    db.execute(*statements)


def test_a_record_and_its_entries_rewritten_with_the_public_formula_are_caught(hermetic):
    _ledger(hermetic)
    ok("log", "verify")
    last = _entries(hermetic)[-1]
    after = json.loads(last["after"])
    after["owner"] = "别人"
    forged = json.dumps(after, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    hermetic.execute(
        "UPDATE rectification_item SET owner = '别人' WHERE id = 1",
        f"UPDATE audit_entry SET after = '{forged}' WHERE id = {last['id']}",
    )
    _rewrite_with_the_public_formula(hermetic, last["id"])
    message = fails("log", "verify")
    assert f"第 {last['id']} 条操作记录被改动" in message


def test_the_whole_chain_recomputed_without_the_key_is_caught(hermetic):
    _ledger(hermetic)
    hermetic.execute("DELETE FROM ledger_meta WHERE name IN ('key_check', 'keyed_from')")
    _rewrite_with_the_public_formula(hermetic, 1)
    assert "操作记录被改动" in fails("log", "verify")


def test_a_cut_tail_is_caught_by_this_machines_witness(hermetic):
    _ledger(hermetic)
    entries = _entries(hermetic)
    last = entries[-1]
    # Delete the last entry and undo its change: nothing is left to recompute.
    hermetic.execute(
        f"DELETE FROM audit_entry WHERE id = {last['id']}",
        "DELETE FROM progress_note",
        "UPDATE rectification_item SET state = 'open'",
    )
    message = fails("log", "verify")
    assert f"第 {last['id']} 条操作记录不见了" in message


def test_an_anchor_proves_the_history_up_to_it(hermetic, tmp_path, monkeypatch):
    _ledger(hermetic)
    head = ok("log", "verify", "--json").json()["head"]
    entries = _entries(hermetic)
    assert head == {"id": entries[-1]["id"], "hash": entries[-1]["hash"]}
    anchor = f"{head['id']}:{head['hash']}"
    ok("log", "verify", "--anchor", anchor)
    ok("log", "verify", "--anchor", anchor[: len(str(head["id"])) + 17])  # a 16-digit prefix
    # On another machine (no witness), a cut tail is caught by the anchor alone.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-machine"))
    hermetic.execute(
        f"DELETE FROM audit_entry WHERE id = {head['id']}",
        "DELETE FROM progress_note",
        "UPDATE rectification_item SET state = 'open'",
    )
    ok("log", "verify")  # without the anchor, nothing here can tell
    assert f"第 {head['id']} 条操作记录不见了" in fails("log", "verify", "--anchor", anchor)
    wrong = f"{head['id'] - 1}:{'0' * 64}"
    assert "与校验码不符" in fails("log", "verify", "--anchor", wrong)


@pytest.mark.no_database
@pytest.mark.parametrize("anchor", ["12", "x:abc", "3:abcdef", "3:" + "g" * 64, ""])
def test_a_malformed_anchor_is_refused(anchor):
    assert "校验码" in fails("log", "verify", "--anchor", anchor)


def test_a_finalised_summary_prints_its_anchor(examples, tmp_path):
    summary_id = ok("summary", "generate", "2010Q3", "--save").id
    head_before = ok("log", "verify", "--json").json()["head"]
    ok("summary", "finalize", str(summary_id))
    shown = ok("summary", "show", str(summary_id), "--json").json()
    assert shown["anchor"] == head_before
    out = tmp_path / "总结.md"
    ok("summary", "export", str(summary_id), "--format", "md", "--output", str(out))
    line = f"操作记录校验码：{head_before['id']}:{head_before['hash']}"
    assert line in out.read_text(encoding="utf-8")
    assert line in ok("summary", "show", str(summary_id)).out
    ok("log", "verify", "--anchor", f"{head_before['id']}:{head_before['hash']}")


def test_the_key_is_private_and_outside_the_database(hermetic, tmp_path, monkeypatch):
    keys_dir = tmp_path / "keys"
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(keys_dir))
    _ledger(hermetic)
    (key_file,) = keys_dir.glob("*.key")
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    secret = json.loads(key_file.read_text())["key"]
    assert secret not in hermetic.dump()


def test_another_secretary_needs_the_key_exported_and_imported(hermetic, tmp_path, monkeypatch):
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(tmp_path / "mine"))
    _ledger(hermetic)
    exported = tmp_path / "交接" / "密钥.key"
    exported.parent.mkdir()
    ok("db", "key", "export", str(exported))
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert "已存在" in fails("db", "key", "export", str(exported))

    # The other secretary's machine: no key yet.
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(tmp_path / "theirs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "their-config"))
    before = hermetic.dump()
    assert "db key import" in fails("rectify", "note", "1", "又有进展")
    assert hermetic.dump() == before
    assert "没有这份台账的操作记录密钥" in fails("log", "verify")
    ok("db", "key", "import", str(exported))
    ok("rectify", "note", "1", "又有进展")
    ok("log", "verify")
    assert "已有这个密钥" in ok("db", "key", "import", str(exported)).err


def test_a_key_of_another_ledger_or_no_key_file_is_refused(
    hermetic, databases, tmp_path, monkeypatch
):
    _ledger(hermetic)
    other = databases.new("other")
    ok("--db", str(other), "unit", "add", "另一个单位")
    theirs = tmp_path / "其他台账.key"
    ok("--db", str(other), "db", "key", "export", str(theirs))
    assert "另一份台账" in fails("db", "key", "import", str(theirs))
    junk = tmp_path / "junk.key"
    junk.write_text("not a key")
    assert "不是 dangqun 的操作记录密钥文件" in fails("db", "key", "import", str(junk))
    assert "无法读取" in fails("db", "key", "import", str(tmp_path / "missing.key"))


def test_a_forged_key_file_on_this_machine_is_caught(hermetic, tmp_path, monkeypatch):
    keys_dir = tmp_path / "keys"
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(keys_dir))
    _ledger(hermetic)
    (key_file,) = keys_dir.glob("*.key")
    data = json.loads(key_file.read_text())
    data["key"] = "11" * 32
    key_file.write_text(json.dumps(data))
    assert "密钥与数据库中的校验值不符" in fails("log", "verify")
    assert "密钥与这份台账不符" in fails("rectify", "note", "1", "进展")


def test_an_unreadable_tampered_value_names_its_record(hermetic):
    _ledger(hermetic)
    last = _entries(hermetic)[-1]
    hermetic.execute(f"UPDATE audit_entry SET after = '{{not json' WHERE id = {last['id']}")
    fails("log", "verify")
    result = run("log", "verify", "--json")
    assert result.code == 1
    problems = result.json()["problems"]
    assert any(p["record"] == "item:1" and "无法解析" in p["message"] for p in problems)


@pytest.mark.sqlite_only("PostgreSQL 的日期列存不进无效的日期")
def test_an_unreadable_date_names_its_record(hermetic):
    _ledger(hermetic)
    ok("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    hermetic.execute("UPDATE meeting SET date = '不是日期' WHERE id = 1")
    message = fails("log", "verify")
    assert "会议 1 的内容无法读取" in message
    hermetic.execute("UPDATE audit_entry SET at = '不是时间' WHERE id = 2")
    assert "第 2 条操作记录" in fails("log", "verify")


def test_the_witness_follows_this_machines_writes(hermetic, tmp_path):
    _ledger(hermetic)
    witness = json.loads((tmp_path / "config" / "dangqun" / "witness.json").read_text())
    (seen,) = witness.values()
    last = _entries(hermetic)[-1]
    assert (seen["id"], seen["hash"]) == (last["id"], last["hash"])
    assert os.stat(tmp_path / "config" / "dangqun" / "witness.json").st_mode & 0o077 == 0


def test_a_ledger_kept_before_keys_is_keyed_from_its_next_entry(hermetic, tmp_path, monkeypatch):
    """A ledger written by an earlier dangqun has a plain chain; the first write of this
    version creates the key, and from then on the old part cannot be rewritten either."""
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-before"))
    _ledger(hermetic)
    hermetic.execute("DELETE FROM ledger_meta WHERE name IN ('key_check', 'keyed_from')")
    for old_key in (tmp_path / "keys").glob("*.key"):
        old_key.unlink()
    _rewrite_with_the_public_formula(hermetic, 1)  # as dangqun 0005 wrote it
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # and no witness
    old_last = _entries(hermetic)[-1]["id"]
    assert "尚未启用密钥" in ok("log", "verify").err

    ok("rectify", "note", "1", "公开目录已上墙")
    assert "已用本机的密钥校验" in ok("log", "verify").err
    (key_file,) = (tmp_path / "keys").glob("*.key")
    assert json.loads(key_file.read_text())["keyed_from"] == old_last + 1

    hermetic.execute("UPDATE audit_entry SET actor = '某人' WHERE id = 1")
    _rewrite_with_the_public_formula(hermetic, 1)  # the plain part, and on past the key
    assert f"第 {old_last + 1} 条操作记录被改动" in fails("log", "verify")


def _forge_in_file(path) -> None:
    """Change a record in a SQLite file and rewrite its history with the public formula."""
    import sqlite3

    from dangqun_cli.chain import entry_hash
    from dangqun_cli.models import AuditEntry

    table = AuditEntry.__table__
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(table).order_by(table.c.id)).mappings()]
    engine.dispose()
    last = rows[-1]
    after = json.loads(last["after"])
    after["owner"] = "别人"
    last["after"] = json.dumps(after, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    prev = rows[-2]["hash"]
    last["hash"] = entry_hash(prev, last)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE rectification_item SET owner = '别人' WHERE id = 1")
        conn.execute(
            "UPDATE audit_entry SET after = ?, hash = ? WHERE id = ?",
            (last["after"], last["hash"], last["id"]),
        )
    conn.close()


def test_restore_refuses_a_backup_whose_history_was_rewritten(hermetic, tmp_path):
    _ledger(hermetic)
    backup = tmp_path / "备份.db"
    ok("db", "backup", str(backup))
    _forge_in_file(backup)
    ok("rectify", "note", "1", "恢复之前的一条进展")
    before = hermetic.dump()
    message = fails("db", "restore", str(backup), "--yes")
    assert "操作记录校验不通过" in message and "被改动" in message
    assert hermetic.dump() == before


def test_restore_needs_the_key_of_the_backups_ledger(hermetic, tmp_path, monkeypatch):
    _ledger(hermetic)
    backup = tmp_path / "备份.db"
    ok("db", "backup", str(backup))
    monkeypatch.setenv("DANGQUN_KEY_DIR", str(tmp_path / "new-machine-keys"))
    target = tmp_path / "新电脑.db"
    message = fails("--db", str(target), "db", "restore", str(backup))
    assert "db key import" in message


def test_restoring_an_older_backup_moves_this_machines_witness(hermetic, tmp_path):
    _ledger(hermetic)
    backup = tmp_path / "备份.db"
    ok("db", "backup", str(backup))
    ok("rectify", "note", "1", "备份之后的进展")
    ok("db", "restore", str(backup), "--yes")
    ok("log", "verify")  # the shorter history is the one restored here, not a cut tail
    head = ok("log", "verify", "--json").json()["head"]
    assert head["id"] == _entries(hermetic)[-1]["id"]
