"""`log verify` on a keyed audit chain of 1,000,000 entries.

Builds (once, cached under benchmarks/out/) a ledger of 10,000 rectification items
imported by dangqun itself, then lengthens its audit trail to 1,000,000 entries with
entries that restate each item's current values, hashed with the ledger's key exactly as
dangqun hashes them, so `log verify` has a whole chain to walk and every record to check.
Prints the wall time and the peak memory of one `dangqun log verify` (issue 13 asks that it
finish; the speed budget belongs to issue 17).

    python benchmarks/verify.py [--entries 1000000] [--items 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "src"))

from dangqun_cli.chain import entry_hash  # noqa: E402  (the formula dangqun itself uses)


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def build(path: Path, env: dict[str, str], items: int, entries: int) -> None:
    if path.exists():
        return
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    env = {**env, "DANGQUN_DB": str(tmp)}
    ledger = OUT / "verify-items.csv"
    lines = ["问题描述,责任单位,责任人,整改时限"]
    lines += [f"问题{i},单位{i % 50},责任人{i % 7},2010-12-31" for i in range(items)]
    ledger.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(
        [*dangqun_exe(), "import", str(ledger), "--create-units"],
        env=env,
        check=True,
        capture_output=True,
    )
    con = sqlite3.connect(tmp)
    ledger_id = con.execute("SELECT value FROM ledger_meta WHERE name = 'ledger_id'").fetchone()[0]
    key = json.loads((Path(env["DANGQUN_KEY_DIR"]) / f"{ledger_id}.key").read_text())
    secret, keyed_from = bytes.fromhex(key["key"]), key["keyed_from"]
    last_id, prev = con.execute(
        "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1"
    ).fetchone()
    latest = con.execute(
        "SELECT record_type, record_id, after FROM audit_entry WHERE id IN "
        "(SELECT max(id) FROM audit_entry GROUP BY record_type, record_id)"
    ).fetchall()
    rows = []
    for n in range(last_id + 1, entries + 1):
        rtype, rid, after = latest[n % len(latest)]
        entry = {
            "id": n,
            "at": "2010-09-15T10:00:00",
            "actor": "基准",
            "record_type": rtype,
            "record_id": rid,
            "action": "update",
            "before": after,
            "after": after,
            "source": None,
        }
        entry["hash"] = prev = entry_hash(prev, entry, secret if n >= keyed_from else None)
        rows.append(entry)
        if len(rows) == 50_000:
            _insert(con, rows)
    _insert(con, rows)
    con.commit()
    con.close()
    os.replace(tmp, path)


def _insert(con: sqlite3.Connection, rows: list[dict]) -> None:
    con.executemany(
        "INSERT INTO audit_entry (id, at, actor, record_type, record_id, action, before, after,"
        " source, hash) VALUES (:id, '2010-09-15 10:00:00.000000', :actor, :record_type,"
        " :record_id, :action, :before, :after, :source, :hash)",
        rows,
    )
    rows.clear()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DANGQUN_KEY_DIR": str(OUT / "keys"),
        "XDG_CONFIG_HOME": str(OUT / "config"),
        "DANGQUN_TODAY": "2010-09-15",
    }
    db = OUT / f"verify-{args.entries}.db"
    build(db, env, args.items, args.entries)
    started = time.perf_counter()
    done = subprocess.run(
        [*dangqun_exe(), "--db", str(db), "log", "verify", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads(done.stdout)
    print(
        f"log verify: {report['entries']:,} entries, {report['records']:,} records, "
        f"ok={report['ok']} keyed={report['keyed']}: {wall:.1f} s wall, peak {peak_mb:.0f} MB"
    )
    return 0 if report["ok"] and report["keyed"] else 1


if __name__ == "__main__":
    sys.exit(main())
