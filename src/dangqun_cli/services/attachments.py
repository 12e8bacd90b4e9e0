"""Evidence files (佐证材料) of a rectification item: ``rectify attach ID FILE…``.

Each file is kept in the database. Its name (the base name: no folders), size, sha256 and
when and by whom it was added are an ``Attachment`` of the item, part of the item's record,
so the item's audit entry lists them and ``log verify`` compares them; its bytes go into
``AttachmentBlob`` once per content, keyed by the sha256, so the trail never holds them.
The files of one command are added together or not at all (the command's transaction).
Blobs are never deleted: an attachment removed by undoing, or with its item, can come back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from dangqun_cli.errors import InvalidInput, os_reason
from dangqun_cli.fields import ITEM
from dangqun_cli.models import Attachment, AttachmentBlob
from dangqun_cli.services import audit
from dangqun_cli.services.rectification import get_item
from dangqun_cli.transfer.limits import ATTACHMENT_MAX, MB

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHUNK = MB  # bytes read (and hashed) at a time
CHECK_HINT = "请检查路径"


@dataclass(frozen=True)
class File:
    """A file as read for attaching."""

    name: str
    size: int
    sha256: str
    content: bytes


def attach(session: Session, item_id: int, paths: list[str], *, by: str, on: dt.date) -> list[int]:
    """Add the files ``paths`` to item ``item_id``; returns the new attachments' ids. A file
    whose content the item already has (also twice in one command) is refused."""
    item = get_item(session, item_id)
    name = ITEM.clean("by", by) or "unknown"
    at = dt.datetime.combine(on, dt.datetime.now().time().replace(microsecond=0))
    have = {a.sha256: a for a in item.attachments}
    for path in paths:
        check_path(path)  # every path before any file is read: a typo fails at once
    ids = []
    for path in paths:
        found = read_file(path)
        same = have.get(found.sha256)
        if same is not None:
            raise InvalidInput(
                f"整改事项 {item.id} 已有内容相同的附件 {same.id}（{same.name}），文件 {path}",
                "同一个文件不必重复添加；用 dangqun rectify show 查看已有附件",
            )
        _keep(session, found)
        added = Attachment(name=found.name, size=found.size, sha256=found.sha256, at=at, by=name)
        item.attachments.append(added)
        session.flush()
        have[found.sha256] = added
        ids.append(added.id)
    audit.label(session, ("item", item.id), "attach")
    return ids


def _keep(session: Session, found: File) -> None:
    """Store the bytes unless the same content is there already (then they are the same
    bytes: the sha256 says so). Not kept in the session: a command may add many files."""
    there = session.execute(
        sa.select(AttachmentBlob.sha256).where(AttachmentBlob.sha256 == found.sha256)
    ).first()
    if there is None:
        blob = AttachmentBlob(sha256=found.sha256, content=found.content)
        session.add(blob)
        session.flush()
        session.expunge(blob)


def check_path(path: str) -> os.stat_result:
    """Refuse, in one line, what is no file to attach: missing, a folder, not a regular
    file (a device, a pipe), larger than :data:`ATTACHMENT_MAX`, or empty."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InvalidInput(f"找不到文件：{path}", CHECK_HINT) from None
    except ValueError:  # a NUL character in the path
        raise InvalidInput("文件路径含有不可用的字符", CHECK_HINT) from None
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 {path}：{os_reason(exc)}", CHECK_HINT) from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{path} 是一个目录", "请给出其中的文件；可一次给出多个文件")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path} 不是普通文件（设备、管道或套接字）", "请给出普通文件")
    _within(path, info.st_size)
    return info


def _within(path: str, size: int) -> None:
    if size > ATTACHMENT_MAX:
        raise InvalidInput(
            f"文件 {path} 超过附件 {ATTACHMENT_MAX // MB} MB 的上限",
            "请压缩图片或拆分文件后再添加",
        )
    if size == 0:
        raise InvalidInput(f"文件 {path} 是空的", "请检查是否选错了文件")


def read_file(path: str) -> File:
    """The file at ``path``, read and hashed :data:`CHUNK` bytes at a time (never more than
    :data:`ATTACHMENT_MAX`, should it grow while being read)."""
    check_path(path)
    name = ITEM.clean("file_name", os.path.basename(os.path.normpath(path)), required=True)
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    # O_NONBLOCK: should a pipe have taken the file's place since the check, do not hang.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise InvalidInput(f"{path} 不是普通文件（设备、管道或套接字）", "请给出普通文件")
            while chunk := f.read(CHUNK):
                size += len(chunk)
                if size > ATTACHMENT_MAX:
                    break
                digest.update(chunk)
                parts.append(chunk)
    except FileNotFoundError:
        raise InvalidInput(f"找不到文件：{path}", CHECK_HINT) from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是一个目录", "请给出其中的文件") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 {path}：{os_reason(exc)}", CHECK_HINT) from None
    _within(path, size)
    return File(name, size, digest.hexdigest(), b"".join(parts))
