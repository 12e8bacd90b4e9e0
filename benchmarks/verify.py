"""`log verify` at scale: 100,000 items and 1,000,000 audit entries, within 20 s.

Runs `dangqun log verify --json` on the ledger benchmarks/ledger.py builds (once, cached
under benchmarks/out/): 100,000 rectification items across 200 units with their progress
notes, and an audit trail of 1,000,000 entries hashed with the ledger's key exactly as
dangqun hashes them, each record's latest entry holding its current values, so verify has
a whole chain to walk and every record to check, and must pass. Prints the wall time and
the peak memory of each run (issue 17: at most 20 s).

    python benchmarks/verify.py [--runs 1] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ledger import BIG, OUT, bench_env, build, dangqun_exe  # noqa: E402

BUDGET_S = 20.0  # issue 17: `log verify` at 100,000 items and 1,000,000 entries


def warm(path: Path) -> None:
    """Read the database once, so that every run finds it in the file cache."""
    with path.open("rb") as f:
        while f.read(1 << 24):
            pass


def run_once(db: Path) -> tuple[float, float, float, dict]:
    """(wall seconds, CPU seconds, peak RSS in MB, the JSON report) of one `log verify`
    (CPU time too: on a shared machine the wall time drifts with the load)."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*dangqun_exe(), "--db", str(db), "log", "verify", "--json"],
            env=bench_env(DANGQUN_TODAY="2010-09-15"),
            stdout=out,
            stderr=err,
        )
        _, _, usage = os.wait4(proc.pid, 0)  # this run's own peak memory
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        try:
            report = json.loads(out.read())
        except ValueError:
            raise SystemExit(f"log verify printed no report: {err.read()}") from None
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is missed")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    build(BIG, items=100_000, units=200, audits=1_000_000)
    print(f"ledger ready in {time.perf_counter() - started:.1f} s ({BIG.stat().st_size >> 20} MB)")
    warm(BIG)
    walls, peaks, passed = [], [], True
    for _ in range(args.runs):
        wall, cpu, peak, report = run_once(BIG)
        walls.append(wall)
        peaks.append(peak)
        passed &= report["ok"] and report["keyed"]
        print(
            f"log verify: {report['entries']:,} entries, {report['records']:,} records, "
            f"ok={report['ok']} keyed={report['keyed']}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"peak {peak:.0f} MB"
        )
        for problem in report["problems"][:3]:
            print(f"  {problem['message']}")
    wall = statistics.median(walls)
    verdict = "ok" if wall <= BUDGET_S else "MISSED"
    print(f"median {wall:.1f} s (budget {BUDGET_S:.0f} s) {verdict}; peak {max(peaks):.0f} MB")
    if not passed:
        return 1
    return 1 if (args.check and wall > BUDGET_S) else 0


if __name__ == "__main__":
    sys.exit(main())
