"""This machine's witness of each ledger's history: the head of the audit chain as this
machine last wrote it, kept outside the database (``witness.json`` in the user's dangqun
folder). An entry removed from the end of the chain later leaves nothing to recompute in
the database; the witness is what ``log verify`` here compares with. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path


def _file() -> Path:
    from dangqun_cli.config import app_dir

    return app_dir() / "witness.json"


def location(url: str) -> str:
    """Where the ledger lives, as the witness names it (a path, or an address without its
    password)."""
    from dangqun_cli.database.addresses import display_url, sqlite_path

    path = sqlite_path(url)
    return str(path.resolve()) if path is not None else display_url(url)


def _read() -> dict:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recall(url: str) -> dict | None:
    """``{"ledger", "id", "hash"}`` as last written here, or None."""
    seen = _read().get(location(url))
    if isinstance(seen, dict) and {"ledger", "id", "hash"} <= seen.keys():
        return seen
    return None


def record(url: str, ledger: str, head: tuple[int, str]) -> None:
    """Remember the head just committed. The witness is a safeguard, not the ledger: a
    folder that cannot be written does not fail the command that already committed."""
    path = _file()
    data = _read()
    data[location(url)] = {"ledger": ledger, "id": head[0], "hash": head[1]}
    tmp = path.with_name(f".witness.{os.getpid()}.part")
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
