"""dangqun log: 操作记录（审计记录），谁在何时改了什么。"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated

import typer

from dangqun_cli.cli.help import Typer
from dangqun_cli.cli.options import AllOpt, JsonOpt, LimitOpt, complete_words
from dangqun_cli.cli.runtime import (
    core_reading,
    limit_of,
    note_more,
    output,
    print_json,
    reading,
    say,
)
from dangqun_cli.errors import InvalidInput
from dangqun_cli.records import BY_WORD, KINDS


def _kinds() -> str:
    """单位、会议…（或 unit、meeting…）: the record types ``--record`` takes."""
    names = "、".join(kind.name for kind in KINDS)
    return f"{names}（或 {'、'.join(kind.key for kind in KINDS)}）"


app = Typer(
    help="操作记录：谁在何时改了什么；log verify 检查记录是否完整。",
    invoke_without_command=True,
    add_completion=False,
)

RecordOpt = Annotated[
    str | None,
    typer.Option(
        "--record",
        help=f"只看一条记录：类型:编号，如 整改事项:1 或 item:1；类型为 {_kinds()}。",
        autocompletion=complete_words(lambda: [f"{word}:" for word in BY_WORD]),
    ),
]
SinceOpt = Annotated[str | None, typer.Option("--since", help="从哪天起（含）。")]


def parse_record(text: str) -> tuple[str, int]:
    """``meeting:1``, ``会议:1``, ``会议 1`` (as ``log`` prints it) → ("meeting", 1)."""
    import re

    from dangqun_cli.records import find_kind
    from dangqun_cli.text import short

    m = re.fullmatch(r"\s*(.+?)\s*[:：]?\s*([0-9]{1,18})\s*", text)
    kind = find_kind(m.group(1)) if m else None
    if kind is not None:
        return kind.key, int(m.group(2))
    raise InvalidInput(
        f"无法识别的记录“{short(text)}”",
        f"请写成 类型:编号，如 整改事项:1 或 item:1；类型为 {_kinds()}",
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
    with reading(ctx) as reader:
        rows, total = list_entries(reader, record=key, since=start, limit=limit_of(limit, all_rows))
    output(rows, json_out, "log")
    note_more(len(rows), total)


AnchorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--anchor",
        help="校验码 编号:哈希（定稿的工作总结末尾印有；哈希可只写前 16 位以上）："
        "该条操作记录必须还在且未被改写。可写多次。",
        metavar="编号:哈希",
        show_default=False,
    ),
]


def parse_anchor(text: str) -> tuple[int, str]:
    """``1234:ab12…`` → (1234, "ab12…")."""
    import re

    from dangqun_cli.text import short

    m = re.fullmatch(r"\s*([0-9]{1,18})\s*[:：]\s*([0-9a-fA-F]{16,64})\s*", text, re.ASCII)
    if not m:
        raise InvalidInput(
            f"无法识别的校验码“{short(text)}”",
            "请写成 编号:哈希，如 1234:9f2c…（哈希至少 16 位，可从工作总结末尾抄录）",
        )
    return int(m.group(1)), m.group(2).lower()


PROGRESS_AFTER_S = 3.0  # a check that takes longer shows how far it is, on a terminal
_STEPS = {"chain": "校验哈希链", "records": "核对记录"}


@contextmanager
def _progress_line():
    """``progress(what, done, total)`` for a long ``log verify``: one line on stderr,
    rewritten in place and erased at the end; on a terminal only, never in a pipe."""
    import sys
    import time

    if not sys.stderr.isatty():
        yield None
        return
    started, shown = time.monotonic(), False

    def progress(what: str, done: int, total: int) -> None:
        nonlocal shown
        if time.monotonic() - started < PROGRESS_AFTER_S:
            return
        sys.stderr.write(f"\r{_STEPS[what]}：{done:,}/{max(done, total):,} 条……\x1b[K")
        sys.stderr.flush()
        shown = True

    try:
        yield progress
    finally:
        if shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@app.command("verify")
def verify(ctx: typer.Context, anchor: AnchorOpt = None, json_out: JsonOpt = False) -> None:
    """检查操作记录是否完整可信；有问题时以 1 退出。

    检查哈希链（用本机保存的密钥）、校验码和本机上次写入的记录是否都还在、未被改写，
    以及每条记录的现状是否与它最后一条操作记录一致。
    """
    from dangqun_cli import witness
    from dangqun_cli.cli.runtime import runtime
    from dangqun_cli.errors import DangqunError
    from dangqun_cli.services.integrity import verify as run_verify

    expected = dict(parse_anchor(a) for a in anchor or ())
    with core_reading(ctx) as conn, _progress_line() as progress:
        report = run_verify(
            conn,
            expected=expected,
            witnessed=witness.recall(runtime(ctx).url),
            progress=progress,
        )
    if json_out:
        print_json(report.as_json())
    elif report.problems:
        from dangqun_cli.render import terminal

        terminal.table([("问题", lambda p: p["message"])], report.problems, title="发现的问题")
    if report.problems:
        raise DangqunError(
            report.problems[0]["message"],
            f"共发现 {len(report.problems)} 处问题；请从备份恢复并追查",
        )
    if report.keyed:
        chain = f"{report.entries} 条操作记录的哈希链没有断裂（已用本机的密钥校验）"
    else:
        chain = f"{report.entries} 条操作记录的哈希链没有断裂（尚未启用密钥：下次写入时启用）"
    say(f"操作记录完整：{chain}，{report.records} 条记录都与操作记录一致。")
    if report.head:
        say(f"当前校验码：{report.head[0]}:{report.head[1]}")
