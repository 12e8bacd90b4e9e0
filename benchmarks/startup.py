"""Cold-start benchmark: `dangqun --help` and `dangqun meeting list` against `python -c pass`.

Each command runs as a fresh process, as a secretary's shell runs it, several times in
alternation; the median is compared with `python -c pass` measured in the same run.
Budgets (issue 3): --help ≤ 8×, meeting list on a small database ≤ 30×.

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

BUDGETS = {"dangqun --help": 8.0, "dangqun meeting list": 30.0}


def dangqun_exe() -> list[str]:
    script = Path(sys.executable).with_name("dangqun")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangqun_cli"]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def small_database(env: dict[str, str]) -> None:
    """The seed's 座谈会 with its six opinions: a small, real database."""
    script = Path(__file__).resolve().parents[1] / "examples" / "taohuashan.sh"
    path_env = {**env, "PATH": f"{Path(dangqun_exe()[0]).parent}{os.pathsep}{env['PATH']}"}
    subprocess.run(["bash", str(script)], env=path_env, check=True, stdout=subprocess.DEVNULL)


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
        small_database(env)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "dangqun --help": [*dangqun_exe(), "--help"],
            "dangqun meeting list": [*dangqun_exe(), "meeting", "list"],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():  # warm the OS file cache once
            timed(cmd, env)
        for _ in range(args.runs):
            for name, cmd in commands.items():
                samples[name].append(timed(cmd, env))

    base = statistics.median(samples["python -c pass"])
    print(f"{'command':<24}{'median ms':>10}{'min ms':>9}{'ratio':>8}{'budget':>8}  result")
    missed = False
    for name, times in samples.items():
        median = statistics.median(times)
        ratio = median / base
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else ("ok" if ratio <= budget else "MISSED")
        missed |= verdict == "MISSED"
        print(
            f"{name:<24}{median * 1000:>10.1f}{min(times) * 1000:>9.1f}{ratio:>7.1f}×"
            f"{'' if budget is None else f'{budget:>7.0f}×':>8}  {verdict}"
        )
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
