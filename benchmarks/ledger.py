"""Ledger benchmark: the rectification commands on 100,000 items vs. on 10 items.

Builds (once, cached under benchmarks/out/) a ledger of 100,000 items across 200 units
with 100,000 progress notes and 1,000,000 audit entries, a ledger of 10 items, and the
examples database (examples/*.sh); then runs each command as a fresh process on the big
ledger and on its comparison database, alternating, and compares medians.
Budgets: the rectify commands at most 1.3× their time on 10 items (issue 4); `summary
generate` for a quarter and `status` at most 1.2× their time on the examples (issue 17).

    python benchmarks/ledger.py [--runs 9] [--check] [--plans]

--plans prints SQLite's query plan for every statement the list commands, `status` and
`summary generate` run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TODAY = "2010-09-15"
BUDGET = 1.3
REPORT_BUDGET = 1.2  # status and summary generate on 100,000 items vs. the examples
STATES = ["closed"] * 7 + ["open", "in_progress", "submitted"]


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def build(path: Path, items: int, units: int, audits: int) -> None:
    """Create the schema with dangqun itself, then fill it with plain SQL (fast)."""
    if path.exists():
        return
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DANGQUN_DB": str(tmp)}
    subprocess.run([*dangqun_exe(), "db", "upgrade"], env=env, check=True, capture_output=True)
    rng = random.Random(7)
    con = sqlite3.connect(tmp)
    now = "2010-09-01 08:00:00"
    con.executemany(
        "INSERT INTO unit (id, name, kind, created_at) VALUES (?, ?, 'admin', ?)",
        [(u, f"单位{u:03d}", now) for u in range(1, units + 1)],
    )
    start = dt.date(2008, 1, 1)
    rows, notes = [], []
    for i in range(1, items + 1):
        opened = start + dt.timedelta(days=rng.randrange(0, 1000))
        due = None if rng.random() < 0.02 else opened + dt.timedelta(days=rng.randrange(7, 180))
        state = rng.choice(STATES)
        closed = (opened + dt.timedelta(days=rng.randrange(1, 200))) if state == "closed" else None
        rows.append(
            (
                i,
                f"问题{i}：整改事项描述",
                f"措施{i}",
                rng.randrange(1, units + 1),
                f"责任人{rng.randrange(1, 500)}",
                due,
                due,
                state,
                opened,
                closed,
                now,
            )
        )
        if state != "open":
            notes.append((i, "note", opened + dt.timedelta(days=1), "秘书", f"进展{i}"))
    con.executemany(
        "INSERT INTO rectification_item (id, problem, measures, unit_id, owner, due, original_due,"
        " state, opened_on, closed_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r) for r in rows],
    )
    con.executemany(
        'INSERT INTO progress_note (item_id, kind, day, "by", text) VALUES (?,?,?,?,?)',
        [(a, b, c.isoformat(), d, e) for a, b, c, d, e in notes],
    )
    snapshot = json.dumps({"problem": "问题", "state": "open"}, ensure_ascii=False)
    batch = 100_000
    for _first in range(0, audits, batch):
        con.executemany(
            "INSERT INTO audit_entry (at, actor, record_type, record_id, action, before, after)"
            " VALUES (?, '秘书', 'item', ?, 'update', ?, ?)",
            [(now, rng.randrange(1, items + 1), snapshot, snapshot) for _ in range(batch)],
        )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    tmp.rename(path)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    return time.perf_counter() - start


def examples_db(path: Path) -> None:
    if path.exists():
        return
    env = {
        **os.environ,
        "DANGQUN_DB": str(path),
        "DANGQUN_TODAY": "2010-10-08",
        "PATH": f"{Path(dangqun_exe()[0]).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for script in ("taohuashan.sh", "quarter_2010q3.sh"):
        subprocess.run(
            ["bash", str(HERE.parent / "examples" / script)],
            env=env,
            check=True,
            capture_output=True,
        )


def commands(item_id: int) -> dict[str, list[str]]:
    add = [
        "rectify",
        "add",
        "--problem",
        "基准测试事项",
        "--unit",
        "单位001",
        "--owner",
        "张三",
        "--due",
        "2010-12-31",
    ]
    return {
        "rectify list --overdue": ["rectify", "list", "--overdue"],
        "rectify list --unit U": ["rectify", "list", "--unit", "单位001"],
        "rectify list": ["rectify", "list"],
        f"rectify show {item_id}": ["rectify", "show", str(item_id)],
        "rectify add": add,
    }


REPORTS = {
    "summary generate 2010Q3": ["summary", "generate", "2010Q3"],
    "status": ["status"],
}


def plans(db: Path) -> None:
    """The query plan of every statement the list commands and reports run on the big ledger."""
    import sqlalchemy as sa

    from dangqun_cli.database.transactions import read_connection
    from dangqun_cli.dates import parse_period
    from dangqun_cli.queries.rectification import list_items
    from dangqun_cli.reports.status import status
    from dangqun_cli.reports.summary import compose

    seen: list[tuple[str, tuple]] = []
    with read_connection(f"sqlite:///{db}") as conn:
        sa.event.listen(
            conn, "before_cursor_execute", lambda *a: seen.append((a[2], tuple(a[3] or ())))
        )
        today = dt.date.fromisoformat(TODAY)
        quarter = parse_period("2010Q3", today=today)
        reads = {
            f"list_items({kw})": (list_items, kw)
            for kw in ({"overdue": True}, {"unit": "单位001"}, {})
        }
        reads["status"] = (status, {})
        reads["summary generate 2010Q3"] = (
            lambda conn, today: compose(conn, quarter, today=today),
            {},
        )
        for label, (read, kwargs) in reads.items():
            seen.clear()
            read(conn, today=today, **kwargs)
            print(f"\n== {label}")
            for sql, params in [s for s in seen if not s[0].startswith("EXPLAIN")]:
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
                print("  " + " ".join(sql.split())[:110])
                for row in plan:
                    print(f"      {row[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is missed")
    parser.add_argument("--plans", action="store_true", help="print the query plans")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    from startup import compile_package

    compile_package()
    big, small = OUT / "ledger-100k.db", OUT / "ledger-10.db"
    started = time.perf_counter()
    build(big, items=100_000, units=200, audits=1_000_000)
    build(small, items=10, units=200, audits=10)
    examples = OUT / "examples.db"
    examples_db(examples)
    print(f"ledgers ready in {time.perf_counter() - started:.1f} s")
    if args.plans:
        plans(big)

    def env(path: Path, today: str) -> dict[str, str]:
        return {**os.environ, "DANGQUN_DB": str(path), "DANGQUN_TODAY": today, "NO_COLOR": "1"}

    # (label, argv, comparison database, budget)
    cases = [(label, argv, small, TODAY, BUDGET) for label, argv in commands(item_id=7).items()]
    cases += [
        (label, argv, examples, "2010-10-08", REPORT_BUDGET) for label, argv in REPORTS.items()
    ]
    samples: dict[tuple[str, str], list[float]] = {}
    for _label, argv, other, today, _ in cases:  # warm the file cache
        for db in (big, other):
            timed([*dangqun_exe(), *argv], env(db, today))
    for _ in range(args.runs):
        for label, argv, other, today, _ in cases:
            for name, db in (("big", big), ("other", other)):
                t = timed([*dangqun_exe(), *argv], env(db, today))
                samples.setdefault((label, name), []).append(t)

    print(f"\n{'command':<26}{'compared':>12}{'100k items':>12}{'ratio':>8}{'budget':>8}")
    missed = False
    for label, _, other, _, budget in cases:
        other_ms = statistics.median(samples[(label, "other")]) * 1000
        big_ms = statistics.median(samples[(label, "big")]) * 1000
        ratio = big_ms / other_ms
        missed |= ratio > budget
        verdict = "ok" if ratio <= budget else "MISSED"
        name = "10 items" if other == small else "examples"
        print(
            f"{label:<26}{other_ms:>6.0f}ms {name:<8}{big_ms:>6.0f}ms{ratio:>7.2f}×"
            f"{budget:>7.1f}×  {verdict}"
        )
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
