"""Writing a document to a file: Markdown or Word, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dangqun_cli.errors import InvalidInput

FORMATS = ("md", "docx")


def check_format(fmt: str) -> str:
    word = fmt.strip().lower().lstrip(".")
    word = {"markdown": "md", "word": "docx"}.get(word, word)
    if word not in FORMATS:
        raise InvalidInput(f"不支持的格式“{fmt}”", "可用：md（Markdown）、docx（Word）")
    return word


def export(blocks: list, fmt: str, output: str) -> Path:
    """Write to a temporary file beside ``output``, then rename: never a half-written file."""
    fmt = check_format(fmt)
    path = Path(output).expanduser()
    if path.is_dir():
        raise InvalidInput(f"{output} 是一个目录", "请给出文件名，例如 总结.docx")
    if not path.parent.is_dir():
        raise InvalidInput(f"目录不存在：{path.parent}", "请先创建目录，或换一个输出路径")
    fd, tmp = tempfile.mkstemp(prefix=".dangqun-", suffix=f".{fmt}", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "md":
            from dangqun_cli.render.markdown import render

            Path(tmp).write_text(render(blocks), encoding="utf-8")
        else:
            from dangqun_cli.render.word import write

            write(blocks, Path(tmp))
        # mkstemp makes the file private; a document to hand on gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InvalidInput(f"无法写入 {output}：{exc.strerror}", "检查目录权限和磁盘空间") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
