"""Run dangqun as a secretary would: through the real entry point, on the test's database."""

from __future__ import annotations

import json
from dataclasses import dataclass

from typer.testing import CliRunner

from tests.backends import PASSWORD


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def id(self) -> int:
        return int(self.out.strip())


def run(*args: str, input: str | None = None) -> Result:
    """Run ``dangqun ARGS`` in-process through the real entry point and its error guard."""
    from dangqun_cli.cli.launch import main

    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        stdout = out.getvalue().decode()
        stderr = err.getvalue().decode()
    assert PASSWORD not in stdout + stderr, "a database password was printed"
    return Result(code, stdout, stderr)


def ok(*args: str, input: str | None = None) -> Result:
    """Run and insist on success, showing stderr when it fails."""
    result = run(*args, input=input)
    assert result.code == 0, f"exit {result.code}: {result.err}"
    return result


def fails(*args: str, code: int = 1, input: str | None = None) -> str:
    """Run and insist on the given failure: one Chinese line on stderr, no traceback."""
    result = run(*args, input=input)
    assert result.code == code, f"expected exit {code}, got {result.code}: {result.err}{result.out}"
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {result.err!r}"
    assert lines[0].startswith("错误："), lines[0]
    return lines[0]


def joint(date: str, *more: str, title: str = "联席会议", before: tuple[str, ...] = ()) -> tuple:
    """The arguments of ``meeting add`` for a 联席会议 on ``date`` (``before``: root options
    such as ``--as``), with ``more`` options: ``ok(*joint("2023-12-05", "--absent", …))``."""
    return (*before, "meeting", "add", "--kind", "joint", "--title", title, "--date", date, *more)


def run_in_fresh_process(argv, env: dict, packages: list[str]):
    """Run ``dangqun ARGV`` in a new interpreter, as a shell would; its stderr ends with the
    line ``LOADED [...]`` naming the modules of ``packages`` (and their submodules) that the
    command loaded: ``LOADED []`` when none."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom dangqun_cli.cli.launch import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {packages!r}),"
        " file=sys.stderr)"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env
    )
