"""Ledger benchmark: the rectification commands on 100,000 items vs. on 10 items.

Builds (once, cached under benchmarks/out/) a ledger of 100,000 items across 200 units
with 100,000 progress notes and 1,000,000 audit entries, a ledger of 10 items, and the
examples database (examples/*.sh); then runs each command as a fresh process on the big
ledger and on its comparison database, alternating, and compares medians.
Budgets: the rectify commands at most 1.3× their time on 10 items (issue 4); `summary
generate` for a quarter and `status` at most 1.2× their time on the examples (issue 17);
on the big ledger, `rectify list --limit 5000` (5,000 rows printed) at most 3× `rectify
list` (a page of 50) (issue 17: long output at terminal speed).

    python benchmarks/ledger.py [--runs 9] [--check] [--plans] [--long-only]

--plans prints SQLite's query plan for every statement the list commands, `status` and
`summary generate` run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
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
sys.path.insert(0, str(HERE.parent / "src"))  # this checkout's dangqun (the hash formula)
TODAY = "2010-09-15"
# v2: the trail carries valid hashes and every record's values (issue 17); an older cached
# ledger under the old name is left alone.
BIG = OUT / "ledger-100k-v2.db"
BUDGET = 1.3
REPORT_BUDGET = 1.2  # status and summary generate on 100,000 items vs. the examples
# 5,000 printed rows vs. a page of 50, both on the big ledger (its 29,949 open items: the
# default list shows no closed ones, so --limit 5000 prints exactly 5,000 rows)
LONG_BUDGET = 3.0
LONG = {
    "rectify list": ["rectify", "list"],
    "rectify list --limit 5000": ["rectify", "list", "--limit", "5000"],
}
STATES = ["closed"] * 7 + ["open", "in_progress", "submitted"]


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def bench_env(**extra: str) -> dict[str, str]:
    """The benchmarks' environment: the ledgers' keys and this machine's witness live under
    benchmarks/out/, never in the user's own dangqun folder."""
    return {
        **os.environ,
        "DANGQUN_KEY_DIR": str(OUT / "keys"),
        "XDG_CONFIG_HOME": str(OUT / "config"),
        **extra,
    }


def build(path: Path, items: int, units: int, audits: int) -> None:
    """Create the schema and the ledger's key with dangqun itself (its first unit), then
    fill it with plain SQL (fast): every record with a "create" entry holding its values,
    then "update" entries restating an item's values until the trail has ``audits``
    entries, all hashed with the ledger's key as dangqun hashes them (chain.entry_hash),
    so `log verify` passes on it."""
    if path.exists():
        return
    from dangqun_cli.chain import entry_hash
    from dangqun_cli.models import ProgressNote, RectificationItem, Unit
    from dangqun_cli.services.audit import column_keys, dumps, snapshot_of

    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    env = bench_env(DANGQUN_DB=str(tmp), DANGQUN_TODAY="2010-09-01")
    subprocess.run(
        [*dangqun_exe(), "unit", "add", "单位001", "--kind", "admin"],
        env=env,
        check=True,
        capture_output=True,
    )
    rng = random.Random(7)
    con = sqlite3.connect(tmp)
    ledger = con.execute("SELECT value FROM ledger_meta WHERE name = 'ledger_id'").fetchone()[0]
    key = json.loads((OUT / "keys" / f"{ledger}.key").read_text())
    secret, keyed_from = bytes.fromhex(key["key"]), key["keyed_from"]
    ((next_id, prev),) = con.execute(
        "SELECT id + 1, hash FROM audit_entry ORDER BY id DESC LIMIT 1"
    )
    now = dt.datetime(2010, 9, 1, 8, 0)

    def full(model: type, values: dict) -> dict:
        return {k: values.get(k) for k in column_keys(model)}

    unit_rows = [
        full(Unit, {"id": u, "name": f"单位{u:03d}", "kind": "admin", "created_at": now})
        for u in range(2, units + 1)
    ]
    start = dt.date(2008, 1, 1)
    rows, notes, snapshots = [], [], []
    for i in range(1, items + 1):
        opened = start + dt.timedelta(days=rng.randrange(0, 1000))
        due = None if rng.random() < 0.02 else opened + dt.timedelta(days=rng.randrange(7, 180))
        state = rng.choice(STATES)
        closed = (opened + dt.timedelta(days=rng.randrange(1, 200))) if state == "closed" else None
        item = full(
            RectificationItem,
            {
                "id": i,
                "problem": f"问题{i}：整改事项描述",
                "measures": f"措施{i}",
                "unit_id": rng.randrange(1, units + 1),
                "owner": f"责任人{rng.randrange(1, 500)}",
                "due": due,
                "original_due": due,
                "state": state,
                "opened_on": opened,
                "closed_on": closed,
                "created_at": now,
            },
        )
        rows.append(item)
        mine = []
        if state != "open":
            day = opened + dt.timedelta(days=1)
            mine.append(
                full(
                    ProgressNote,
                    {"id": len(notes) + 1, "item_id": i, "kind": "note", "day": day}
                    | {"by": "秘书", "text": f"进展{i}"},
                )
            )
            notes.extend(mine)
        snapshots.append(dumps(snapshot_of("item", item, {"notes": mine})))

    def insert(table: str, dicts: list[dict]) -> None:
        if not dicts:
            return
        names = list(dicts[0])
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        con.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [tuple(_stored(d[n]) for n in names) for d in dicts],
        )

    insert("unit", unit_rows)
    insert("rectification_item", rows)
    insert("progress_note", notes)

    def trail():
        """A "create" per record, then restatements of random items' values."""
        for u in unit_rows:
            yield "unit", u["id"], "create", dumps(snapshot_of("unit", u, {}))
        for i, after in enumerate(snapshots, 1):
            yield "item", i, "create", after
        while True:
            rid = rng.randrange(1, items + 1)
            yield "item", rid, "update", snapshots[rid - 1]

    entries = []
    last = max(audits, next_id - 1 + len(unit_rows) + items)
    for rtype, rid, action, after in itertools.islice(trail(), last - next_id + 1):
        entry = {
            "id": next_id,
            "at": now,
            "actor": "秘书",
            "record_type": rtype,
            "record_id": rid,
            "action": action,
            "before": None if action == "create" else after,
            "after": after,
            "source": None,
            "command": next_id,  # each entry a command of its own, as dangqun numbers them
        }
        entry["hash"] = prev = entry_hash(prev, entry, secret if next_id >= keyed_from else None)
        entries.append(entry)
        next_id += 1
        if len(entries) == 50_000:
            insert("audit_entry", entries)
            entries.clear()
    insert("audit_entry", entries)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    tmp.rename(path)


