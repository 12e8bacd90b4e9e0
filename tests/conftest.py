"""Every test gets its own temporary database, operator and "today" (2010-09-15)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2010-09-15"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def hermetic(tmp_path, monkeypatch):
    db = tmp_path / "dangqun.db"
    monkeypatch.setenv("DANGQUN_DB", str(db))
    monkeypatch.setenv("DANGQUN_USER", "测试秘书")
    monkeypatch.setenv("DANGQUN_TODAY", TODAY)
    monkeypatch.delenv("DANGQUN_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield db
    from dangqun_cli.db import dispose_all

    dispose_all()


EXAMPLES_TODAY = "2010-10-08"


@pytest.fixture(scope="session")
def examples_source(tmp_path_factory) -> Path:
    """The examples replayed once per run: the 座谈会 and the third quarter of 2010."""
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "DANGQUN_DB": str(db),
        "DANGQUN_TODAY": EXAMPLES_TODAY,
        "DANGQUN_USER": "示例秘书",
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
    }
    for script in ("taohuashan.sh", "quarter_2010q3.sh"):
        subprocess.run(
            ["bash", str(REPO / "examples" / script)], env=env, check=True, capture_output=True
        )
    return db


@pytest.fixture
def examples(examples_source, hermetic, monkeypatch) -> Path:
    """This test's own copy of the examples database, with "today" set to 2010-10-08."""
    with sqlite3.connect(examples_source) as src, sqlite3.connect(hermetic) as dst:
        src.backup(dst)
    monkeypatch.setenv("DANGQUN_TODAY", EXAMPLES_TODAY)
    return hermetic
