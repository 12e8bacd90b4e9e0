"""A PostgreSQL password is never printed: not by ``db path``, not in a connection error, not
in a traceback with DANGQUN_DEBUG=1, whatever form the address takes (issue 13)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.backends import PASSWORD
from tests.helpers import fails, ok, run


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def odd_addresses(port: int) -> dict[str, str]:
    """Each carries PASSWORD (or its tail, where a naive parser cuts) somewhere."""
    host = f"127.0.0.1:{port}"
    return {
        "unencoded @": f"postgresql+psycopg://dq:Pa@{PASSWORD}@{host}/db",
        "unencoded @ and :": f"postgresql+psycopg://dq:Pa@ss:{PASSWORD}@{host}/db",
        "unencoded @ before /": f"postgresql+psycopg://dq:Pa@ss/{PASSWORD}@{host}/db",
        "libpq scheme, unencoded @": f"postgresql://dq:x@{PASSWORD}@{host}/db",
        "%40-encoded": f"postgresql+psycopg://dq:Pa%40{PASSWORD}@{host}/db",
        ": in password": f"postgresql+psycopg://dq:Pa:{PASSWORD}@{host}/db",
        "/ ? # in password": f"postgresql+psycopg://dq:a/b?c#{PASSWORD}@{host}/db",
        "query string": f"postgresql+psycopg://dq@{host}/db?password={PASSWORD}",
        "query string sslpassword": f"postgresql+psycopg://dq@{host}/db?sslpassword={PASSWORD}",
        "bad port": f"postgresql+psycopg://dq:{PASSWORD}@127.0.0.1:x{PASSWORD}/db",
        "keyword form": f"host=127.0.0.1 port={port} password={PASSWORD} dbname=db",
        "keyword form, spaced": f"  dbname = db password = '{PASSWORD}'",
    }


FORMS = list(odd_addresses(1))


@pytest.mark.no_database
@pytest.mark.parametrize("form", FORMS)
def test_db_path_and_errors_never_show_the_password(form, tmp_path, monkeypatch, hermetic):
    monkeypatch.chdir(tmp_path)
    address = odd_addresses(closed_port())[form]
    for how in (["--db", address], []):
        if not how:
            monkeypatch.setenv("DANGQUN_DB", address)
        for args in (["db", "path"], ["unit", "list"], ["unit", "add", "学校工会"]):
            result = run(*how, *args)  # run() fails the test if PASSWORD is printed
            assert PASSWORD[4:] not in result.out + result.err
            if args != ["db", "path"]:
                assert result.code == 1 and "Traceback" not in result.err
    # no file named after the password either (beside the suite's own empty database)
    assert [p for p in tmp_path.iterdir() if p != hermetic.path] == []


@pytest.mark.no_database
@pytest.mark.parametrize("form", FORMS)
def test_debug_tracebacks_never_show_the_password(form, tmp_path):
    address = odd_addresses(closed_port())[form]
    env = {**os.environ, "DANGQUN_DEBUG": "1", "DANGQUN_DB": address}
    result = subprocess.run(
        [sys.executable, "-m", "dangqun_cli", "unit", "add", "学校工会"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    printed = result.stdout + result.stderr
    assert PASSWORD[4:] not in printed, printed[-2000:]


@pytest.mark.no_database
def test_what_is_shown_and_what_is_refused(monkeypatch):
    shown = {}
    for form, address in odd_addresses(5432).items():
        monkeypatch.setenv("DANGQUN_DB", address)
        result = run("db", "path")
        shown[form] = result.out.strip() if result.code == 0 else result.err.strip()
    assert shown["%40-encoded"] == "postgresql+psycopg://dq:***@127.0.0.1:5432/db"
    assert shown[": in password"] == "postgresql+psycopg://dq:***@127.0.0.1:5432/db"
    assert shown["/ ? # in password"] == "postgresql+psycopg://dq:***@127.0.0.1:5432/db"
    assert shown["query string"] == "postgresql+psycopg://dq@127.0.0.1:5432/db?password=%2A%2A%2A"
    for form in ("unencoded @", "unencoded @ before /"):
        assert "数据库地址“postgresql+psycopg://…”的密码或用户名里有未编码的 @" in shown[form]
    for form in ("unencoded @", "unencoded @ before /", "unencoded @ and :", "bad port"):
        assert shown[form].startswith("错误：") and "写成 %40" in shown[form]
    assert "无法识别的数据库地址“postgresql+psycopg://…”" in shown["bad port"]
    assert "“host=… password=…”形式的连接参数" in shown["keyword form"]


@pytest.mark.postgresql_only("a password in a PostgreSQL address")
def test_an_encoded_password_still_connects(hermetic):
    """The forms that are accepted work: the password percent-encoded in the address."""
    from sqlalchemy.engine import make_url

    url = make_url(hermetic.url)
    address = url.set(password=f"{PASSWORD}@:/").render_as_string(hide_password=False)
    assert "%40%3A%2F" in address
    ok("--db", address, "unit", "add", "学校工会")
    assert ok("--db", address, "db", "path").out.strip().count("***") == 1
    assert "postgresql+psycopg://" in fails("--db", address.replace("%40", "@"), "unit", "list")
