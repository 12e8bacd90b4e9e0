"""Ledger import and export at scale.

Builds (once, under benchmarks/out/) an XLSX ledger of 100,000 valid rows across 200
units, imports it into an empty database and reports rows per second; then exports the
100,000-item benchmark ledger (benchmarks/ledger.py builds it) to CSV and XLSX.
Budget (issue 6): exporting 100,000 items to CSV takes at most 5 s.

    python benchmarks/transfer.py [--rows 100000] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EXPORT_BUDGET_S = 5.0


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def ledger_xlsx(path: Path, rows: int) -> None:
    if path.exists():
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    sheet.append(["整改台账（基准测试）"])
    sheet.append(
        [
            "序号",
            "问题描述",
            "整改措施",
            "责任单位",
            "责任人",
            "分管领导",
            "提出时间",
            "完成时限",
            "整改情况",
            "是否销号",
            "完成时间",
        ]
    )
    start = dt.datetime(2009, 1, 1)
    for i in range(1, rows + 1):
        opened = start + dt.timedelta(days=i % 600)
        closed = i % 3 == 0
        sheet.append(
            [
                i,
                f"问题{i}：制度执行不到位，需要整改",
                f"措施{i}：完善制度，按月检查",
                f"单位{i % 200:03d}",
                f"责任人{i % 500}",
                "分管领导",
                opened,
                opened + dt.timedelta(days=90),
                "已按措施完成整改" if closed else None,
                "是" if closed else "否",
                opened + dt.timedelta(days=60) if closed else None,
            ]
        )
    book.save(path)


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*dangqun_exe(), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"dangqun {' '.join(args)} failed: {done.stderr[-500:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is missed")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    source = OUT / f"ledger-{args.rows}.xlsx"
    ledger_xlsx(source, args.rows)
    big = OUT / "ledger-100k.db"
    if not big.exists():
        subprocess.run([sys.executable, str(HERE / "ledger.py"), "--runs", "1"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DANGQUN_DB": str(Path(tmp) / "import.db"),
            "DANGQUN_TODAY": "2010-10-08",
            "NO_COLOR": "1",
        }
        seconds = timed(["import", str(source), "--create-units"], env)
        print(f"import {args.rows} rows (XLSX): {seconds:.1f} s, {args.rows / seconds:.0f} rows/s")
        env["DANGQUN_DB"] = str(big)
        csv_s = timed(["export", "items", "--format", "csv", "--output", f"{tmp}/x.csv"], env)
        xlsx_s = timed(["export", "items", "--format", "xlsx", "--output", f"{tmp}/x.xlsx"], env)
    verdict = "ok" if csv_s <= EXPORT_BUDGET_S else "MISSED"
    print(f"export 100,000 items to CSV: {csv_s:.1f} s (budget {EXPORT_BUDGET_S:.0f} s) {verdict}")
    print(f"export 100,000 items to XLSX: {xlsx_s:.1f} s")
    return 1 if (args.check and verdict == "MISSED") else 0


if __name__ == "__main__":
    sys.exit(main())
