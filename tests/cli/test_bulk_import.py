"""New items of an import are written in batches (transfer/batch.py): what lands — rows,
progress notes, opinion links, audit entries — is what the commands would have written,
so `log verify` finds the trail and the tables agree (issue 14: fast bulk)."""

from __future__ import annotations

import json

from tests.helpers import ok

HEADER = "编号,问题描述,责任单位,责任人,整改时限,立项时间,整改进展,状态,完成情况,意见编号"


def _meeting_with_opinions() -> None:
    ok("unit", "add", "学校党支部")
    ok("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    for text in ("校务公开", "教研", "评优"):
        ok("opinion", "add", text, "--meeting", "1")


def test_a_mixed_ledger_lands_as_the_commands_would_write_it(hermetic, tmp_path):
    _meeting_with_opinions()
    ledger = tmp_path / "台账.csv"
    rows = [
        "7,校务公开不及时,学校党支部,王书记,2010-12-31,2010-09-08,公开目录已制定,,,1",
        ",教研活动流于形式,学校党支部,张主任,2010-12-31,2010-09-08,,,,2",
        ",评优不够透明,新单位,李老师,2010-10-31,2010-09-09,,已销号,已公开评优细则,2;3",
        # The same item as the second row, now with progress: an update after the batch.
        ",教研活动流于形式,学校党支部,张主任,2010-12-31,2010-09-08,每周听课,,,2",
        ",减负,学校党支部,王书记,2010-12-31,2010-09-10,,,,",
    ]
    ledger.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    report = ok("import", str(ledger), "--create-units", "--json").json()
    assert [r["action"] for r in report["rows"]] == [
        "create",
        "create",
        "create",
        "update",
        "create",
    ]
    items = ok("rectify", "list", "--state", "all", "--json").json()
    assert sorted(i["id"] for i in items) == [7, 8, 9, 10]  # the file's number, then after it
    second = ok("rectify", "show", "8", "--json").json()
    assert [n["text"] for n in second["notes"]] == ["每周听课"]
    assert second["state"] == "in_progress"
    first = ok("rectify", "show", "7", "--json").json()
    assert [n["text"] for n in first["notes"]] == ["公开目录已制定"]
    assert [o["id"] for o in first["opinions"]] == [1]
    third = ok("rectify", "show", "9", "--json").json()
    assert (third["state"], third["unit"]) == ("closed", "新单位")
    opinion = ok("opinion", "show", "2", "--json").json()
    # Taken up first by item 8 (opened 2010-09-08), as the commands would have done it.
    assert (opinion["state"], opinion["handled_on"]) == ("rectifying", "2010-09-08")
    verified = ok("log", "verify", "--json").json()
    assert verified["ok"] is True and verified["problems"] == []
    log = ok("log", "--json", "--all").json()
    created = {(e["record_type"], e["record_id"]) for e in log if e["action"] == "create"}
    assert {("item", n) for n in (7, 8, 9, 10)} <= created
    # The same file again changes nothing.
    again = ok("import", str(ledger), "--create-units", "--json").json()
    assert {r["action"] for r in again["rows"]} == {"same"}
    assert ok("log", "verify", "--json").json()["ok"] is True


def test_a_large_ledger_in_one_batch_verifies(hermetic, tmp_path):
    ok("unit", "add", "学校党支部")
    lines = [HEADER] + [
        f",问题{n},学校党支部,王书记,2010-12-31,2010-09-08,{'进展' if n % 3 else ''},,,"
        for n in range(1, 1201)
    ]
    ledger = tmp_path / "台账.csv"
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok("import", str(ledger), "--dry-run")
    assert ok("rectify", "list", "--state", "all", "--json").json() == []
    ok("import", str(ledger))
    listed = ok("rectify", "list", "--state", "all", "--all", "--json").json()
    assert len(listed) == 1200
    assert sum(1 for i in listed if i["state"] == "in_progress") == 800
    result = json.loads(ok("log", "verify", "--json").out)
    assert result["ok"] is True and result["records"] >= 1201


def test_an_unchanged_ledger_imported_again_reads_no_notes_or_links(hermetic, tmp_path):
    """The rows of a ledger imported again that give no 整改进展 and no 意见编号 cannot add
    a note or a link: their items' notes and links are not read (a query each, per row)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    ok("unit", "add", "学校党支部")
    lines = [HEADER] + [
        f",问题{n},学校党支部,王书记,2010-12-31,2010-09-08,,{'已销号' if n % 2 else ''},"
        f"{'已整改' if n % 2 else ''},"
        for n in range(1, 21)
    ]
    ledger = tmp_path / "台账.csv"
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok("import", str(ledger))
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        again = ok("import", str(ledger), "--json").json()
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert [r["action"] for r in again["rows"]] == ["same"] * 20
    assert sum("rectification_item" in s for s in statements) >= 20  # each row's item
    reads = [s for s in statements if "setval" not in s]  # PostgreSQL's sequences, once
    assert [s for s in reads if "progress_note" in s or "item_opinion" in s] == []


def test_rectify_add_from_file_goes_the_same_way(hermetic, tmp_path):
    """`rectify add --from-file` is checked by the importer's rules and written by its batch:
    every line a new item (the same problem twice is two items, as with `rectify add`)."""
    _meeting_with_opinions()
    line = {"problem": "校务公开不及时", "unit": "学校党支部", "owner": "王书记"}
    lines = [
        {**line, "due": "年底前", "opinions": [1], "category": "作风建设"},
        {**line, "ongoing": True, "partners": ["学校工会"]},
        {**line, "due": "2010-10-31", "date": "2010-09-10"},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    assert ok("rectify", "add", "--from-file", str(path)).out.split() == ["1", "2", "3"]
    first = ok("rectify", "show", "1", "--json").json()
    assert (first["due"], first["category"], first["opened_on"]) == (
        "2010-12-31",
        "作风建设",
        "2010-09-15",
    )
    assert ok("rectify", "show", "2", "--json").json()["partners"] == ["学校工会"]
    assert ok("rectify", "show", "3", "--json").json()["opened_on"] == "2010-09-10"
    assert ok("opinion", "show", "1", "--json").json()["state"] == "rectifying"
    assert ok("log", "verify", "--json").json()["ok"] is True
