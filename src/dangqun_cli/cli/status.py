"""dangqun status: 今天要处理的事——逾期、7 天内到期、待验收、还欠着的会议。"""

from __future__ import annotations

import typer

from dangqun_cli.cli.options import DateOpt, JsonOpt
from dangqun_cli.cli.runtime import output, reading


def status(ctx: typer.Context, date: DateOpt = None, json_out: JsonOpt = False) -> None:
    """今日概览：逾期事项、7 天内到期、等待验收、本月（本季度）还须召开的会议。"""
    from dangqun_cli import dates
    from dangqun_cli.reports.status import status as build

    day = dates.parse_date(date) if date is not None else dates.today()
    with reading(ctx) as conn:
        data = build(conn, today=day)
    output(data, json_out, "status")
