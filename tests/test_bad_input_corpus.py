"""Every command against a corpus of bad input: exit 1 or 2, one Chinese line on stderr,
no traceback, and the database exactly as it was (compared as a full SQL dump)."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.backends import PASSWORD
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
OUTPUTS = ["DB_IN_USE", "/dev/null", "/dev/stdout"]  # never written over
# Not a file to attach: missing, a folder, devices, empty, over 20 MB, a name with a newline.
ATTACH_FILES = ["/nonexistent/公示栏.jpg", "/", "", "/dev/null", "/dev/zero", "EMPTY", "BIG"]
ATTACH_FILES += ["NEWLINE_NAME"]
# Small files that claim or inflate to something huge (tests/hostile_files.py), and a
# device that never ends: each refused by a limit of transfer/limits.py.
HOSTILE = ["DIM_BOMB", "ZIP_BOMB", "/dev/zero", "DUPLICATE_KEY_JSONL", "DEEP_JSONL"]

# issue 14 — ledger-json: a whole ledger (export all) as this program writes it, and ways
# to break it; the corpus database has records, so even the good one is refused.
LEDGER_BREAKS = {
    "NEWER": lambda d: d.update(schema="9999"),
    "VERSION": lambda d: d.update(version=2),
    "TABLE": lambda d: d["tables"].update(audit_entry=[]),
    "COLUMN": lambda d: d["tables"]["unit"][0].update(colour="红"),
    "DANGLING": lambda d: d["tables"]["meeting"][0].update(unit_id=9),
    "DATE": lambda d: d["tables"]["meeting"][0].update(date="2010-02-30"),
    "ENUM": lambda d: d["tables"]["meeting"][0].update(kind="DROP TABLE"),
    "TEXT": lambda d: d["tables"]["unit"][0].update(name="字" * 101),
}
JSON_FILES = {
    "JSON_ARRAY_BAD_ROW": '[{"problem": "问题", "unit": "学校工会", "owner": "o", "due": "x"}]',
    "JSON_SCALAR": '"items"',
    "JSON_TRUNCATED": '{"dangqun": "ledger", "tables": {',
    "JSON_EMPTY_ARRAY": "[]",
}


def _ledger_file(folder, name: str) -> str:
    import json

    from dangqun_cli.database.schema import SCHEMA_HEAD

    data = {
        "dangqun": "ledger",
        "version": 1,
        "schema": SCHEMA_HEAD,
        "tables": {
            "unit": [
                {"id": 1, "name": "学校工会", "kind": "union", "created_at": "2010-09-01T08:00:00"}
            ],
            "meeting": [
                {
                    "id": 1,
                    "kind": "symposium",
                    "title": "座谈会",
                    "date": "2010-09-06",
                    "unit_id": 1,
                }
                | {"created_at": "2010-09-01T08:00:00"}
            ],
        },
    }
    if name in JSON_FILES:
        text = JSON_FILES[name]
    else:
        LEDGER_BREAKS.get(name.removeprefix("LEDGER_"), lambda d: None)(data)
        text = json.dumps(data, ensure_ascii=False)
    path = folder / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


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
    # issue 13 — outfiles
    (["export", "items", "--format", "csv", "--output", "{}"], OUTPUTS),
    (["summary", "export", "2010Q3", "--format", "md", "--output", "{}"], OUTPUTS),
    (["meeting", "export", "1", "--format", "md", "--output", "{}"], OUTPUTS),
    # issue 13 — hygiene
    (["unit", "add", "{}"], ["学校工会\u200b", "学校\u202e工会", "新单位\u2028", "Ａ\u200dＢ"]),
    (["--as", "{}", "unit", "add", "新单位"], ["\x1b]2;张三\x07", "张\u200b三", "\u202e张三"]),
    (
        ["--db", "{}", "unit", "list"],
        [
            f"postgresql+psycopg://dq:Pa@{PASSWORD}@127.0.0.1:1/db",
            f"postgresql+psycopg://dq:Pa%40{PASSWORD}@127.0.0.1:1/db",
            f"postgresql+psycopg://dq:Pa:{PASSWORD}@127.0.0.1:1/db",
            f"postgresql+psycopg://dq@127.0.0.1:1/db?password={PASSWORD}",
            f"host=127.0.0.1 port=1 password={PASSWORD} dbname=db",
        ],
    ),
    # issue 13 — bounded
    (["import", "{}"], HOSTILE),
    (["rectify", "add", "--from-file", "{}"], HOSTILE),
    # issue 13 — interrupts
    (["--db", "{}", "unit", "list"], ["~nouser/x.db", "FOREIGN_SQLITE"]),
    (["--db", "{}", "unit", "add", "学校工会"], ["FOREIGN_SQLITE"]),
    # issue 14 — bulk-read
    (["import", "{}"], ["SPREAD_CELLS", "DAMAGED_XLSX"]),
    (["import", "{}", "--verbose"], ["BROKEN_XLSX", "DIM_BOMB"]),
    # issue 14 — ledger-json
    (["export", "all", "--format", "{}", "--output", "/tmp/x.json"], ["csv", "xlsx", *ENUMS]),
    (["export", "all", "--format", "json", "--output", "/tmp/x.json", "--unit", "{}"], NAMES[:2]),
    (["export", "all", "--format", "json", "--output", "{}"], OUTPUTS),
    (["import", "{}"], ["LEDGER", *(f"LEDGER_{k}" for k in LEDGER_BREAKS), *JSON_FILES]),
    (["import", "{}", "--dry-run"], ["LEDGER"]),
    # issue 15 — settings
    (["config", "set", "{}", "x"], ["", "火星", "org", "org.name.x", "x" * 1000]),
    (["config", "set", "org.name", "{}"], [*TEXT, "学校\u202e工会"]),
    (
        ["config", "set", "summary.title", "{}"],
        [
            *["{单位}", "{年份}{期间}", "{期间", "{期间}{期间}", "{0}{期间}"],
            *["{期间}" + "字" * 60, *TEXT],
        ],
    ),
    (["config", "get", "{}"], ["", "火星", "x" * 1000]),
    (["config", "unset", "{}"], ["", "火星"]),
    (["config", "list", "--json", "{}"], ["x"]),
    # issue 15 — presets
    (["rule", "preset", "apply", "{}"], ["四会一课", "", "   ", "三会一课\x07", "x" * 1000]),
    (["rule", "preset", "apply", "三会一课", "--unit", "{}"], NAMES),
    (["rule", "preset", "apply", "三会一课", "{}"], ["--per", "多余"]),
    (["rule", "preset", "list", "{}"], ["x", "--unit"]),
    # issue 15 — opinion unit
    (["opinion", "add", "意见", "--source", "意见箱", "--unit", "{}"], [*NAMES, "x" * 1000]),
    (["opinion", "list", "--unit", "{}"], NAMES),
    (["meeting", "list", "--unit", "{}"], NAMES),
    # issue 16 — retry
    (["--db", "{}", "unit", "list"], ["MISSING_DB", "MISSING_FOLDER_DB"]),
    (["--db", "{}", "rectify", "list"], ["MISSING_DB"]),
    (["--db", "{}", "unit", "add", "学校工会"], ["MISSING_FOLDER_DB"]),
    (["--db", "{}", "db", "upgrade"], ["MISSING_FOLDER_DB"]),
    # issue 16 — small
    (
        ["meeting", "attend", "1", "--absent", "{}"],
        ["冯涛@没有的单位:培训", "@学校工会:培训", "冯涛@学校\x07工会:培训", "冯涛:" + "因" * 1000],
    ),
    (["meeting", "attend", "1", "--invitee", "{}"], ["张三@" + "部" * 1000, "张三@市委\x07组织部"]),
    (["meeting", "attend", "1", "--attendee", "{}"], ["张三@市委组织部"]),
    (["meeting", "edit", "{}"], ["1"]),
    (["meeting", "edit", "1", "--title", "{}"], ["座谈会"]),
    (["unit", "edit", "学校工会", "--kind", "{}"], ["other", "其他"]),
    (["rectify", "edit", "1", "--problem", "{}"], ["p"]),
    (["rectify", "add", "--problem", "p", "--unit", "学校工会", "--owner", "{}"], ["o"]),
    (["opinion", "add", "{}"], ["意见"]),
    # issue 18 — meeting templates
    (["meeting", "template", "add", "{}", "--kind", "座谈会"], TEXT),
    (["meeting", "template", "add", "t", "--kind", "{}"], ENUMS),
    (["meeting", "template", "add", "t", "--unit", "{}"], [n for n in NAMES if n]),
    (["meeting", "template", "add", "t", "--attendee", "{}"], ["张三@没有的单位", "@学校工会"]),
    (["meeting", "template", "add", "t", "--expected", "{}"], ["-1", "abc", "100001"]),
    (["meeting", "template", "add", "{}"], ["t"]),  # nothing in it
    (["meeting", "template", "add", "{}", "--kind", "座谈会"], ["座谈会"]),  # taken
    (["meeting", "template", "show", "{}"], [*NAMES, "x" * 1000]),
    (["meeting", "template", "list", "{}"], ["x", "--unit"]),
    (["meeting", "template", "remove", "{}", "--yes"], NAMES),
    (["meeting", "template", "remove", "{}"], ["座谈会"]),  # no terminal, no --yes
    (["meeting", "add", "--template", "{}", "--date", "2010-09-06"], [*NAMES, "x" * 1000]),
    (["meeting", "add", "--template", "座谈会", "--date", "{}"], DATES),
    (["meeting", "add", "--template", "座谈会", "--kind", "{}", "--date", "2010-09-06"], ENUMS),
    # issue 18 — calendar
    (["calendar", "--output", "{}"], ["", "/", "/nonexistent/日历.ics", "/dev/null"]),
    (["calendar", "--output", "x.ics", "--period", "{}"], ["", "明年秋天", "2010Q5", "2010-13"]),
    # issue 18 — 回头看 (item 2 is closed on 2010-09-10; item 1 is open)
    (["rectify", "recheck", "{}", "--result", "好"], IDS),
    (["rectify", "recheck", "2", "--result", "{}"], TEXT),
    (["rectify", "recheck", "2", "--not-effective", "--reason", "{}"], TEXT),
    (["rectify", "recheck", "2", "--result", "好", "--by", "{}"], TEXT),
    (["rectify", "recheck", "2", "--result", "好", "--date", "{}"], [*DATES, "2010-09-09", "明年"]),
    (["rectify", "recheck", "1", "--result", "{}"], ["好"]),  # not closed
    (["rectify", "recheck", "2", "{}"], ["--not-effective", "--reason"]),
    (["rectify", "recheck", "2", "--result", "好", "{}"], ["--not-effective"]),
    (["rectify", "recheck", "2", "--result", "好", "--reason", "{}"], ["理由"]),
    (["config", "set", "recheck.days", "{}"], ["0", "abc", "1.5", "3661", "", *TEXT[1:]]),
    # issue 18 — delete and undo
    (["meeting", "delete", "{}", "--yes"], [*IDS, "1"]),  # 1: its opinion depends on it
    (["meeting", "delete", "{}"], ["1"]),  # no terminal, no --yes
    (["opinion", "delete", "{}", "--yes"], IDS),
    (["opinion", "delete", "{}"], ["1"]),
    (["rectify", "delete", "{}", "--yes"], IDS),
    (["rectify", "delete", "{}"], ["1"]),
    (["unit", "delete", "{}", "--yes"], [*NAMES, "学校工会"]),  # 学校工会: in use
    (["unit", "delete", "{}"], ["学校工会"]),
    (["--as", "{}", "undo", "--yes"], ["没做过事的人", "\x1b[2J坏人", "某" * 101]),
    (["undo", "{}"], ["x", "--yes=2"]),
    # issue 18 — evidence files (佐证材料); the seed's item 1 has this file as attachment 1
    (["rectify", "attach", "{}", __file__], IDS),
    (["rectify", "attach", "1", "{}"], [*ATTACH_FILES, __file__]),  # __file__: already there
    (["rectify", "attach", "1", __file__, "{}"], ["/nonexistent/签到表.pdf"]),  # all or nothing
    (["rectify", "attachment", "list", "{}"], IDS),
    (["rectify", "attachment", "save", "{}", "--output", "/tmp/公示栏.jpg"], IDS),
    (["rectify", "attachment", "save", "1", "--output", "{}"], [*OUTPUTS, "", "/"]),
]


def _cases():
    for template, values in CASES:
        for value in values:
            yield pytest.param(template, value, id=f"{' '.join(template[:3])}:{value[:12]!r}")


@pytest.fixture
def files(tmp_path, hermetic):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 50)  # a truncated XLSX
    gbk = tmp_path / "items.jsonl"
    gbk.write_bytes('{"problem": "问题"}'.encode("gbk"))
    foreign = tmp_path / "places.db"  # another program's (the line may not say "sqlite")
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.close()
    in_use = hermetic.path
    if in_use is None:  # PostgreSQL: no file is in use; any SQLite database is refused alike
        from contextlib import closing

        in_use = tmp_path / "other.db"
        with closing(sqlite3.connect(in_use)) as conn:
            conn.execute("CREATE TABLE t (x)")
    from dangqun_cli.transfer.limits import MB, PART_MAX
    from tests import hostile_files as hostile

    return _Files(
        {
            "BROKEN_XLSX": str(broken),
            "GBK_JSONL": str(gbk),
            "DB_IN_USE": str(in_use),
            "FOREIGN_SQLITE": str(foreign),
            # issue 16 — retry: a path typed wrong (read: never made; write: no folders)
            "MISSING_DB": str(tmp_path / "typo.db"),
            "MISSING_FOLDER_DB": str(tmp_path / "no-such-folder" / "dangqun.db"),
        },
        {
            "DIM_BOMB": lambda: hostile.dimension_bomb(tmp_path),
            "ZIP_BOMB": lambda: hostile.zip_bomb(tmp_path, PART_MAX + MB),
            "DUPLICATE_KEY_JSONL": lambda: hostile.duplicate_key_jsonl(tmp_path),
            "DEEP_JSONL": lambda: hostile.deep_jsonl(tmp_path),
            "SPREAD_CELLS": lambda: hostile.spread_cells(tmp_path),
            "DAMAGED_XLSX": lambda: hostile.damaged_xlsx(tmp_path),
            "EMPTY": lambda: _written(tmp_path / "空.jpg", b""),
            "BIG": lambda: _sparse(tmp_path / "录像.mp4", 20 * MB + 1),
            "NEWLINE_NAME": lambda: _written(tmp_path / "公示\n栏.jpg", b"jpg"),
            # issue 14 — ledger-json
            **{
                name: (lambda name=name: _ledger_file(tmp_path, name))
                for name in ["LEDGER", *(f"LEDGER_{k}" for k in LEDGER_BREAKS), *JSON_FILES]
            },
        },
    )


def _written(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _sparse(path, size: int) -> str:
    with open(path, "wb") as f:
        f.truncate(size)  # takes no room on disk
    return str(path)


class _Files(dict):
    """Paths by name; a hostile file is built only for the case that asks for it."""

    def __init__(self, paths: dict, builders: dict) -> None:
        super().__init__(paths)
        self.builders = builders

    def get(self, key, default=None):
        if key not in self and key in self.builders:
            self[key] = self.builders[key]()
        return super().get(key, default)


@pytest.fixture(scope="module")
def seeded(run_database):
    """A database with one of everything, built once per backend; each case gets a copy."""
    from dangqun_cli.database.engines import dispose_all

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
    ["rectify", "attach", "1", __file__],
    [
        *["rectify", "add", "--problem", "q", "--unit", "学校工会", "--owner", "o"],
        *["--due", "2010-12-31", "--date", "2010-09-08"],
    ],
    ["rectify", "note", "2", "进展", "--date", "2010-09-09"],
    ["rectify", "submit", "2", "--result", "已整改", "--date", "2010-09-10"],
    ["rectify", "verify", "2", "--by", "v", "--date", "2010-09-10"],
    [
        "meeting",
        "template",
        "add",
        "座谈会",
        "--kind",
        "座谈会",
        "--title",
        "座谈会",
        "--unit",
        "学校工会",
    ],
)


# Commands the corpus above did not reach (found by walking the command tree).
CASES.extend(
    [
        (["--db", "{}", "db", "path"], [""]),
        (["--db", "{}", "db", "upgrade"], ["", "mysql://u@h/d", "/"]),
        (["db", "backup", "{}"], ["", "/", "/nonexistent/备份.db"]),
        (["db", "restore", "{}"], ["", "/", "/nonexistent/备份.db", "BROKEN_XLSX", "GBK_JSONL"]),
        (["db", "key", "export", "{}"], ["", "/", "/nonexistent/密钥.key"]),
        (["db", "key", "import", "{}"], ["", "/", "/nonexistent/密钥.key", "GBK_JSONL"]),
        (["log", "verify", "--anchor", "{}"], ["", "1", "1:xyz", "abc:" + "0" * 64, "0:abc"]),
        (["meeting", "attend", "{}", "--present", "张三"], IDS),
        (["meeting", "minutes", "{}"], IDS),
        (["opinion", "show", "{}"], IDS),
        (["rectify", "edit", "{}", "--owner", "x"], IDS),
        (["rectify", "edit", "1", "--owner", "{}"], TEXT),
        (["rule", "list", "--unit", "{}"], [n for n in NAMES if n]),
        (["summary", "list", "--json", "{}"], ["x"]),
        (["summary", "edit", "{}", "--title", "t"], IDS),
        (["unit", "list", "--kind", "{}"], ENUMS),
    ]
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
    assert "内部错误" not in lines[0]  # the guard's word for a bug that escaped
    assert len(lines[0]) < 2_000
    assert hermetic.dump() == before


def _commands() -> set[tuple[str, ...]]:
    """Every command a secretary can run, found by walking the real command tree."""
    import typer

    from dangqun_cli.cli.app import build
    from dangqun_cli.cli.root import SUB_APPS

    found: set[tuple[str, ...]] = set()

    def walk(command, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None or getattr(command, "invoke_without_command", False):
            found.add(path)
        for name, sub in (subcommands or {}).items():
            walk(sub, (*path, name))

    for name in SUB_APPS:
        walk(typer.main.get_command(build([name])).commands[name], (name,))
    return found


def _covered(template: list[str]) -> tuple[str, ...]:
    """The command a case runs: its words after the root's options."""
    from dangqun_cli.cli.app import command_word

    words = list(template)
    first = command_word(words)
    words = words[words.index(first) :]
    return tuple(w for w in words if not w.startswith("-") and w != "{}")


@pytest.mark.no_database
def test_the_corpus_covers_every_command():
    commands = _commands()
    assert {("unit", "add"), ("log",), ("log", "verify"), ("db", "key", "import")} <= commands
    reached = set()
    for template, values in CASES:
        words = _covered(template)
        match = max((c for c in commands if words[: len(c)] == c), key=len, default=None)
        if match is not None and values:
            reached.add(match)
    assert commands - reached == set(), "commands with no bad-input case"