def _stored(value):
    """A value as SQLAlchemy stores it in SQLite (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    return time.perf_counter() - start


def examples_db(path: Path) -> None:
    if path.exists():
        return
    env = bench_env(
        DANGQUN_DB=str(path),
        DANGQUN_TODAY="2010-10-08",
        PATH=f"{Path(dangqun_exe()[0]).parent}{os.pathsep}{os.environ['PATH']}",
    )
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


def long_output(big: Path, env: dict[str, str], runs: int) -> bool:
    """5,000 rows printed (into a pipe) vs. a page of 50, on the big ledger: whether the
    budget is missed. Reports wall and CPU time (the CPU time of the child process)."""
    (page, page_argv), (long, long_argv) = LONG.items()
    for argv in (page_argv, long_argv):  # warm the file cache
        timed([*dangqun_exe(), *argv], env)
    wall: dict[str, list[float]] = {page: [], long: []}
    cpu: dict[str, list[float]] = {page: [], long: []}
    for _ in range(runs):
        for label, argv in LONG.items():
            before = os.times()
            wall[label].append(timed([*dangqun_exe(), *argv], env))
            after = os.times()
            cpu[label].append(
                after.children_user
                - before.children_user
                + after.children_system
                - before.children_system
            )
    w = {label: statistics.median(v) * 1000 for label, v in wall.items()}
    c = {label: statistics.median(v) * 1000 for label, v in cpu.items()}
    ratio = w[long] / w[page]
    verdict = "ok" if ratio <= LONG_BUDGET else "MISSED"
    print(f"\n{'long output (100k items)':<28}{'wall':>8}{'CPU':>8}")
    for label in (page, long):
        print(f"{label:<28}{w[label]:>6.0f}ms{c[label]:>6.0f}ms")
    print(
        f"{'ratio':<28}{ratio:>7.2f}×{c[long] / c[page]:>7.2f}×  budget {LONG_BUDGET:.1f}× (wall)"
        f"  {verdict}"
    )
    return ratio > LONG_BUDGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is missed")
    parser.add_argument("--plans", action="store_true", help="print the query plans")
    parser.add_argument(
        "--long-only", action="store_true", help="only 5,000 printed rows vs. a page of 50"
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    from startup import compile_package

    compile_package()
    big, small = BIG, OUT / "ledger-10-v2.db"
    started = time.perf_counter()
    build(big, items=100_000, units=200, audits=1_000_000)
    build(small, items=10, units=200, audits=10)
    examples = OUT / "examples.db"
    examples_db(examples)
    print(f"ledgers ready in {time.perf_counter() - started:.1f} s")
    if args.plans:
        plans(big)

    def env(path: Path, today: str) -> dict[str, str]:
        return bench_env(DANGQUN_DB=str(path), DANGQUN_TODAY=today, NO_COLOR="1")

    missed = long_output(big, env(big, TODAY), args.runs)
    if args.long_only:
        return 1 if (args.check and missed) else 0

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
