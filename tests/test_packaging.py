"""The wheel carries its migrations: installed outside the repository, it creates a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.no_database  # nothing here opens the test database


def test_wheel_installed_outside_the_repo_creates_and_uses_a_database(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("dangqun-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    assert (site / "dangqun_cli" / "migrations" / "env.py").is_file()
    assert list((site / "dangqun_cli" / "migrations" / "versions").glob("0001_*.py"))
    # The installed copy comes first on the path; dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(site), "DANGQUN_DB": str(tmp_path / "w.db")}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def dangqun(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "dangqun_cli", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    where = subprocess.run(
        [sys.executable, "-c", "import dangqun_cli; print(dangqun_cli.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site))
    dangqun("meeting", "add", "--kind", "座谈会", "--title", "座谈会", "--date", "2010-09-06")
    data = json.loads(dangqun("meeting", "show", "1", "--json"))
    assert data["title"] == "座谈会"
    assert Path(env["DANGQUN_DB"]).exists()
