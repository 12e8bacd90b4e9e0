"""Every command against a corpus of bad input: exit 1 or 2, one Chinese line on stderr,
no traceback, and the database exactly as it was (compared as a full SQL dump)."""

from __future__ import annotations

import itertools
import os
import sqlite3

import pytest

from tests.helpers import run

HUGE = "字" * 200_001  # over every text limit (1 MB cannot pass argv on Linux; in-process it can)
TEXT = ["", "   ", "\x01控制", "\x1b[31m红", HUGE]
IDS = ["0", "99999999999999999999", "abc", "", "1.5"]
DATES = [
    "2010年2月30日",
    "2010-13-01",
    "3点",
    "明天下午25点",
    "",
    "二〇一〇年十三月一日",
    "x" * 500,
]
PERIODS = ["2010Q5", "2010-09-06..2010-01-01", "", "上上上季度", "0000"]
ENUMS = ["火星", "", "DROP TABLE", "x" * 1000]
NAMES = ["'; DROP TABLE unit; --", "不存在的单位", "", "%", "\x07"]
FILES = ["/nonexistent/台账.csv", "/", "BROKEN_XLSX", "GBK_JSONL"]

# (command template, slot values): "{}" is where the bad value goes.
CASES = [
    (["unit", "add", "{}"], TEXT),
    (["unit", "show", "{}"], NAMES),
    (["unit", "edit", "学校工会", "--kind", "{}"], ENUMS),
    (["unit", "edit", "学校工会", "--parent", "{}"], [n for n in NAMES if n]),  # "" clears
    (["meeting", "add", "--kind", "{}", "--title", "t", "--date", "2010-09-06"], ENUMS),
    (["meeting", "add", "--kind", "座谈会", "--title", "{}", "--date", "2010-09-06"], TEXT),
    (["meeting", "add", "--kind", "座谈会", "--title", "t", "--date", "{}"], DATES),
    (
        [
            "meeting",
            "add",
            "--kind",
            "座谈会",
            "--title",
            "t",
            "--date",
            "2010-09-06",
            "--unit",
            "{}",
        ],
        [n for n in NAMES if n],  # "" is "no unit"
    ),
    (
        [
            "meeting",
            "add",
            "--kind",
            "座谈会",
            "--title",
            "t",
            "--date",
            "2010-09-06",
            "--expected",
            "{}",
        ],
        ["-1", "abc", "99999999999999999999"],
    ),
    (["meeting", "show", "{}"], IDS),
    (["meeting", "edit", "{}", "--title", "x"], IDS),
    (["meeting", "edit", "1", "--date", "{}"], DATES),
    (["meeting", "list", "--period", "{}"], PERIODS),
    (["meeting", "list", "--kind", "{}"], ENUMS),
    (["meeting", "export", "{}", "--format", "md", "--output", "/tmp/x.md"], IDS),
    (["opinion", "add", "{}", "--meeting", "1"], TEXT),
    (["opinion", "add", "x", "--meeting", "{}"], IDS),
    (["opinion", "reply", "{}", "答复"], IDS),
    (["opinion", "reply", "1", "{}"], TEXT),
    (["opinion", "decline", "1", "--reason", "{}"], TEXT),
    (["opinion", "list", "--state", "{}"], ENUMS),
    (
        [
            "rectify",
            "add",
            "--problem",
            "{}",
            "--unit",
            "学校工会",
            "--owner",
            "o",
            "--due",
            "2010-12-31",
        ],
        TEXT,
    ),
    (
        ["rectify", "add", "--problem", "p", "--unit", "{}", "--owner", "o", "--due", "2010-12-31"],
        NAMES,
    ),
    (
        ["rectify", "add", "--problem", "p", "--unit", "学校工会", "--owner", "o", "--due", "{}"],
        DATES,
    ),
    (
        [
            "rectify",
            "add",
            "--problem",
            "p",
            "--unit",
            "学校工会",
            "--owner",
            "o",
            "--due",
            "2010-12-31",
            "--from-opinion",
            "{}",
        ],
        IDS,
    ),
    (["rectify", "add", "--from-file", "{}"], FILES),
    (["rectify", "show", "{}"], IDS),
    (["rectify", "note", "{}", "进展"], IDS),
    (["rectify", "note", "1", "{}"], TEXT),
    (["rectify", "extend", "1", "--to", "{}", "--reason", "r"], DATES),
    (["rectify", "submit", "1", "--result", "{}"], TEXT),
    (["rectify", "verify", "{}"], IDS),
    (["rectify", "reject", "1", "--reason", "{}"], TEXT),
    (["rectify", "list", "--state", "{}"], ENUMS),
    (["rectify", "list", "--due-before", "{}"], DATES),
    (["summary", "generate", "{}"], PERIODS),
    (["summary", "generate", "2010Q3", "--unit", "{}"], NAMES),
    (["summary", "show", "{}"], IDS),
    (["summary", "finalize", "{}"], IDS),
    (["summary", "export", "2010Q3", "--format", "{}", "--output", "/tmp/x"], ENUMS),
    (["check", "{}"], PERIODS),
    (["rule", "add", "--kind", "{}", "--min", "1", "--per", "month"], ENUMS),
    (["rule", "add", "--kind", "党课", "--min", "{}", "--per", "month"], ["0", "-1", "101", "x"]),
    (["rule", "remove", "{}", "--yes"], IDS),
    (["status", "--date", "{}"], DATES),
    (["import", "{}"], FILES),
    (["export", "{}", "--format", "csv", "--output", "/tmp/x.csv"], ENUMS),
    (["log", "--record", "{}"], ["meeting", "meeting:", "火星:1", "meeting:-1", ""]),
    (["log", "--since", "{}"], DATES),
    (["--db", "{}", "unit", "list"], ["", "mysql://u@h/d", "/", "postgresql+psycopg://u:pw@h:x/d"]),
    # issue 13 — interrupts
    (["--db", "{}", "unit", "list"], ["~nouser/x.db", "FOREIGN_SQLITE"]),
    (["--db", "{}", "unit", "add", "学校工会"], ["FOREIGN_SQLITE"]),
]


