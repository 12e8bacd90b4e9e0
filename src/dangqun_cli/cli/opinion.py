"""dangqun opinion: 意见建议的记录、答复与不予采纳。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli import deleting
from dangqun_cli.cli.options import (
    AllOpt,
    DateOpt,
    JsonOpt,
    LimitOpt,
    OpinionStateOpt,
    PeriodOpt,
    RaisingUnitOpt,
    SearchOpt,
    TopicOpt,
    UnitOpt,
    YesOpt,
)
from dangqun_cli.cli.runtime import (
    limit_of,
    new_app,
    note_more,
    output,
    print_json,
    print_new_id,
    reading,
    say,
    today,
    write,
)

app = new_app("意见建议：会上或其他渠道提出的意见，及其答复、采纳情况。")

IdArg = Annotated[int, typer.Argument(help="意见编号。", metavar="意见编号", show_default=False)]
MeetingOpt = Annotated[int | None, typer.Option("--meeting", help="提出意见的会议编号。")]


def _day(date: str | None):
    from dangqun_cli import dates

    return dates.parse_date(date) if date is not None else dates.today()


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="意见内容。", metavar="意见内容", show_default=False)],
    meeting: MeetingOpt = None,
    source: Annotated[
        str | None, typer.Option("--source", help="不是会上提出时的来源，如 意见箱、来信。")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="提出人或群体，如 青年教师代表。")] = None,
    topic: TopicOpt = None,
    date: DateOpt = None,
    unit: RaisingUnitOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """记录一条意见建议（--meeting 与 --source 二选一）。"""
    from dangqun_cli import dates
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.errors import MissingValue, UsageError
    from dangqun_cli.queries.opinions import show_opinion
    from dangqun_cli.services import opinions

    if meeting is None and source is None:
        raise MissingValue(
            "--meeting",
            "--source",
            either=True,
            command=ctx.command_path,
            hint="会上提出的写会议编号，其他渠道的写来源，如 意见箱",
        )
    if meeting is not None and source is not None:
        raise UsageError("--meeting 和 --source 只能用一个", "会上提出的写会议编号，否则写来源")
    on = dates.parse_date(date) if date is not None else None

    def work(s):
        new_id = opinions.add_opinion(
            s,
            text=text,
            meeting_id=meeting,
            source=source,
            by=by,
            topic=topic,
            on=on,
            unit=unit,
            today=dates.today(),
        )
        data = show_opinion(as_reader(s), new_id, today=today()) if json_out else None
        return new_id, data

    new_id, data = write(ctx, work)
    print_json(data) if json_out else print_new_id(new_id, "意见")


@app.command("list")
def list_(
    ctx: typer.Context,
    meeting: MeetingOpt = None,
    topic: TopicOpt = None,
    state: OpinionStateOpt = None,
    unit: UnitOpt = None,
    period: PeriodOpt = None,
    search: SearchOpt = None,
    limit: LimitOpt = 50,
    all_rows: AllOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """列出意见建议，最近的在前。"""
    from dangqun_cli import dates
    from dangqun_cli.enums import OpinionState
    from dangqun_cli.queries.opinions import list_opinions

    state_value = OpinionState.parse(state, what="意见状态") if state is not None else None
    span = dates.parse_period(period) if period is not None else None
    with reading(ctx) as conn:
        rows, total = list_opinions(
            conn,
            meeting_id=meeting,
            topic=topic,
            state=state_value,
            unit=unit,
            period=span,
            search=search,
            limit=limit_of(limit, all_rows),
        )
    output(rows, json_out, "opinions")
    note_more(len(rows), total)


@app.command("show")
def show(ctx: typer.Context, opinion_id: IdArg, json_out: JsonOpt = False) -> None:
    """查看一条意见建议及其处理情况。"""
    from dangqun_cli.queries.opinions import show_opinion

    with reading(ctx) as conn:
        data = show_opinion(conn, opinion_id, today=today())
    output(data, json_out, "opinion")


@app.command("reply")
def reply(
    ctx: typer.Context,
    opinion_id: IdArg,
    text: Annotated[str, typer.Argument(help="答复内容。", metavar="答复内容", show_default=False)],
    date: DateOpt = None,
) -> None:
    """答复意见（待处理 → 已答复；已答复的可修改答复）。"""
    from dangqun_cli.services import opinions

    on = _day(date)
    write(ctx, lambda s: opinions.reply(s, opinion_id, text, on=on))
    say(f"已答复意见 {opinion_id}")


@app.command("decline")
def decline(
    ctx: typer.Context,
    opinion_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help="不予采纳的理由。", show_default=False)],
    date: DateOpt = None,
) -> None:
    """不予采纳（待处理 → 不予采纳），须说明理由。"""
    from dangqun_cli.services import opinions

    on = _day(date)
    write(ctx, lambda s: opinions.decline(s, opinion_id, reason, on=on))
    say(f"意见 {opinion_id} 已标记为不予采纳")


@app.command("delete")
def delete(ctx: typer.Context, opinion_id: IdArg, yes: YesOpt = False) -> None:
    """删除一条意见（需确认；已转为整改事项的意见不能删除）。

    操作记录中保留意见的全部内容（dangqun log 可查看），可用 dangqun undo 撤销。
    """
    deleting.delete(ctx, "opinion", opinion_id, yes)
