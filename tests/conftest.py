"""Every test gets its own temporary database, operator and "today" (2010-09-15)."""

from __future__ import annotations

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
