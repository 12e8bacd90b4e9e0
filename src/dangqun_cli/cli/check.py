"""dangqun check: 会议制度执行情况——每条制度要求在每个月（季度、年）是否达标。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import JsonOpt, UnitOpt, complete_period
from dangqun_cli.cli.runtime import print_json, reading, today


def check(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Argument(
            help="期间：2010Q3、2010年9月、本季度 等。",
            metavar="期间",
            show_default=False,
            autocompletion=complete_period,
        ),
    ],
    unit: UnitOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """检查会议制度执行：各类会议应开几次、实开几次、是否达标（未达标也以 0 退出）。"""
    from dangqun_cli import dates
    from dangqun_cli.reports.cadence import check as run_check

    ref = today()
    span = dates.parse_period(period, today=ref)
    with reading(ctx) as conn:
        rows = run_check(conn, span, today=ref, unit=unit)
    if json_out:
        print_json(rows)
    else:
        from dangqun_cli.presets import no_rules
        from dangqun_cli.render import terminal

        empty = no_rules(unit.strip() if unit else None)
        terminal.cadence(rows, title=f"{span.label}会议制度执行情况", empty=empty)
