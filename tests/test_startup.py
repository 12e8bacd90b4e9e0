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
        "import sys\nfrom dangqun_cli.cli.app import main\n"
        "try:\n    main(['meeting', 'add', '--help'])\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"
