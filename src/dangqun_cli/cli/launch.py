"""Where a ``dangqun`` process starts (the console script and ``python -m dangqun_cli``).

The root help page — ``dangqun --help``, and a bare ``dangqun`` — is printed from
cli/root.py's data without importing Typer, which is most of that page's time; every
other command line goes to cli/app.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args in ([], ["--help"]) and not completing():
        forgiving_streams()
        from dangqun_cli.cli.root import help_page

        code = 0
        try:
            sys.stdout.write(help_page() + "\n")
            sys.stdout.flush()
        except BrokenPipeError:  # ``dangqun --help | head``: the reader went away
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            code = 1
        sys.exit(code)
    from dangqun_cli.cli.app import main as run

    run(argv)


def completing() -> bool:
    """The shell is asking for completions (Typer's ``_DANGQUN_COMPLETE`` variable)."""
    return any(k.endswith("_COMPLETE") for k in os.environ)


def forgiving_streams() -> None:
    """A console or pipe that cannot show every character (a Windows console in GBK,
    say) shows a replacement instead of ending the command in UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
