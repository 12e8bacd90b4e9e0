"""Database addresses: which forms are accepted, which file a SQLite address names, and how
one is shown without its secrets.

Every message and every line of output that names a database goes through
:func:`display_url`; every address goes through :func:`check_url` before anything connects,
prints or fails with it. A password is never shown, whatever the form of the address.

- SQLAlchemy reads the userinfo up to the FIRST ``@`` (and so does libpq's own URI parser),
  so an unencoded ``@`` in a password puts the rest of the password into the host name,
  which connection errors then quote. Such an address cannot be read without guessing:
  it is refused, without repeating it, with the hint to write ``@`` as ``%40``.
- libpq's keyword form (``host=… password=… dbname=…``) is not an address dangqun takes;
  it used to be taken for a file name (creating a file named after the password). It is
  refused without repeating it.
- Parse errors of SQLAlchemy quote the text they could not read (a port made of the rest
  of a password); they are never chained to what we raise.
"""

from __future__ import annotations

import re
from pathlib import Path

from dangqun_cli.errors import DatabaseError

FORMS = "写 SQLite 文件路径，或 postgresql+psycopg://用户:密码@主机:端口/库名"
ENCODE = "密码里的 @ : / 要写成 %40 %3A %2F，或把密码放在 PGPASSWORD 环境变量里"

# Query parameters that carry secrets (libpq: password, sslpassword, oauth_client_secret,
# scram_client_key, scram_server_key).
_SECRET_KEY = re.compile(r"password|secret|scram", re.IGNORECASE)
# The start of libpq's keyword form: ``host=…``, ``dbname = …``, or a ``password=`` anywhere.
_KEYWORDS = (
    "host|hostaddr|port|dbname|user|password|passfile|service|sslmode|options|"
    "application_name|connect_timeout|target_session_attrs"
)
_KEYWORD_FORM = re.compile(rf"\s*({_KEYWORDS})\s*=|.*(^|\s)password\s*=", re.IGNORECASE)


def is_keyword_form(target: str) -> bool:
    """``host=127.0.0.1 password=… dbname=…``: libpq's connection string, not a path."""
    return "://" not in target and _KEYWORD_FORM.match(target) is not None


def refuse_keyword_form(target: str) -> None:
    if is_keyword_form(target):
        raise DatabaseError(
            "数据库（--db 或 DANGQUN_DB）写成了“host=… password=…”形式的连接参数，不予使用",
            "请写成 postgresql+psycopg://用户@主机:端口/库名，密码可放在 PGPASSWORD 环境变量里",
        )


def check_url(url: str) -> None:
    """Refuse, without repeating it, an address that cannot be read unambiguously."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
        u.port  # noqa: B018  (a malformed port may only fail when read)
    except (ArgumentError, ValueError, TypeError):
        raise DatabaseError(
            f"无法识别的数据库地址“{display_url(url)}”", f"{FORMS}；{ENCODE}"
        ) from None
    if _ambiguous(u):
        raise DatabaseError(
            f"数据库地址“{display_url(url)}”的密码或用户名里有未编码的 @，读不出主机",
            ENCODE,
        )


def _ambiguous(u) -> bool:
    # The userinfo ends at the first "@"; a second one lands in the host or the database.
    return u.get_backend_name() != "sqlite" and any("@" in (p or "") for p in (u.host, u.database))


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def plain_sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite address of the form dangqun makes from a path
    (``sqlite:///`` and the path, nothing after it), read without SQLAlchemy, as
    :func:`sqlite_path` reads it; None for any other address (which that then reads)."""
    prefix = "sqlite:///"
    rest = url[len(prefix) :] if url.startswith(prefix) else ""
    if not rest or rest == ":memory:" or any(c in rest for c in "?#%"):
        return None
    return Path(rest)


def display_url(url: str) -> str:
    """The address as it may be shown to people: a SQLite file as its path; otherwise with
    the password and secret parameters hidden, or only its scheme when it cannot be read
    without guessing where the password ends."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
        u.port  # noqa: B018
    except (ArgumentError, ValueError, TypeError):
        return _scheme_only(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            return u.database  # people think of a SQLite database as a file
    elif _ambiguous(u):
        return _scheme_only(url)
    hidden = {k: "***" for k in u.query if _SECRET_KEY.search(k)}
    return u.update_query_dict(hidden).render_as_string(hide_password=True)


def _scheme_only(url: str) -> str:
    scheme, sep, _ = url.partition("://")
    if sep and re.fullmatch(r"[\w+.-]+", scheme):
        return f"{scheme}://…"
    return "…"
