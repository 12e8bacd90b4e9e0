"""The same commands on SQLite and on PostgreSQL: what a secretary waits for on each.

Both databases hold the examples (the 座谈会 and 2010's third quarter); each command runs
as a fresh process, alternating between the two, and the medians are compared.

    python benchmarks/backends.py [--runs 9] [--postgres URL] [--check]

Without --postgres a throwaway server is started (tests/pgserver.py) and removed after.
Budget: every command on PostgreSQL (a server on the same machine) within 1.5× SQLite;
--check exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import pgserver  # noqa: E402  (the repo's own helper, found via REPO)

BUDGET = 1.5
COMMANDS = [
    ["meeting", "list"],
    ["rectify", "list"],
    ["rectify", "show", "3"],
    ["summary", "generate", "2010Q3"],
    ["status"],
    ["log", "verify"],
    ["rectify", "note", "3", "基准测试：进展"],
    ["opinion", "add", "基准测试意见", "--source", "意见箱"],
]


def run(args: list[str], env: dict[str, str]) -> float:
    exe = Path(sys.executable).with_name("dangqun")
    start = time.perf_counter()
    quietly([str(exe), *args], env)
    return time.perf_counter() - start


def quietly(command: list[str], env: dict[str, str]) -> None:
    """Run ``command``; its output is shown only when it fails."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")


def replay(env: dict[str, str]) -> None:
    path_env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}
    for script in ("taohuashan.sh", "quarter_2010q3.sh"):
        quietly(["bash", str(REPO / "examples" / script)], path_env)


def postgres_database(admin_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--postgres", help="a superuser's URL (default: a throwaway server)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args()
    server_folder = None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            admin = args.postgres
            if admin is None:
                server_folder = Path(tempfile.mkdtemp(prefix="dangqun-bench-pg-"))
                admin = pgserver.start(server_folder)
            base = {**os.environ, "DANGQUN_TODAY": "2010-10-08", "DANGQUN_USER": "基准"}
            envs = {
                "SQLite": {**base, "DANGQUN_DB": str(Path(tmp) / "examples.db")},
                "PostgreSQL": {**base, "DANGQUN_DB": postgres_database(admin)},
            }
            for env in envs.values():
                replay(env)
            times: dict[tuple[str, str], list[float]] = {}
            for _ in range(args.runs):
                for command in COMMANDS:
                    for name, env in envs.items():
                        times.setdefault((" ".join(command[:2]), name), []).append(
                            run(command, env)
                        )
        finally:
            if server_folder is not None:
                pgserver.stop(server_folder)
    missed = 0
    print(f"{'command':<22}{'SQLite ms':>11}{'PostgreSQL ms':>15}{'ratio':>8}  result")
    for command in COMMANDS:
        label = " ".join(command[:2])
        lite = statistics.median(times[(label, "SQLite")]) * 1000
        pg = statistics.median(times[(label, "PostgreSQL")]) * 1000
        ok = pg <= lite * BUDGET
        missed += not ok
        print(f"{label:<22}{lite:>11.0f}{pg:>15.0f}{pg / lite:>7.2f}×  {'ok' if ok else 'over'}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
