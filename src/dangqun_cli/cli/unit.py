"""dangqun unit: 单位的添加、查看与修改。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli import deleting
from dangqun_cli.cli.options import JsonOpt, UnitKindOpt, YesOpt
from dangqun_cli.cli.runtime import new_app, output, print_json, print_new_id, reading, write

app = new_app("单位：党组织、工会、共青团、妇联、行政部门等。")

NameArg = Annotated[str, typer.Argument(help="单位名称。", metavar="单位名称", show_default=False)]
ParentOpt = Annotated[
    str | None, typer.Option("--parent", help="上级单位名称（空字符串表示清除）。")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="备注（空字符串表示清除）。")]


def _kind(text: str | None):
    from dangqun_cli.enums import UnitKind

    return UnitKind.parse(text, what="单位类型") if text is not None else None


@app.command("add")
def add(
    ctx: typer.Context,
    name: NameArg,
    kind: UnitKindOpt = None,
    parent: ParentOpt = None,
    note: NoteOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """添加单位。"""
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.enums import UnitKind
    from dangqun_cli.queries.units import show_unit
    from dangqun_cli.services import units

    def work(s):
        new_id = units.add_unit(
            s, name=name, kind=_kind(kind) or UnitKind.other, parent=parent, note=note
        )
        data = show_unit(as_reader(s), str(new_id)) if json_out else None
        return new_id, data

    new_id, data = write(ctx, work)
    print_json(data) if json_out else print_new_id(new_id, "单位")


@app.command("list")
def list_(ctx: typer.Context, kind: UnitKindOpt = None, json_out: JsonOpt = False) -> None:
    """列出单位。"""
    from dangqun_cli.queries.units import list_units

    with reading(ctx) as conn:
        rows = list_units(conn, kind=_kind(kind))
    output(rows, json_out, "units")


@app.command("show")
def show(ctx: typer.Context, name: NameArg, json_out: JsonOpt = False) -> None:
    """查看一个单位（名称或编号）。"""
    from dangqun_cli.queries.units import show_unit

    with reading(ctx) as conn:
        data = show_unit(conn, name)
    output(data, json_out, "unit")


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: NameArg,
    new_name: Annotated[str | None, typer.Option("--name", help="新名称。")] = None,
    kind: UnitKindOpt = None,
    parent: ParentOpt = None,
    note: NoteOpt = None,
) -> None:
    """修改单位的名称、类型、上级单位或备注。"""
    from dangqun_cli.cli.runtime import say
    from dangqun_cli.errors import NothingChanged
    from dangqun_cli.services import units

    if all(v is None for v in (new_name, kind, parent, note)):
        raise NothingChanged(command=ctx.command_path)
    changes = {}
    if parent is not None:
        changes["parent"] = parent
    if note is not None:
        changes["note"] = note
    unit_id = write(
        ctx, lambda s: units.edit_unit(s, name, name=new_name, kind=_kind(kind), **changes)
    )
    say(f"已修改单位 {unit_id}")


@app.command("delete")
def delete(ctx: typer.Context, name: NameArg, yes: YesOpt = False) -> None:
    """删除一个单位（需确认；还有记录用到它时不能删除，并列出这些记录）。

    会议、意见、整改事项、下级单位、制度要求、工作总结、会议模板和出席名单都算用到。
    操作记录中保留单位的全部内容（dangqun log 可查看），可用 dangqun undo 撤销。
    """
    deleting.delete_unit(ctx, name, yes)
