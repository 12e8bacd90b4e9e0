"""A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder,
listening on 127.0.0.1 only, run by a non-root user, stopped and deleted afterwards.

    python tests/pgserver.py start FOLDER   # prints the superuser's URL
    python tests/pgserver.py stop FOLDER

``.ci/run`` uses it from the shell; ``tests/conftest.py`` uses it when no server is given
(``DANGQUN_TEST_POSTGRES``). Durability is switched off: the data is thrown away anyway.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

SUPERUSER = "postgres"
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "autovacuum": "off",
    "max_connections": "200",
}


class Unavailable(Exception):
    """No server could be started here (no binaries, no user to run them as …)."""


def bindir() -> Path:
    """Where initdb and pg_ctl are: on PATH, else the newest Debian install."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise Unavailable("没有找到 PostgreSQL 服务器程序（initdb）：apt-get install postgresql")


def _as_server_user(folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: as root, hand the folder to the postgres user."""
    if os.geteuid() != 0:
        return []
    import pwd

    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable("以 root 运行时需要系统用户 postgres 来启动服务器") from None
    for path in (folder, *folder.rglob("*")):
        os.chown(path, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path) -> str:
    """Create and start a cluster in ``folder``; return its superuser's URL."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    bins = bindir()
    runner = _as_server_user(folder)
    data = folder / "data"
    port = _free_port()
    options = " ".join(f"-c {k}={v}" for k, v in SETTINGS.items())
    initdb = [str(bins / "initdb"), "-D", str(data), "-A", "trust", "-U", SUPERUSER]
    pg_ctl = [str(bins / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log")]
    steps = [
        [*initdb, "-E", "UTF8", "--locale=C.UTF-8"],
        [*pg_ctl, "-w", "-t", "60", "-o", f"-p {port} -k {folder} {options}", "start"],
    ]
    for step in steps:
        done = subprocess.run(runner + step, capture_output=True, text=True, cwd=folder)
        if done.returncode != 0:
            log = folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise Unavailable(f"{Path(step[0]).name} failed: {done.stderr.strip()}\n{tail}")
    return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the server (if it runs) and delete the folder."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        pg_ctl = [str(bindir() / "pg_ctl"), "-D", str(data)]
        subprocess.run(
            [*_as_server_user(folder), *pg_ctl, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            cwd=folder,
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    action, where = sys.argv[1], Path(sys.argv[2])
    if action == "start":
        try:
            print(start(where))
        except Unavailable as exc:
            sys.exit(f"PostgreSQL: {exc}")
    elif action == "stop":
        stop(where)
    else:
        sys.exit("usage: pgserver.py start|stop FOLDER")
