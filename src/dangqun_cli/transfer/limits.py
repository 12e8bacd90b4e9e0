"""How much a file given to dangqun may hold, and the bounded read every file goes through.

One home for the limits of ``import FILE``, ``rectify add --from-file``, ``--minutes-file``
and ``rectify attach`` (stated in the README): a file past one is refused before it is
read whole, with one line naming the limit and the file or row. Standard library only: the
CLI imports this on its fast path.
"""

from __future__ import annotations

import os
import stat

from dangqun_cli.errors import InvalidInput
from dangqun_cli.text import MINUTES_MAX

MB = 1024 * 1024

FILE_MAX = 50 * MB  # bytes of a file (or of standard input)
# A whole ledger in one JSON file (export all): the 100,000 items the program is built for,
# with their notes, meetings and opinions, take some 80 MB; room for twice that.
LEDGER_FILE_MAX = 200 * MB
# Rows of a sheet or lines of a JSONL file, counted by their number (blank ones too):
# twice the 100,000 items the program is built for, so a whole export comes back.
ROWS_MAX = 200_000
COLUMNS_MAX = 200  # a value further right than this is refused
# Cells in the whole file, each row counted to its last cell (blank or styled ones too):
# what bounds time and memory, as ROWS_MAX × COLUMNS_MAX tiny or padded cells would take
# gigabytes and minutes. 20 columns on every one of ROWS_MAX rows.
CELLS_MAX = 20 * ROWS_MAX
# A cell holds the longest text a record allows, with room for every line end written
# as \r\n (as Excel does) and the apostrophe that defuses a formula.
CELL_MAX = 2 * MINUTES_MAX + 1
PART_MAX = 100 * MB  # inflated bytes of each part of an XLSX (a zip) file
# An evidence file (rectify attach): a photo of a notice board or a scanned page, with room
# to spare; a video or a whole folder zipped is refused. Stored in the database (and in
# every backup and export), so it is bounded like everything else stored.
ATTACHMENT_MAX = 20 * MB
JSON_DIGITS_MAX = 18  # an integer in JSON (ids are far shorter; int64 has 19 digits)


def read_bytes(path: str, *, shown: str | None = None, limit: int = FILE_MAX) -> bytes:
    """At most ``limit`` bytes of ``path``: a larger file is refused from its size alone, and
    a device or pipe that never ends (``/dev/zero``) after ``limit`` + 1 bytes. OSError
    (missing, a directory, no permission) is the caller's to word."""
    with open(path, "rb") as f:
        info = os.fstat(f.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise too_big(shown or path, limit)
        return read_stream(f, shown or path, limit)


def read_stream(stream, shown: str, limit: int = FILE_MAX) -> bytes | str:
    """At most ``limit`` bytes (or characters, for a text stream) of an open stream."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_big(shown, limit)
    return data


def too_big(shown: str, limit: int = FILE_MAX) -> InvalidInput:
    space = " " if shown[-1:].isascii() else ""  # after a path, not after 标准输入
    return InvalidInput(
        f"{shown}{space}超过 {limit // MB} MB 的文件大小上限", "请把内容拆成几个文件分别处理"
    )