def _cases():
    for template, values in CASES:
        for value in values:
            yield pytest.param(template, value, id=f"{' '.join(template[:3])}:{value[:12]!r}")


@pytest.fixture
def files(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 50)  # a truncated XLSX
    gbk = tmp_path / "items.jsonl"
    gbk.write_bytes('{"problem": "问题"}'.encode("gbk"))
    foreign = tmp_path / "places.db"  # another program's (the line may not say "sqlite")
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.close()
    return {"BROKEN_XLSX": str(broken), "GBK_JSONL": str(gbk), "FOREIGN_SQLITE": str(foreign)}


@pytest.fixture(scope="module")
def seeded(run_database):
    """A database with one of everything, built once per backend; each case gets a copy."""
    from dangqun_cli.db import dispose_all

    built = {}

    def build(databases):
        if databases.backend in built:
            return built[databases.backend]
        db = run_database(databases, "corpus")
        old = os.environ.get("DANGQUN_DB")
        os.environ["DANGQUN_DB"] = str(db)
        try:
            for args in SEED:
                assert run(*args).code == 0
        finally:
            dispose_all()
            if old is None:
                os.environ.pop("DANGQUN_DB")
            else:
                os.environ["DANGQUN_DB"] = old
        built[databases.backend] = db
        return db

    return build


SEED = (
    ["unit", "add", "学校工会"],
    ["meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06"],
    ["opinion", "add", "意见", "--meeting", "1"],
    [
        *["rectify", "add", "--problem", "p", "--unit", "学校工会", "--owner", "o"],
        *["--due", "2010-12-31", "--date", "2010-09-08"],
    ],
)


@pytest.mark.parametrize(("template", "value"), list(_cases()))
def test_bad_input_is_refused_cleanly(seeded, databases, hermetic, files, template, value):
    seeded(databases).copy_to(hermetic)
    before = hermetic.dump()
    args = [files.get(value, value) if part == "{}" else part for part in template]
    result = run(*args)
    assert result.code in (1, 2), f"exit {result.code}: {result.out[:200]}"
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err[:500]
    assert lines[0].startswith("错误：") and "Traceback" not in result.err
    assert not any(word in lines[0] for word in ("Error:", "Invalid", "Usage", "sqlite"))
    assert len(lines[0]) < 2_000
    assert hermetic.dump() == before


def test_the_corpus_covers_every_command():
    covered = {
        " ".join(t[:2]) if t[0] not in ("check", "status", "import", "export") else t[0]
        for t, _ in CASES
    }
    for expected in (
        "unit add",
        "meeting add",
        "opinion reply",
        "rectify extend",
        "summary export",
        "rule add",
        "check",
        "status",
        "import",
        "export",
        "log --record",
    ):
        assert expected in covered
    assert sum(len(v) for _, v in CASES) == len(list(itertools.chain(_cases())))
