"""What the database drivers' errors mean, in the secretary's words.

PostgreSQL's SQLSTATE codes first, then what the drivers say (in English); whatever is not
recognised says how to see the details. A write conflict is a :class:`WriteConflict`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangqun_cli.database.addresses import display_url
from dangqun_cli.database.engines import BUSY_TIMEOUT_S
from dangqun_cli.errors import DatabaseError, WriteConflict

if TYPE_CHECKING:
    import sqlalchemy as sa

_BUSY = f"其他人正在写入，等待 {BUSY_TIMEOUT_S} 秒后仍未轮到，请稍后重试"
# What PostgreSQL means by its SQLSTATE codes, and what we tell the secretary.
_SQLSTATES = {
    "55P03": _BUSY,
    "40001": "与其他人的写入冲突，多次重试仍未成功，请稍后重试",
    "40P01": "与其他人的写入冲突，多次重试仍未成功，请稍后重试",
    "28P01": "用户名或密码不对",
    "28000": "服务器不允许这个用户连接：请检查用户名和服务器的访问设置",
    "3D000": "数据库不存在：请先建库（见 README“多人共用一个数据库”）",
    "42501": "没有权限：请让管理员授予这个用户对数据库的读写权限",
    "53100": "数据库服务器磁盘空间不足",
    "57P01": "数据库服务器正在关闭，请稍后重试",
}
# What the drivers say (in English), and what we tell the secretary instead.
_REASONS = [
    (("locked", "busy"), _BUSY),
    (("not a database", "malformed"), "这不是 dangqun 的数据库文件，或文件已损坏；请检查 --db"),
    (("unable to open",), "无法打开数据库文件：检查路径是否存在、是否是文件、是否有权限"),
    (("readonly", "read-only"), "数据库文件是只读的：检查文件权限"),
    (("disk i/o", "i/o error"), "读写数据库文件时出错：检查磁盘和路径（不能是设备文件）"),
    (("full",), "磁盘空间不足"),
    (("password authentication",), "用户名或密码不对"),
    (("does not exist",), "数据库或用户不存在：请先建库建用户"),
    (
        ("connection", "resolve host", "timeout", "timed out"),
        "无法连接数据库服务器：检查地址、端口和服务是否启动",
    ),
]


def _sqlstate(exc: Exception) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def reason(exc: Exception) -> str:
    """Why an operation failed, as the hint of the error the secretary sees."""
    if (state := _sqlstate(exc)) in _SQLSTATES:
        return _SQLSTATES[state]
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needles, said in _REASONS:
        if any(n in text for n in needles):
            return said
    return "数据库报告了错误；设置 DANGQUN_DEBUG=1 可查看详情"


def failed(url: str, exc: sa.exc.DBAPIError) -> DatabaseError:
    """The error to raise for a driver's error during an operation on ``url``."""
    kind = WriteConflict if _sqlstate(exc) in ("40001", "40P01") else DatabaseError
    return kind(f"数据库操作失败：{display_url(url)}", reason(exc))
