"""dangqun calendar: 整改时限、回头看日期和即将召开的会议，写成手机和电脑日历都能导入的
.ics 文件。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import ForceOpt, PeriodOpt
from dangqun_cli.cli.runtime import reading, runtime, say

IcsOutputOpt = Annotated[
    str,
    typer.Option(
        "--output",
        help="日历文件路径，如 整改日历.ics；写 - 则输出到标准输出。",
        show_default=False,
    ),
]


def calendar(
    ctx: typer.Context,
    output: IcsOutputOpt,
    period: PeriodOpt = None,
    force: ForceOpt = False,
) -> None:
    """导出日历（.ics）：未销号事项的整改时限、已销号事项的回头看日期、今天及以后的会议。"""
    from dangqun_cli import dates
    from dangqun_cli.render.files import target
    from dangqun_cli.render.ics import calendar_bytes
    from dangqun_cli.reports.calendar import events

    span = dates.parse_period(period) if period is not None else None
    dest = target(output, "整改日历.ics", force=force, database=runtime(ctx).url, stdout=True)
    with reading(ctx) as conn:
        found = events(conn, today=dates.today(), period=span)
    name = "dangqun 整改时限、回头看与会议" + (f"（{span.label}）" if span else "")
    data = calendar_bytes(found, name=name)

    def fill(tmp: str) -> None:
        with open(tmp, "wb") as f:
            f.write(data)

    dest.write(fill)
    if dest.path is not None:
        say(f"已导出日历：{dest.shown}（{len(found)} 项）")
