"""dangqun rectify attachment: 附件——把整改事项的佐证材料文件取回（save），或列出（list）。"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dangqun_cli.cli.options import ForceOpt, JsonOpt
from dangqun_cli.cli.runtime import new_app, output, reading, runtime, say

app = new_app("附件：整改事项的佐证材料文件（用 rectify attach 添加）。")

AttachmentIdArg = Annotated[
    int,
    typer.Argument(
        help="附件编号（见 rectify show 的“附件”）。", metavar="附件编号", show_default=False
    ),
]
ItemIdArg = Annotated[
    int, typer.Argument(help="整改事项编号。", metavar="事项编号", show_default=False)
]
SaveOutputOpt = Annotated[
    str,
    typer.Option(
        "--output",
        help="保存到的文件路径；写 - 则输出到标准输出（须重定向，不能是终端）。",
        show_default=False,
    ),
]


@app.command("save")
def save(
    ctx: typer.Context,
    attachment_id: AttachmentIdArg,
    output: SaveOutputOpt,
    force: ForceOpt = False,
) -> None:
    """把附件原样写回文件（内容与添加时的 sha256 核对一致才写出）。"""
    from dangqun_cli.errors import InvalidInput
    from dangqun_cli.queries.attachments import attachment_content
    from dangqun_cli.render.files import STDOUT, target

    if output == STDOUT and sys.stdout.isatty():
        raise InvalidInput(
            "不能把附件内容输出到终端", "请重定向到文件（> 文件名），或用 --output 文件名"
        )
    dest = target(output, "公示栏.jpg", force=force, database=runtime(ctx).url, stdout=True)
    with reading(ctx) as conn:
        found = attachment_content(conn, attachment_id)

    def fill(tmp: str) -> None:
        with open(tmp, "wb") as f:
            f.write(found.content)

    dest.write(fill)
    if dest.path is not None:
        say(f"已保存附件 {found.id}（{found.name}，整改事项 {found.item_id}）：{dest.shown}")


@app.command("list")
def list_(ctx: typer.Context, item_id: ItemIdArg, json_out: JsonOpt = False) -> None:
    """列出整改事项的附件：编号、文件名、大小、添加时间和添加人、sha256。"""
    from dangqun_cli.queries.attachments import list_attachments

    with reading(ctx) as conn:
        rows = list_attachments(conn, item_id)
    output(rows, json_out, "attachments")
