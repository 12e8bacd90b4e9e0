"""dangqun undo: 撤销当前操作人的上一条命令。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import JsonOpt
from dangqun_cli.cli.runtime import confirmed, operator, print_json, reading, say, write

YesOpt = Annotated[bool, typer.Option("--yes", help="不再确认，直接撤销。")]


def undo(ctx: typer.Context, yes: YesOpt = False, json_out: JsonOpt = False) -> None:
    """撤销当前操作人的上一条命令（需确认）。--json 输出撤销的内容。

    (The help a person reads is the one in root.SUB_APPS.)
    """
    from dangqun_cli.command_log import last_command, later_change
    from dangqun_cli.services import undo as undoing

    actor = operator(ctx)
    with reading(ctx) as reader:
        command = last_command(reader, actor)
        steps = undoing.plan(command, actor)
        undoing.refuse_later(later_change(reader, command))
    data = _shape(command, steps)
    if not json_out:
        from dangqun_cli.render import terminal

        terminal.command(data)
    if not confirmed(f"确定撤销 {actor} 的这条命令？", yes=yes, what="撤销"):
        say("未撤销。")
        return
    write(ctx, lambda s: undoing.undo(s, actor=actor, expected=command["command"]))
    if json_out:
        print_json(data)
    say(f"已撤销：{len(steps)} 条记录已恢复到这条命令之前的样子")


def _shape(command: dict, steps: list[dict]) -> dict:
    """The command and what undoing it does (the JSON of ``undo --json``)."""
    revert = {(s["record_type"], s["record_id"]): s for s in steps}
    return {
        "command": command["command"],
        "at": command["at"],
        "actor": command["actor"],
        "entries": [
            {
                "id": e["id"],
                "at": e["at"],
                "action": e["action"],
                "record_type": e["record_type"],
                "record_id": e["record_id"],
                "label": revert[(e["record_type"], e["record_id"])]["label"],
            }
            for e in command["entries"]
        ],
        "records": [
            {k: s[k] for k in ("record_type", "record_id", "label", "revert")} for s in steps
        ],
    }
