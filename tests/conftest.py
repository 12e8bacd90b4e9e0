"""Every test gets its own temporary database, operator and "today" (2010-09-15).

Tests that open a database run twice: on a SQLite file and on a PostgreSQL server. The
server is ``DANGQUN_TEST_POSTGRES`` (a superuser's URL) or, when that is not set, a
throwaway one started here; when none can be started the PostgreSQL half is skipped with
the reason, unless ``DANGQUN_TEST_REQUIRE_POSTGRES=1`` (CI), which stops the run instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import pgserver
from tests.backends import Database, PostgresServer, ServerDatabases, SQLiteFiles

# The audit chain's keys live outside the databases. Tests copy prepared databases into
# their own folders (the same ledger, as a backup restored elsewhere is), so the keys are
# shared by the whole run, as by the secretaries of one office; a test about a missing key
# points DANGQUN_KEY_DIR at an empty folder of its own.
os.environ.setdefault("DANGQUN_KEY_DIR", tempfile.mkdtemp(prefix="dangqun-test-keys-"))

TODAY = "2010-09-15"
EXAMPLES_TODAY = "2010-10-08"
REPO = Path(__file__).resolve().parents[1]
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about SQLite itself; skipped on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "postgresql_only(reason): the test is about PostgreSQL; skipped on SQLite"
    )
    config.addinivalue_line(
        "markers", "no_database: the test never opens a database; it runs once, not per backend"
    )


def pytest_collection_modifyitems(config, items):
    """A test that opens no database needs no PostgreSQL run."""
    once = [
        item
        for item in items
        if item.get_closest_marker("no_database")
        and getattr(item, "callspec", None)
        and item.callspec.params.get("hermetic") == "postgresql"
    ]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if item not in set(once)]


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's (-n 0 runs without it)
def pytest_xdist_make_scheduler(config, log):
    """``-n 2`` (pyproject.toml): one worker runs the SQLite half, the other the
    PostgreSQL half, so each builds its run's databases (the replayed examples, say) once
    and only one starts or uses the server; a test that opens no database goes to
    whichever worker has finished its half first. (xdist's own ``--dist loadgroup`` marks
    do not work here: with pytest 9.2, xdist 3.8 renames the grouped tests to no effect.)"""
    if config.getvalue("dist") != "load":  # another --dist asked for by name
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerPerDatabase(LoadScopeScheduling):
        """xdist's scheduling by scope, the scope being the test's database. A test with
        no PostgreSQL twin opens no database (pytest_collection_modifyitems) and is a
        scope of its own. Only how the work is shared depends on this: a test on the
        other worker would still run correctly there."""

        _twinned: set[str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._twinned is None:
                self._twinned = {
                    n.replace("[postgresql", "[sqlite", 1)
                    for n in self.collection
                    if "[postgresql" in n
                }
            if "[postgresql" in nodeid:
                return "postgresql"
            if nodeid in self._twinned:
                return "sqlite"
            return nodeid

    return OneWorkerPerDatabase(config, log)


def pytest_terminal_summary(terminalreporter):
    """Counts per database, for CI's log and the issue's closing note."""
    import re

    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        seen = set()
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            found = re.search(r"\[(sqlite|postgresql)[\]-]", nodeid)
            if found and nodeid not in seen:
                seen.add(nodeid)
                per = counts.setdefault(found.group(1), {})
                per[outcome] = per.get(outcome, 0) + 1
    for backend, per in counts.items():
        line = ", ".join(f"{n} {outcome}" for outcome, n in per.items())
        terminalreporter.write_line(f"{backend}: {line}")


@pytest.fixture(scope="session")
def postgres_server(request):
    """A PostgreSQL server for the run, or a skip that says why there is none."""
    given = os.environ.get("DANGQUN_TEST_POSTGRES")
    folder = None
    try:
        if given:
            url = given
        else:
            folder = Path(tempfile.mkdtemp(prefix="dangqun-pg-"))
            url = pgserver.start(folder)
        server = PostgresServer(url)
        server.prepare()
    except Exception as exc:  # whatever stops it, the reason is what the reader needs
        if folder is not None:
            pgserver.stop(folder)
        reason = f"PostgreSQL 不可用：{exc}"
        if os.environ.get("DANGQUN_TEST_REQUIRE_POSTGRES") == "1":
            if not os.environ.get("PYTEST_XDIST_WORKER"):
                pytest.exit(reason, returncode=3)
            # A worker's pytest.exit is an internal error of xdist's that hides the
            # reason: the run stops after this test instead, which fails with it.
            request.session.shouldstop = reason
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    yield server
    server.close()
    if folder is not None:
        pgserver.stop(folder)


@pytest.fixture
def databases(request, tmp_path):
    """Where this test's databases are made: files in tmp_path, or a PostgreSQL server."""
    if request.node.callspec.params.get("hermetic", "sqlite") == "sqlite":
        yield SQLiteFiles(tmp_path)
        return
    databases = ServerDatabases(request.getfixturevalue("postgres_server"))
    yield databases
    from dangqun_cli.database.engines import dispose_all

    dispose_all()
    databases.release()


@pytest.fixture
def new_database(databases):
    """Another empty database on this test's backend (for copies, restores, round trips)."""
    return databases.new


@pytest.fixture(autouse=True, params=BACKENDS)
def hermetic(request, tmp_path, monkeypatch) -> Database:
    for marker, other, name in (
        ("sqlite_only", "postgresql", "SQLite"),
        ("postgresql_only", "sqlite", "PostgreSQL"),
    ):
        mark = request.node.get_closest_marker(marker)
        if mark and request.param == other:
            pytest.skip(f"只适用于 {name}：{mark.args[0]}")
    db = request.getfixturevalue("databases").new("dangqun")
    monkeypatch.setenv("DANGQUN_DB", str(db))
    monkeypatch.setenv("DANGQUN_USER", "测试秘书")
    monkeypatch.setenv("DANGQUN_TODAY", TODAY)
    monkeypatch.delenv("DANGQUN_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield db
    from dangqun_cli.database.engines import dispose_all

    dispose_all()


@pytest.fixture(scope="session")
def run_database(tmp_path_factory):
    """A database kept for the whole run (built once, copied by each test that needs it)."""

    def make(databases, stem: str) -> Database:
        if databases.backend == "sqlite":
            return SQLiteFiles(tmp_path_factory.mktemp(stem)).new(stem)
        return databases.server.new(stem, keep=True)

    return make


@pytest.fixture(scope="session")
def examples_sources(run_database):
    """The examples replayed once per backend and run: the 座谈会 and 2010's third quarter."""
    built: dict[str, Database] = {}

    def build(databases) -> Database:
        if databases.backend not in built:
            db = run_database(databases, "examples")
            replay_examples(db)
            built[databases.backend] = db
        return built[databases.backend]

    return build


def replay_examples(db: Database) -> None:
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


@pytest.fixture
def examples(examples_sources, databases, hermetic, monkeypatch) -> Database:
    """This test's own copy of the examples database, with "today" set to 2010-10-08."""
    examples_sources(databases).copy_to(hermetic)
    monkeypatch.setenv("DANGQUN_TODAY", EXAMPLES_TODAY)
    return hermetic
