"""Start-up stays cheap: the CLI's modules import neither the database layer nor alembic."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.no_database  # nothing here opens the test database

HEAVY = ["sqlalchemy", "sqlmodel", "alembic", "docx", "openpyxl", "python_calamine"]
HEAVY += ["rich.table", "pydantic"]


def test_importing_the_cli_loads_no_heavy_module():
    code = (
        f"import sys; import dangqun_cli.cli.app; print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_loads_no_heavy_module(tmp_path):
    code = (
        "import sys\nfrom dangqun_cli.cli.launch import main\n"
        "try:\n    main(['meeting', 'add', '--help'])\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"


@pytest.mark.parametrize("argv", [["--help"], []], ids=["--help", "bare"])
def test_the_root_page_loads_no_typer(argv):
    """The page a new user sees first is printed from data, without importing Typer (most
    of its time); the console script and ``python -m dangqun_cli`` both start here."""
    code = (
        "import sys\nfrom dangqun_cli.cli.launch import main\n"
        f"try:\n    main({argv!r})\n"
        "except SystemExit as e:\n    print('EXIT', e.code, file=sys.stderr)\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('typer', 'click')], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.splitlines() == ["EXIT 0", "[]"]
    assert out.stdout.startswith("用法：dangqun [选项] 命令 [参数]...")
    script = subprocess.run(
        [sys.executable, "-m", "dangqun_cli", *argv], capture_output=True, text=True, check=True
    )
    assert script.stdout == out.stdout


def test_a_command_collects_cycles_rarely_but_still_collects():
    """A command's start makes a few hundred thousand objects and frees almost none; the
    cycle collector runs every 100,000 new objects instead of every 700, and is not off."""
    code = (
        "import gc, sys\nfrom dangqun_cli.cli.launch import main\n"
        "sys.argv = ['dangqun', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled(), gc.get_threshold()[0], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    enabled, threshold = out.stderr.split()[-2:]
    assert enabled == "True"
    assert int(threshold) >= 10_000


def test_a_command_line_builds_only_the_command_it_names():
    """Typer reads every command's signature to build a group; a command line that names a
    command of a sub-app builds that command alone (and the sub-app's groups). The group's
    own page and a mistyped name still see every command, and
    the module's app is left whole for the next command line (in-process tests)."""
    import typer

    from dangqun_cli.cli import rectify
    from dangqun_cli.cli.app import build
    from tests.helpers import ok, run

    def commands(argv):
        return list(typer.main.get_command(build(argv)).commands["rectify"].commands)

    everything = commands(["rectify"])
    assert len(everything) > 10
    assert commands(["--db", "rectify", "rectify", "add", "--problem", "x"]) == [
        "add",
        "attachment",  # a group of the sub-app
    ]
    assert commands(["rectify", "--help"]) == everything
    assert commands(["rectify", "ad"]) == everything
    assert len(rectify.app.registered_commands) == len(everything) - 1
    ok("rectify", "add", "--help")
    assert all(name in ok("rectify").out for name in everything)
    assert "没有这个命令：ad" in run("rectify", "ad").err
