"""Writing an output file all or nothing: into a temporary file beside it, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dangqun_cli.errors import InvalidInput, os_reason


def target(output: str, example: str) -> Path:
    """The output path, refused early when it cannot be a file."""
    if not output.strip():
        raise InvalidInput("输出路径不能为空", f"请给出文件名，例如 {example}")
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(("/", os.sep)):
        raise InvalidInput(f"{output} 是一个目录", f"请给出文件名，例如 {example}")
    if not path.parent.is_dir():
        raise InvalidInput(f"目录不存在：{path.parent}", "请先创建目录，或换一个输出路径")
    return path


def write_atomically(path: Path, fill: Callable[[str], None]) -> None:
    """``fill(tmp)`` writes the content; the file appears only when it is complete."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dangqun-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        fill(tmp)
        # mkstemp makes the file private; a document to hand on gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InvalidInput(f"无法写入 {path}：{os_reason(exc)}", "检查目录权限和磁盘空间") from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
