"""The audit chain's key (操作记录密钥), kept outside the database.

Each ledger has an id (``ledger_meta.ledger_id``, given by migration 0006). Its key is the
file ``<ledger_id>.key`` in the key folder (``DANGQUN_KEY_DIR``, else ``keys`` in the user's
dangqun folder), readable by its owner only. The database keeps only a check value of the
key, which tells a wrong key from a forged history. The first write of this version
creates the key; the other secretaries of a shared database import it (``db key import``).
Standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from dangqun_cli.errors import DatabaseError, InvalidInput, os_reason

KEY_DIR_ENV = "DANGQUN_KEY_DIR"
_CHECK_LABEL = b"dangqun-key-check:"
_FORMAT = "dangqun-ledger-key-1"
IMPORT_HINT = (
    "请向保管密钥的秘书要一份：对方运行 dangqun db key export 文件，"
    "你运行 dangqun db key import 文件"
)


@dataclass(frozen=True)
class LedgerKey:
    ledger: str
    secret: bytes
    keyed_from: int  # the first audit entry hashed with the key; those before are plain

    @property
    def check(self) -> str:
        label = _CHECK_LABEL + self.ledger.encode()
        return hmac.new(self.secret, label, hashlib.sha256).hexdigest()

    def for_entry(self, entry_id: int) -> bytes | None:
        return self.secret if entry_id >= self.keyed_from else None

    def dumps(self) -> str:
        return json.dumps(
            {
                "format": _FORMAT,
                "ledger": self.ledger,
                "key": self.secret.hex(),
                "keyed_from": self.keyed_from,
            },
            indent=1,
        )


def new_key(ledger: str, keyed_from: int) -> LedgerKey:
    return LedgerKey(ledger, secrets.token_bytes(32), keyed_from)


def parse(text: str, where: str) -> LedgerKey:
    """A key file's content; anything else is refused naming ``where``."""
    try:
        data = json.loads(text)
        if data.get("format") != _FORMAT:
            raise ValueError
        key = LedgerKey(str(data["ledger"]), bytes.fromhex(data["key"]), int(data["keyed_from"]))
        if len(key.secret) != 32 or key.keyed_from < 1 or not key.ledger.isalnum():
            raise ValueError
    except (ValueError, TypeError, KeyError, AttributeError):
        raise InvalidInput(f"{where} 不是 dangqun 的操作记录密钥文件", "请检查文件") from None
    return key


def key_dir() -> Path:
    given = os.environ.get(KEY_DIR_ENV)
    if given and given.strip():
        return Path(given).expanduser()
    from dangqun_cli.config import app_dir

    return app_dir() / "keys"


def load(ledger: str) -> LedgerKey | None:
    """This machine's key for ``ledger``, or None."""
    path = key_dir() / f"{ledger}.key"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "不是文字"
        raise DatabaseError(f"无法读取操作记录密钥 {path}：{reason}", "检查文件权限") from None
    key = parse(text, str(path))
    if key.ledger != ledger:
        raise DatabaseError(f"操作记录密钥 {path} 属于另一份台账", "请勿改动密钥文件夹中的文件")
    return key


def store(key: LedgerKey) -> Path:
    """Keep ``key`` on this machine: a private file in a private folder, written whole."""
    folder = key_dir()
    path = folder / f"{key.ledger}.key"
    tmp = folder / f".{key.ledger}.key.{os.getpid()}.part"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(key.dumps())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise DatabaseError(
            f"无法保存操作记录密钥到 {folder}：{os_reason(exc)}",
            f"检查该文件夹的权限，或用环境变量 {KEY_DIR_ENV} 指定别处",
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


# ---- the database's side --------------------------------------------------------------


def ledger_meta(conn) -> dict[str, str]:
    """``ledger_meta`` as a dict (on a SQLAlchemy connection)."""
    import sqlalchemy as sa

    rows = conn.execute(sa.text("SELECT name, value FROM ledger_meta")).all()
    return {name: value for name, value in rows}


def ledger_id(meta: dict[str, str]) -> str:
    ledger = meta.get("ledger_id", "")
    if not ledger.isalnum():
        raise DatabaseError(
            "数据库缺少台账编号（ledger_meta 在 dangqun 之外被改动）", "请从备份恢复"
        )
    return ledger


def for_writing(conn) -> LedgerKey:
    """The key new entries are hashed with; the first write of a ledger creates it.
    Called under the write lock, so two first writers cannot both create one."""
    import sqlalchemy as sa

    meta = ledger_meta(conn)
    ledger = ledger_id(meta)
    key = load(ledger)
    check = meta.get("key_check")
    if key is None:
        if check is not None:
            raise DatabaseError("本机没有这份台账的操作记录密钥，不能写入", IMPORT_HINT)
        last = conn.execute(sa.text("SELECT max(id) FROM audit_entry")).scalar() or 0
        key = new_key(ledger, last + 1)
        store(key)
    elif check is not None and check != key.check:
        raise DatabaseError("本机的操作记录密钥与这份台账不符，不能写入", IMPORT_HINT)
    if check is None:
        conn.execute(
            sa.text("INSERT INTO ledger_meta (name, value) VALUES (:n, :v)"),
            [{"n": "key_check", "v": key.check}, {"n": "keyed_from", "v": str(key.keyed_from)}],
        )
    return key
