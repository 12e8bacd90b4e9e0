"""Where a command may write a file, and writing it all or nothing.

Every command that writes a file (``export``, ``summary export``, ``meeting export``, and
the checks of ``db backup``) asks :func:`target` first. A path is refused when it
already exists (unless ``--force``), and always — ``--force`` or not — when it is a SQLite
database, the database in use or one of its companion files, or not a regular file at all
(a directory, a device, a FIFO, a socket, a broken link, anything in /dev, /proc or /sys
such as ``/dev/stdout``). ``-`` means standard output, for text formats only.

:meth:`Target.write` fills a temporary file beside the destination (in the system's
temporary folder for standard output), checks the destination again, and renames the
temporary file over it; a failure or an interrupt removes the temporary file and leaves the
old file as it was. An overwritten file keeps its permissions. Only the name the user gave
is ever replaced: a link there is replaced by the new file, never written through, so no
link can send the output somewhere the user did not name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dangqun_cli.errors import InvalidInput, os_reason

STDOUT = "-"
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's own files beside a database
SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")  # devices and kernel views: never an output file
FORCE_HINT = "加 --force 覆盖，或换一个文件名"
BINARY_ON_STDOUT = "二进制格式不能写到标准输出"


@dataclass(frozen=True)
class Target:
    """A checked destination: a file path, or standard output when ``path`` is None."""

    path: Path | None
    shown: str  # the path as the user wrote it, for messages
    force: bool = False
    protected: tuple[str, ...] = ()  # the database in use and its companions (real paths)
    existing_hint: str = FORCE_HINT
    private: bool = False  # a secret (a key): readable by its owner only
    example: str = ""
    stdout: bool = False  # whether ``-`` would have been allowed instead (for the hint)

    def check(self) -> None:
        """Refuse what must not be written over (see the module's docstring)."""
        if self.path is not None:
            _check(self)

    def write(self, fill: Callable[[str], None]) -> None:
        """``fill(tmp)`` writes the content into the file named ``tmp``; the destination
        changes only when it is complete."""
        folder = self.path.parent if self.path is not None else None
        suffix = self.path.suffix if self.path is not None else ""
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=".dangqun-", suffix=suffix, dir=folder)
            os.close(fd)
            fill(tmp)
            if self.path is None:
                _copy_to_stdout(tmp)
                return
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())  # the data is on disk before the name points at it
            os.chmod(tmp, self._mode())
            self.check()  # again: the destination may have changed while we wrote
            if self.force:
                os.replace(tmp, self.path)
                tmp = None
            else:
                _create(tmp, self.path, self)
        except BrokenPipeError:
            raise  # the reader of standard output went away: the guard in cli/app.py
        except OSError as exc:
            where = self.shown if self.path is not None else "标准输出"
            raise InvalidInput(
                f"无法写入 {where}：{os_reason(exc)}", "检查目录权限和磁盘空间"
            ) from None
        finally:
            # Also on KeyboardInterrupt: nothing half-written stays behind.
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _mode(self) -> int:
        """An overwritten file keeps its mode; a new one gets the usual permissions (mkstemp
        makes the file private, but a document to hand on is not a secret)."""
        if self.private:
            return 0o600
        try:
            return stat.S_IMODE(os.stat(self.path).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            return 0o666 & ~umask


def target(
    output: str,
    example: str,
    *,
    force: bool = False,
    database: str | None = None,
    stdout: bool = False,
    existing_hint: str = FORCE_HINT,
    private: bool = False,
) -> Target:
    """The destination ``output`` names, checked before any work is done.

    ``database`` is the URL of the database in use; ``stdout`` says whether ``-`` (standard
    output) is allowed, i.e. whether the format is text.
    """
    if output == STDOUT:
        if not stdout:
            raise InvalidInput(BINARY_ON_STDOUT, f"请用 --output 给出文件名，例如 {example}")
        return Target(None, "标准输出")
    if not output.strip():
        raise InvalidInput("输出路径不能为空", f"请给出文件名，例如 {example}")
    if "\0" in output:
        raise InvalidInput("输出路径含有不可用的字符", f"请给出文件名，例如 {example}")
    try:
        path = Path(output).expanduser()
    except RuntimeError:  # ~nouser/…
        raise InvalidInput(f"无法展开路径 {output}", "该用户不存在；请写完整路径") from None
    if output.endswith(("/", os.sep)):
        raise InvalidInput(f"{output} 是一个目录", f"请给出文件名，例如 {example}")
    # The entry to be written: the name as given, in its folder with links resolved.
    place = Path(os.path.realpath(path.parent)) / path.name
    found = Target(
        place,
        output,
        force=force,
        protected=_protected(database),
        existing_hint=existing_hint,
        private=private,
        example=example,
        stdout=stdout,
    )
    found.check()
    if not path.parent.is_dir():
        raise InvalidInput(f"目录不存在：{path.parent}", "请先创建目录，或换一个输出路径")
    return found


def _protected(database: str | None) -> tuple[str, ...]:
    """The files of the SQLite database in use, as real paths (none for a server)."""
    if not database:
        return ()
    from dangqun_cli.database.addresses import sqlite_path

    try:
        db = sqlite_path(database)
    except Exception:  # an address we cannot read names no file of ours
        return ()
    if db is None:
        return ()
    names = set()
    for base in (os.path.abspath(db), os.path.realpath(db)):
        names.add(base)
        names.update(base + suffix for suffix in SQLITE_COMPANIONS)
    return tuple(sorted(names))


def _check(t: Target) -> None:
    path, shown = t.path, t.shown
    in_use = InvalidInput(f"{shown} 是正在使用的数据库", "不能覆盖；请换一个输出文件名")
    try:
        names = {os.path.realpath(path), os.path.abspath(path)}
        if names & set(t.protected):
            if any(n.endswith(SQLITE_COMPANIONS) for n in names & set(t.protected)):
                raise InvalidInput(
                    f"{shown} 是正在使用的数据库的附属文件", "不能覆盖；请换一个输出文件名"
                )
            raise in_use
        # stat, never open, to see what is there: opening a FIFO would block.
        found = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InvalidInput(f"{shown} 是一个失效的链接", "请换一个输出文件名") from None
        if _in_system_folder(path):
            raise InvalidInput(f"{shown} 位于系统目录，不能写入", "请换一个输出文件名") from None
        _refuse_companion(t)
        return
    except ValueError:  # a NUL byte in the path
        raise InvalidInput("输出路径含有不可用的字符", f"请给出文件名，例如 {t.example}") from None
    except OSError as exc:
        raise InvalidInput(f"无法访问 {shown}：{os_reason(exc)}", "请检查路径") from None
    if stat.S_ISDIR(found.st_mode):
        raise InvalidInput(f"{shown} 是一个目录", f"请给出文件名，例如 {t.example}")
    if not stat.S_ISREG(found.st_mode) or _in_system_folder(path):
        hint = "要输出到标准输出请写 --output -" if t.stdout else "请换一个输出文件名"
        raise InvalidInput(f"{shown} 不是普通文件（设备、管道、套接字或系统目录），不能写入", hint)
    for name in t.protected:
        with contextlib.suppress(OSError):
            if os.path.samestat(found, os.stat(name)):
                raise in_use
    if _is_sqlite(path, shown):
        raise InvalidInput(f"{shown} 已存在，是一个 SQLite 数据库", "不能覆盖；请换一个输出文件名")
    _refuse_companion(t)
    if not t.force:
        raise InvalidInput(f"{shown} 已存在", t.existing_hint)


def _in_system_folder(path: Path) -> bool:
    return any(path == Path(f) or Path(f) in path.parents for f in SYSTEM_FOLDERS)


def _refuse_companion(t: Target) -> None:
    """``x.db-wal`` and the like belong to the database beside them, whichever it is."""
    name = str(t.path)
    for suffix in SQLITE_COMPANIONS:
        if name.endswith(suffix) and _is_sqlite(Path(name.removesuffix(suffix)), t.shown):
            raise InvalidInput(
                f"{t.shown} 是数据库 {name.removesuffix(suffix)} 的附属文件",
                "不能覆盖；请换一个输出文件名",
            )


def _is_sqlite(path: Path, shown: str) -> bool:
    """Whether a regular file begins with SQLite's header (False when there is no such file)."""
    try:
        # O_NONBLOCK: should a FIFO have taken the file's place since the stat, do not hang.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        return False
    except OSError as exc:
        # What we cannot read we cannot tell from a database: leave it alone.
        raise InvalidInput(f"无法检查 {shown}：{os_reason(exc)}", "请换一个输出文件名") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InvalidInput(f"{shown} 不是普通文件，不能写入", "请换一个输出文件名")
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    finally:
        os.close(fd)


def _create(tmp: str, path: Path, t: Target) -> None:
    """Give ``tmp`` the name ``path`` only if nothing has taken that name meanwhile."""
    try:
        os.link(tmp, path)  # fails if the name exists: no race with another writer
    except FileExistsError:
        raise InvalidInput(f"{t.shown} 已存在", t.existing_hint) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        os.replace(tmp, path)  # a file system without hard links; checked just before
    # The caller removes ``tmp`` (now a second name of the same file) when it still exists.


def _copy_to_stdout(tmp: str) -> None:
    import shutil

    sys.stdout.flush()
    out = sys.stdout.buffer
    with open(tmp, "rb") as f:
        shutil.copyfileobj(f, out)
    out.flush()
