"""The errors dangqun raises on purpose: each carries one Chinese line and an exit code.

Services and parsers raise these; only the guard in ``cli/app.py`` turns them into
``错误：…`` on stderr. Anything else that escapes is a bug and is reported as one.
"""

from __future__ import annotations


class DangqunError(Exception):
    """A request that was understood but refused or failed (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, hint=None, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # A plain text, or a fields.Hint that names fields by {key}: shown with the
        # command-line options here, with the column headers by the importer.
        self.hints = hint
        self.field = field  # the key of the field at fault (fields.py), when there is one

    @property
    def hint(self) -> str | None:
        return None if self.hints is None else str(self.hints)

    def hint_in_columns(self, header_of: dict[str, str]) -> str | None:
        """The hint as an import report says it: fields named by their column."""
        as_columns = getattr(self.hints, "as_columns", None)
        return as_columns(header_of) if as_columns else self.hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}（{self.hint}）"


class NotFound(DangqunError):
    """A record named by id or name does not exist."""


class InvalidInput(DangqunError):
    """A value the user typed cannot be accepted (empty, too long, malformed)."""


class DateError(InvalidInput):
    """A date, time or period that cannot be read without guessing."""


class IllegalMove(DangqunError):
    """A state change the record's life does not allow."""


class DatabaseError(DangqunError):
    """The database cannot be opened, is locked past the timeout, or is too new."""


class WriteConflict(DatabaseError):
    """PostgreSQL rolled the transaction back to break a deadlock or a serialization
    conflict: nothing of it remains, so the command may simply run again."""


class Interrupted(DangqunError):
    """Ctrl-C (exit 130): the message says whether the command's work was done
    (``dangqun_cli.interrupts``)."""

    exit_code = 130

    def __init__(self, message: str, *, done: bool = False) -> None:
        super().__init__(message)
        self.done = done


class NothingChanged(DangqunError):
    """An edit that would change nothing (no value given, or each equal to the stored one):
    refused so that the secretary notices, with nothing written and no audit entry."""

    def __init__(self, hint=None, *, command: str | None = None) -> None:
        if command is not None:  # no value given at all
            hint = f"没有给出要修改的项；用 {command} --help 查看可改的项"
        super().__init__("没有改动", hint or "给出的值都与现有的相同")


UNEDITED = "编辑器里的文字没有变化，未保存任何修改"


class UsageError(DangqunError):
    """A usage error found after parsing (e.g. a required option missing off a terminal)."""

    exit_code = 2


class MissingValue(UsageError):
    """A required option left out, that a command checks by hand (one of two options, or
    one a terminal would ask for): worded as click words its own (``缺少选项 --due``), exit 2."""

    def __init__(self, *flags: str, command: str, either: bool = False, hint: str = "") -> None:
        usage = f"用 {command} --help 查看用法"
        joined = (" 或 " if either else "、").join(flags)
        super().__init__(f"缺少选项 {joined}", f"{hint}；{usage}" if hint else usage)


_OS_REASONS = {
    "ENOENT": "不存在",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "EISDIR": "是一个目录",
    "ENOTDIR": "路径中有一部分不是目录",
    "EIO": "读写出错",
    "ENOSPC": "磁盘空间不足",
    "EROFS": "位于只读的文件系统",
    "ENAMETOOLONG": "路径太长",
}


def os_reason(exc: OSError) -> str:
    """An OSError in Chinese (the system's own text is English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"系统错误（{name or exc.errno}）")
