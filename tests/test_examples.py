"""examples/: the seed's 座谈会 replays through the installed command, as the README says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import ok

SEED_TOPICS = ["民主管理", "教学管理", "尊重教师", "和谐校园", "减负", "科学化管理"]


def replay(db: Path) -> subprocess.CompletedProcess:
    bindir = Path(sys.executable).parent
    env = {**os.environ, "DANGQUN_DB": str(db), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", str(REPO / "examples" / "taohuashan.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_seed_symposium_replays(hermetic):
    result = replay(hermetic)
    mid = int(result.stdout.strip())
    data = ok("meeting", "show", mid, "--json").json()
    assert data["kind"] == "symposium"
    assert data["title"] == "桃花山镇小学党群共建创先争优座谈会"
    assert (data["date"], data["part_of_day"]) == ("2010-09-06", "afternoon")
    assert data["place"] == "校办公室三楼会议室"
    assert data["host"] == "李为容校长"
    assert [a["name"] for a in data["attendees"]] == [
        "老教师代表",
        "中年教师代表",
        "青年教师代表",
        "学科教师代表",
        "学校领导",
    ]
    assert "对提出的问题进行认真整改" in data["minutes"]
    assert [o["topic"] for o in data["opinions"]] == SEED_TOPICS
    assert all(o["state"] == "pending" for o in data["opinions"])
    units = {u["name"] for u in ok("unit", "list", "--json").json()}
    assert {"桃花山镇小学", "学校党支部", "学校工会"} <= units


@pytest.mark.no_database  # the demo makes its own SQLite file, as the README says
def test_demo_prints_the_record(tmp_path):
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "DANGQUN_DB": str(tmp_path / "demo.db"),
        "DANGQUN_TODAY": "2010-10-08",
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
    }
    out = subprocess.run(
        ["bash", str(REPO / "examples" / "demo.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "会议记录" in out and "李为容校长" in out and "科学化管理" in out
    assert "桃花山镇小学2010年第三季度党群共建工作总结" in out
    assert "2010年9月联席会议少开1次" in out


def test_the_example_summary_in_the_readme_is_current(examples, tmp_path):
    """examples/2010Q3-工作总结.md is what today's code writes (make_assets.py renews it)."""
    from tests.helpers import ok

    out = tmp_path / "s.md"
    ok("summary", "export", "2010Q3", "--format", "md", "--output", str(out))
    committed = REPO / "examples" / "2010Q3-工作总结.md"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
