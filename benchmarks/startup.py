"""Cold-start benchmark: every command a secretary waits for, against `python -c pass`.

Each command runs as a fresh process, as a secretary's shell runs it, several times in
alternation; the median is compared with `python -c pass` measured in the same run, on the
seed's small database. Budgets (issue 17): --help ≤ 6×; the lists, `rectify show`,
`status`, `check` and the completion of unit names ≤ 12× (the goal beyond is 8×);
`summary generate` ≤ 15×; a single add ≤ 40×. ``import sqlmodel`` alone is timed too,
without a budget: every write imports it first, so it is the floor under a single add.

    python benchmarks/startup.py [--runs 15] [--check]

--check exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# name → (arguments, budget as a multiple of `python -c pass`)
COMMANDS = {
    "dangqun --help": (["--help"], 6.0),
    "meeting list": (["meeting", "list"], 12.0),
    "rectify list": (["rectify", "list"], 12.0),
    "rectify show 1": (["rectify", "show", "1"], 12.0),
    "status": (["status"], 12.0),
    "check 2010Q3": (["check", "2010Q3"], 12.0),
    "complete --unit": ([], 12.0),
    "summary generate": (["summary", "generate", "2010Q3"], 15.0),
    "rectify add": (
        [
            *("rectify", "add", "--problem", "基准测试的问题", "--measures", "措施"),
            *("--unit", "学校工会", "--owner", "王某", "--due", "2010-12-31"),
        ],
        40.0,
    ),
}
FLOOR = "import sqlmodel"  # shown without a budget: writes go through SQLModel
# How the shell asks for completions (bash): the words typed and the one being completed.
COMPLETION = {
    "_DANGQUN_COMPLETE": "complete_bash",
    "COMP_WORDS": "dangqun rectify list --unit 学",
    "COMP_CWORD": "4",
}


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def small_database(env: dict[str, str]) -> None:
    """The examples: the seed's 座谈会 with its six opinions and 2010's third quarter, a
    small, real database."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    path_env = {**env, "PATH": f"{Path(dangqun_exe()[0]).parent}{os.pathsep}{env['PATH']}"}
    for script in ("taohuashan.sh", "quarter_2010q3.sh"):
        subprocess.run(
            ["bash", str(examples / script)],
            env=path_env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def compile_package() -> None:
    """Byte-compile dangqun as ``pip install`` does; an editable checkout (and any shell with
    PYTHONDONTWRITEBYTECODE set) would otherwise recompile every module on every start."""
    import compileall

    import dangqun_cli

    compileall.compile_dir(Path(dangqun_cli.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args()
    compile_package()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DANGQUN_DB": str(Path(tmp) / "bench.db"), "NO_COLOR": "1"}
        env["DANGQUN_TODAY"] = "2010-10-08"
        small_database(env)
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], env)}
        # What every write imports before it does anything: the floor under `rectify add`.
        commands[FLOOR] = ([sys.executable, "-c", "import sqlmodel"], env)
        for name, (argv, _) in COMMANDS.items():
            commands[name] = ([*dangqun_exe(), *argv], env if argv else {**env, **COMPLETION})
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for cmd, cmd_env in commands.values():  # warm the OS file cache once
            timed(cmd, cmd_env)
        for _ in range(args.runs):
            for name, (cmd, cmd_env) in commands.items():
                samples[name].append(timed(cmd, cmd_env))

    base = statistics.median(samples["python -c pass"])
    print(f"{'command':<20}{'median ms':>10}{'min ms':>9}{'ratio':>8}{'budget':>8}  result")
    missed = False
    for name, times in samples.items():
        median = statistics.median(times)
        ratio = median / base
        budget = COMMANDS[name][1] if name in COMMANDS else None
        verdict = "" if budget is None else ("ok" if ratio <= budget else "MISSED")
        missed |= verdict == "MISSED"
        print(
            f"{name:<20}{median * 1000:>10.1f}{min(times) * 1000:>9.1f}{ratio:>7.1f}×"
            f"{'' if budget is None else f'{budget:>7.0f}×':>8}  {verdict}"
        )
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
