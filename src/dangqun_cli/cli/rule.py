"""dangqun rule: 会议制度要求（如联席会议每月不少于 2 次）。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import JsonOpt, MeetingKindOpt, UnitOpt
from dangqun_cli.cli.runtime import (
    confirm,
    interactive,
    new_app,
    output,
    print_new_id,
    reading,
    say,
    writing,
)
from dangqun_cli.errors import UsageError

app = new_app("会议制度要求：某类会议每月、每季度或每年至少召开几次。")


@app.command("add")
def add(
    ctx: typer.Context,
    kind: MeetingKindOpt = None,
    min_count: Annotated[
        int | None, typer.Option("--min", help="至少召开几次。", show_default=False)
    ] = None,
    per: Annotated[
        str | None, typer.Option("--per", help="每月(month)、每季度(quarter)或每年(year)。")
    ] = None,
    unit: UnitOpt = None,
) -> None:
    """添加制度要求（不写 --unit 即对全部单位合计）。"""
    from dangqun_cli.enums import MeetingKind, Per
    from dangqun_cli.services import rules

    missing = [n for n, v in (("--kind", kind), ("--min", min_count), ("--per", per)) if v is None]
    if missing:
        raise UsageError(
            f"缺少选项 {'、'.join(missing)}", "例如 rule add --kind 联席会议 --min 2 --per month"
        )
    with writing(ctx) as s:
        rule_id = rules.add_rule(
            s,
            kind=MeetingKind.parse(kind, what="会议类型"),
            min_count=min_count,
            per=Per.parse(per, what="周期"),
            unit=unit,
        )
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
    yes: Annotated[bool, typer.Option("--yes", help="不再确认，直接删除。")] = False,
) -> None:
    """删除一条制度要求（需确认；操作记录中保留原内容）。"""
    from dangqun_cli.services import rules

    if not yes:
        if not interactive():
            raise UsageError("删除需要确认", "确认无误请加 --yes")
        if not confirm(f"确定删除制度要求 {rule_id}？"):
            say("未删除。")
            return
    with writing(ctx) as s:
        rules.remove_rule(s, rule_id)
    say(f"已删除制度要求 {rule_id}")
