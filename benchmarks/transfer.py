"""Bulk ledger work at scale: import, `rectify add --from-file` and export, in rows per second.

Generates (cached under benchmarks/out/) an items ledger of 10,000 rows as an office keeps
it (16 columns of Chinese text, real dates, twenty units, a title row above the header),
as a CSV file and as an XLSX file, and the same items as JSON Lines. Each runs through the
real CLI in a fresh process on a fresh SQLite database, three times (``--runs``), and the
median is shown:

    dangqun import ledger.csv --type items --create-units
    dangqun import ledger.xlsx --type items --create-units
    dangqun rectify add --from-file items.jsonl        (the units added beforehand)
    dangqun export items --format csv|xlsx --output …  (the 10,000 items imported)

and the rows per second are the rows over the command's wall time, start-up included. Each
database is made beforehand (``dangqun db upgrade``, untimed, about 0.3 s once in a
ledger's life), so the figure is an import into an existing, empty ledger.
Budgets (issue 14): import CSV ≥ 5,000 rows/s, import XLSX ≥ 2,000 rows/s, rectify add
--from-file ≥ 5,000 rows/s. The read step alone (reading.read of the XLSX, in this process)
is timed with each XLSX reader dangqun has: calamine (used) and openpyxl (its fallback).

    python benchmarks/transfer.py [--rows 10000] [--runs 3] [--check] [--big]

--check exits 1 when a budget is missed. The first line times a fixed pure-Python loop:
shared machines drift, and the figures are only comparable at a similar speed. --big
also exports the 100,000-item ledger of benchmarks/ledger.py (issue 17 budget: CSV in at most 3 s).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "src"))

BUDGETS = {  # rows per second, at least
    "import CSV": 5_000,
    "import XLSX": 2_000,
    "rectify add --from-file": 5_000,
}
BIG_EXPORT_BUDGET_S = 3.0  # issue 17 (issue 6 said 5 s): 100,000 items to CSV

UNITS = [
    "学校党支部", "校长办公室", "教务处", "德育处", "总务处", "学校工会", "校团委", "妇委会",
    "一年级组", "二年级组", "三年级组", "四年级组", "五年级组", "六年级组", "语文教研组",
    "数学教研组", "英语教研组", "信息中心", "财务室", "安全办",
]  # fmt: skip
PEOPLE = ["王书记", "李为容", "张主任", "刘主席", "陈老师", "赵老师", "周会计", "吴干事"]
LEADERS = ["李为容校长", "王书记", "孙副校长", "钱副校长"]
TOPICS = ["校务公开", "教研活动", "评优评先", "青年教师成长", "教师负担", "考核评价", "食堂管理"]
PROBLEMS = [
    "{t}不及时，重大事项决策前征求教职工意见不够",
    "{t}流于形式，制度执行不到位，群众反映较多",
    "{t}方面程序不够公开透明，结果公示时间偏短",
    "{t}相关台账记录不全，过程资料缺失",
]
MEASURES = [
    "每月更新公开栏；重大事项提交教代会审议；建立意见征集台账",
    "制定实施细则，明确责任分工，按月检查并通报",
    "完善工作流程，设立意见箱，每学期召开一次座谈会",
]
HEADER = [
    "序号", "问题描述", "整改措施", "责任单位", "责任人", "分管领导", "提出时间", "完成时限",
    "状态", "整改情况", "佐证材料", "是否销号", "完成时间", "验收人", "问题来源", "备注",
]  # fmt: skip


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def ledger_rows(rows: int) -> list[list]:
    """Valid items: a third closed (with result, date and verifier), the rest open or in
    progress, one in twenty ongoing (长期坚持). Dates are dt.date."""
    rng = random.Random(14)
    start = dt.date(2009, 1, 5)
    out = []
    for i in range(1, rows + 1):
        topic = rng.choice(TOPICS)
        opened = start + dt.timedelta(days=rng.randrange(0, 600))
        ongoing = i % 20 == 0
        due = "长期坚持" if ongoing else opened + dt.timedelta(days=rng.randrange(30, 180))
        closed = not ongoing and i % 3 == 0
        state = "已销号" if closed else rng.choice(["待整改", "整改中"])
        out.append(
            [
                i,
                f"（{i}）" + rng.choice(PROBLEMS).format(t=topic),
                rng.choice(MEASURES),
                UNITS[i % len(UNITS)],
                rng.choice(PEOPLE),
                rng.choice(LEADERS),
                opened,
                due,
                state,
                f"已按措施完成{topic}整改，群众满意" if closed else None,
                "会议记录、公示照片" if closed else None,
                "是" if closed else "否",
                opened + dt.timedelta(days=rng.randrange(10, 60)) if closed else None,
                "李为容" if closed else None,
                f"{2009 + i % 2}年党群共建座谈会",
                "按季度跟踪" if i % 7 == 0 else None,
            ]
        )
    return out


def build_files(rows: int) -> tuple[Path, Path, Path]:
    OUT.mkdir(exist_ok=True)
    csv_path = OUT / f"transfer-{rows}.csv"
    xlsx_path = OUT / f"transfer-{rows}.xlsx"
    jsonl_path = OUT / f"transfer-{rows}.jsonl"
    if csv_path.exists() and xlsx_path.exists() and jsonl_path.exists():
        return csv_path, xlsx_path, jsonl_path
    data = ledger_rows(rows)
    title = "桃花山镇小学党群共建创先争优意见整改台账（基准测试）"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([title])
        writer.writerow(HEADER)
        for row in data:
            writer.writerow(["" if v is None else v for v in row])  # dates as 2010-09-08

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    sheet.append([title])
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)  # dates as Excel date cells
    book.save(xlsx_path)

    with open(jsonl_path, "w", encoding="utf-8") as f:
        for row in data:
            due = row[7]
            record = {
                "problem": row[1],
                "measures": row[2],
                "unit": row[3],
                "owner": row[4],
                "leader": row[5],
                "source": row[14],
                "date": row[6].isoformat(),
            }
            if isinstance(due, dt.date):
                record["due"] = due.isoformat()
            else:
                record["ongoing"] = True
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return csv_path, xlsx_path, jsonl_path


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*dangqun_exe(), *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"dangqun {' '.join(args)} failed: {done.stderr[-800:]}")
    return seconds


def read_step(xlsx: Path, runs: int = 3) -> dict[str, float]:
    """reading.read's XLSX step in this process, median of ``runs``, with each reader."""
    from dangqun_cli.transfer import reading
    from dangqun_cli.transfer import xlsx as xlsx_reader
    from dangqun_cli.transfer.limits import read_bytes

    data = read_bytes(str(xlsx))
    readers = {
        "calamine": lambda: reading.read(str(xlsx)).rows,  # the scan, then calamine
        "openpyxl": lambda: xlsx_reader.openpyxl_rows(data, str(xlsx), None),  # as before
        "scan": lambda: xlsx_reader.check(data, str(xlsx)),  # its part of calamine's time
    }
    found = {}
    for name, call in readers.items():
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = call()
            samples.append(time.perf_counter() - start)
        found[name] = (statistics.median(samples), rows)
    assert found["scan"][1] is True, "the benchmark ledger should be read by calamine"
    assert found["calamine"][1] == found["openpyxl"][1], "the readers disagree"
    return {name: seconds for name, (seconds, _) in found.items()}


