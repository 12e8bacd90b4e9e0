"""dangqun log: 操作记录（审计记录），谁在何时改了什么。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import AllOpt, JsonOpt, LimitOpt
from dangqun_cli.cli.runtime import limit_of, note_more, output, print_json, reading, say
from dangqun_cli.errors import InvalidInput

app = typer.Typer(
    help="操作记录：谁在何时改了什么；log verify 检查记录是否完整。",
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)

RecordOpt = Annotated[
    str | None,
    typer.Option(
        "--record",
        help="只看一条记录：类型:编号，类型为 unit、meeting、opinion、item、summary、rule。",
    ),
]
SinceOpt = Annotated[str | None, typer.Option("--since", help="从哪天起（含）。")]


def parse_record(text: str) -> tuple[str, int]:
    """``meeting:1`` → ("meeting", 1)."""
    import re

    from dangqun_cli.queries.audit import RECORD_TYPES
    from dangqun_cli.text import short

    m = re.fullmatch(r"\s*([a-z]+)\s*[:：]\s*([0-9]{1,18})\s*", text.lower(), re.ASCII)
    if m and m.group(1) in RECORD_TYPES:
        return m.group(1), int(m.group(2))
    raise InvalidInput(
        f"无法识别的记录“{short(text)}”",
        f"请写成 类型:编号，如 meeting:1；类型为 {'、'.join(RECORD_TYPES)}",
    )


@app.callback()
def log(
    ctx: typer.Context,
    record: RecordOpt = None,
    since: SinceOpt = None,
    limit: LimitOpt = 50,
    all_rows: AllOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """查看操作记录，最新的在前（log verify 检查操作记录是否完整、可信）。"""
    if ctx.invoked_subcommand is not None:
        return
    from dangqun_cli import dates
    from dangqun_cli.queries.audit import list_entries

    key = parse_record(record) if record is not None else None
    start = dates.parse_date(since) if since is not None else None
    with reading(ctx) as conn:
        rows, total = list_entries(conn, record=key, since=start, limit=limit_of(limit, all_rows))
    output(rows, json_out, "log")
    note_more(len(rows), total)


@app.command("verify")
def verify(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """检查操作记录的哈希链，以及每条记录的现状是否与它最后一条操作记录一致；有问题时以 1 退出。"""
    from sqlalchemy.orm import Session

    from dangqun_cli.errors import DangqunError
    from dangqun_cli.services.integrity import verify as run_verify

    with reading(ctx) as conn:
        problems, counts = run_verify(Session(bind=conn))
    if json_out:
        print_json({"ok": not problems, **counts, "problems": problems})
    elif problems:
        from dangqun_cli.render import terminal

        terminal.table([("问题", lambda p: p["message"])], problems, title="发现的问题")
    if problems:
        raise DangqunError(
            problems[0]["message"], f"共发现 {len(problems)} 处问题；请从备份恢复并追查"
        )
    say(
        f"操作记录完整：{counts['entries']} 条操作记录的哈希链没有断裂，"
        f"{counts['records']} 条记录都与操作记录一致。"
    )
