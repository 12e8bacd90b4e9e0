"""Writing a document to a file: Markdown or Word, all or nothing."""

from __future__ import annotations

from pathlib import Path

from dangqun_cli.errors import InvalidInput
from dangqun_cli.render.files import Target, target

FORMATS = ("md", "docx")
TEXT_FORMATS = ("md",)  # what may go to standard output


def check_format(fmt: str) -> str:
    word = fmt.strip().lower().lstrip(".")
    word = {"markdown": "md", "word": "docx"}.get(word, word)
    if word not in FORMATS:
        raise InvalidInput(f"不支持的格式“{fmt}”", "可用：md（Markdown）、docx（Word）")
    return word


def destination(
    fmt: str, output: str, *, force: bool, database: str | None, example: str = "总结"
) -> Target:
    """Where the document goes, checked before it is composed (see render/files.py)."""
    fmt = check_format(fmt)
    return target(
        output,
        f"{example}.{fmt}",
        force=force,
        database=database,
        stdout=fmt in TEXT_FORMATS,
    )


def export(blocks: list, fmt: str, dest: Target) -> None:
    """Write the document; a failure leaves no file behind (and the old one untouched)."""
    import io

    fmt = check_format(fmt)
    if fmt == "md":
        from dangqun_cli.render.markdown import render

        data = render(blocks).encode("utf-8")
    else:
        from dangqun_cli.render.word import write

        buffer = io.BytesIO()  # built in memory: a full disk fails in our write, not in zipfile
        write(blocks, buffer)
        data = buffer.getvalue()
    dest.write(lambda tmp: Path(tmp).write_bytes(data))