def reference() -> float:
    """Seconds for a fixed pure-Python loop in a fresh process: how fast this machine is
    running now (shared machines drift), to read the figures against."""
    loop = [sys.executable, "-c", "sum(range(30_000_000))"]
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(loop, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--big", action="store_true", help="also export 100,000 items")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    args = parser.parse_args()
    n = args.rows
    csv_path, xlsx_path, jsonl_path = build_files(n)

    results: list[tuple[str, float]] = []  # (what, median seconds) for n rows
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DANGQUN_TODAY": "2010-10-08",
            "DANGQUN_KEY_DIR": str(Path(tmp) / "keys"),
            "NO_COLOR": "1",
        }
        # Measure the program as installed, compiled once (a checkout in an environment that
        # forbids .pyc files would otherwise compile every changed module on every run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        units = Path(tmp) / "units.csv"
        units.write_text(
            "问题描述,责任单位,责任人,整改时限\n"
            + "".join(f"建库,{u},王书记,2010-12-31\n" for u in UNITS),
            encoding="utf-8",
        )
        imported = str(Path(tmp) / "CSV-0.db")
        items = ["--type", "items", "--create-units"]
        jobs = [
            ("import CSV", "CSV", None, ["import", str(csv_path), *items]),
            ("import XLSX", "XLSX", None, ["import", str(xlsx_path), *items]),
            ("rectify add --from-file", "jsonl", units, ["rectify", "add", "--from-file", str(jsonl_path)]),  # noqa: E501
        ]  # fmt: skip
        for what, name, setup, cmd in jobs:
            samples = []
            for run in range(args.runs):
                env["DANGQUN_DB"] = str(Path(tmp) / f"{name}-{run}.db")
                timed(["db", "upgrade"], env)  # the empty ledger, not timed
                if setup is not None:
                    timed(["import", str(setup), "--create-units"], env)  # its units, not timed
                samples.append(timed(cmd, env))
            results.append((what, statistics.median(samples)))

        env["DANGQUN_DB"] = imported
        for fmt in ("csv", "xlsx"):
            out = f"{tmp}/export.{fmt}"
            cmd = ["export", "items", "--format", fmt, "--output", out, "--force"]
            samples = [timed(cmd, env) for _ in range(args.runs)]
            results.append((f"export {fmt.upper()}", statistics.median(samples)))

        big_s = None
        if args.big:
            from ledger import BIG as big  # benchmarks/ledger.py's cached ledger

            if not big.exists():
                subprocess.run([sys.executable, str(HERE / "ledger.py"), "--runs", "1"], check=True)
            env["DANGQUN_DB"] = str(big)
            cmd = ["export", "items", "--format", "csv", "--output", f"{tmp}/big.csv", "--force"]
            big_s = statistics.median(timed(cmd, env) for _ in range(args.runs))

    print(f"machine: {reference():.2f} s for a fixed pure-Python loop (quiet here: about 0.7 s)")
    print(f"each figure is the median of {args.runs} runs")
    head = f"command ({n:,} rows)"
    print(f"{head:<28}{'seconds':>9}{'rows/s':>9}{'budget':>9}  result")
    missed = False
    for what, seconds in results:
        rate = n / seconds
        budget = BUDGETS.get(what)
        verdict = "" if budget is None else ("ok" if rate >= budget else "MISSED")
        missed |= verdict == "MISSED"
        shown = "" if budget is None else f"≥{budget:,}"
        print(f"{what:<28}{seconds:>9.2f}{rate:>9,.0f}{shown:>9}  {verdict}")
    if big_s is not None:
        verdict = "ok" if big_s <= BIG_EXPORT_BUDGET_S else "MISSED"
        missed |= verdict == "MISSED"
        print(f"{'export CSV (100,000 items)':<28}{big_s:>9.2f}{100_000 / big_s:>9,.0f}"
              f"{f'≤{BIG_EXPORT_BUDGET_S:g} s':>9}  {verdict}")  # fmt: skip

    steps = read_step(xlsx_path)
    speedup = steps["openpyxl"] / steps["calamine"]
    print(
        f"read step alone (reading.read of the XLSX): calamine {steps['calamine']:.2f} s, "
        f"openpyxl {steps['openpyxl']:.2f} s ({speedup:.1f}× faster; the bounding scan "
        f"{steps['scan']:.2f} s of calamine's time)"
    )
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
