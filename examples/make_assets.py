"""Rebuild the README's example outputs from the example scripts.

    python examples/make_assets.py

Replays taohuashan.sh and quarter_2010q3.sh into a temporary database (today = 2010-10-08)
and writes examples/2010Q3-工作总结.md (the Markdown export) and
examples/2010Q3-工作总结.svg (the terminal summary, drawn by rich).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2010-10-08"


def main() -> None:
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DANGQUN_DB": str(Path(tmp) / "examples.db"),
            "DANGQUN_TODAY": TODAY,
            "DANGQUN_USER": "示例秘书",
            "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        }
        for script in ("taohuashan.sh", "quarter_2010q3.sh"):
            subprocess.run(["bash", str(HERE / script)], env=env, check=True, capture_output=True)
        md = HERE / "2010Q3-工作总结.md"
        subprocess.run(
            [
                *["dangqun", "summary", "export", "2010Q3", "--format", "md"],
                *["--output", str(md), "--force"],  # it renews the committed file
            ],
            env=env,
            check=True,
        )
        os.environ.update(env)
        from rich.console import Console

        from dangqun_cli.cli.summary import blocks_for, default_title
        from dangqun_cli.database.transactions import read_connection
        from dangqun_cli.dates import parse_period
        from dangqun_cli.render import terminal
        from dangqun_cli.reports.summary import compose

        period = parse_period("2010Q3")
        with read_connection(f"sqlite:///{env['DANGQUN_DB']}") as conn:
            facts = compose(conn, period, today=parse_period(TODAY).start)
            blocks = blocks_for(
                conn, facts, title=default_title(conn, None, period.label), narrative=None
            )
        with open(os.devnull, "w") as devnull:
            console = Console(record=True, width=100, force_terminal=True, file=devnull)
            terminal.document(blocks, out=console)
        console.save_svg(str(HERE / "2010Q3-工作总结.svg"), title="dangqun summary generate 2010Q3")
    print(f"wrote {md.name} and 2010Q3-工作总结.svg")


if __name__ == "__main__":
    main()
