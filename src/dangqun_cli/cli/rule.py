"""dangqun rule: 会议制度要求（如联席会议每月不少于 2 次）。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import JsonOpt, MeetingKindOpt, UnitOpt, YesOpt, enum_completer
from dangqun_cli.cli.runtime import (
    confirmed,
    new_app,
    output,
    print_new_id,
    reading,
    say,
    write,
)
from dangqun_cli.enums import Per
from dangqun_cli.errors import MissingValue
from dangqun_cli.presets import NAMES, complete

app = new_app("会议制度要求：某类会议每月、每季度或每年至少召开几次。")
preset_app = new_app(f"会议制度方案（{NAMES}）：一次添加一整套制度要求。")
app.add_typer(preset_app, name="preset")


@app.command("add")
def add(
    ctx: typer.Context,
    kind: MeetingKindOpt = None,
    min_count: Annotated[
        int | None, typer.Option("--min", help="至少召开几次。", show_default=False)
    ] = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="每月(month)、每季度(quarter)或每年(year)。",
            autocompletion=enum_completer(Per),
        ),
    ] = None,
    unit: UnitOpt = None,
) -> None:
    """添加制度要求（不写 --unit 即对全部单位合计）。"""
    from dangqun_cli.enums import MeetingKind, Per
    from dangqun_cli.services import rules

    missing = [n for n, v in (("--kind", kind), ("--min", min_count), ("--per", per)) if v is None]
    if missing:
        raise MissingValue(
            *missing,
            command=ctx.command_path,
            hint="例如 rule add --kind 联席会议 --min 2 --per month",
        )

    def work(s):
        return rules.add_rule(
            s,
            kind=MeetingKind.parse(kind, what="会议类型"),
            min_count=min_count,
            per=Per.parse(per, what="周期"),
            unit=unit,
        )

    rule_id = write(ctx, work)
    print_new_id(rule_id, "制度要求")


@app.command("list")
def list_(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """列出制度要求。"""
    from dangqun_cli.reports.cadence import list_rules

    with reading(ctx) as conn:
        rows = list_rules(conn)
    output(rows, json_out, "rules")


@app.command("remove")
def remove(
    ctx: typer.Context,
    rule_id: Annotated[
        int, typer.Argument(help="制度要求编号。", metavar="编号", show_default=False)
    ],
    yes: YesOpt = False,
) -> None:
    """删除一条制度要求（需确认；操作记录中保留原内容）。"""
    from dangqun_cli.services import rules

    if not confirmed(f"确定删除制度要求 {rule_id}？", yes=yes):
        say("未删除。")
        return
    write(ctx, lambda s: rules.remove_rule(s, rule_id))
    say(f"已删除制度要求 {rule_id}")


@preset_app.command("list")
def preset_list(json_out: JsonOpt = False) -> None:
    """列出可套用的制度方案及各自的要求。"""
    from dangqun_cli.presets import PRESETS

    rows = [
        {
            "name": p.name,
            "about": p.about,
            "rules": [{"kind": k.value, "min": n, "per": per.value} for k, n, per in p.rules],
        }
        for p in PRESETS.values()
    ]
    output(rows, json_out, "presets")


@preset_app.command("apply")
def preset_apply(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help=f"方案名称：{NAMES}。",
            metavar="方案",
            show_default=False,
            autocompletion=complete,
        ),
    ],
    unit: UnitOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """套用制度方案：添加方案中尚未设定的制度要求（不写 --unit 即对全部单位合计）。

    已有同样的要求不重复添加；同一类会议已有不同次数的要求时保留原要求并说明。
    """
    from dangqun_cli.presets import find
    from dangqun_cli.services import rules

    preset = find(name)
    rows = write(ctx, lambda s: rules.apply_preset(s, preset=preset, unit=unit))
    data = {"preset": preset.name, "unit": rows[0]["unit"], "rules": rows}
    output(data, json_out, "preset_applied")
