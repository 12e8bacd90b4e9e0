"""Where the database lives and who is acting: options, environment, defaults (stdlib only)."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "DANGQUN_DB"
USER_ENV = "DANGQUN_USER"


def app_dir() -> Path:
    """The user's dangqun folder (on Linux ``$XDG_CONFIG_HOME/dangqun``)."""
    import typer

    return Path(typer.get_app_dir("dangqun"))


def default_db_path() -> Path:
    """A SQLite file in the user's application folder, created on first use."""
    return app_dir() / "dangqun.db"


def db_target(option: str | None) -> str:
    """``--db``, else ``DANGQUN_DB``, else the default file."""
    if option is not None and not option.strip():
        from dangqun_cli.errors import InvalidInput

        raise InvalidInput("--db 的值不能为空", "写数据库文件路径或地址；不写 --db 则用默认数据库")
    return option or os.environ.get(DB_ENV) or str(default_db_path())


def to_url(target: str) -> str:
    """A path becomes a SQLite URL; anything with a scheme is taken as a URL, once it is
    known to be readable without guessing (:mod:`dangqun_cli.database.addresses`)."""
    from dangqun_cli.database import addresses

    if "://" in target:
        addresses.check_url(target)
        return target
    addresses.refuse_keyword_form(target)
    return f"sqlite:///{user_path(target, '--db').resolve()}"


def user_path(text: str, what: str) -> Path:
    """A path as typed, ``~`` and ``~user`` expanded; a user who does not exist is a
    clear refusal (``Path.expanduser`` raises RuntimeError)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        from dangqun_cli.errors import InvalidInput

        user = text.split("/", 1)[0].removeprefix("~")
        raise InvalidInput(
            f"{what} 的路径“{text[:60]}”无法展开：没有名为 {user[:40]} 的用户",
            "写完整路径，或用 ~/ 表示自己的主目录",
        ) from None


def actor(option: str | None) -> str:
    """The operator named in the audit trail: ``--as``, ``DANGQUN_USER``, the login name."""
    from dangqun_cli.text import NAME_MAX, clean_text

    given = option if option is not None else os.environ.get(USER_ENV)
    if given is not None and given.strip():
        return clean_text(given, field="操作人（--as 或 DANGQUN_USER）", max_len=NAME_MAX)
    if option is not None:
        clean_text(option, field="操作人（--as）", max_len=NAME_MAX, required=True)
    try:
        import getpass  # (a module --help need not load)

        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"
