"""dangqun import / export: 台账的导入与导出（CSV、XLSX、JSON）。"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from dangqun_cli.cli.options import (
    ForceOpt,
    JsonOpt,
    OutputOpt,
    PeriodOpt,
    SearchOpt,
    UnitOpt,
    complete_words,
    enum_completer,
)
from dangqun_cli.cli.runtime import core_reading, print_json, runtime, say, today, write
from dangqun_cli.enums import MeetingKind
from dangqun_cli.errors import InvalidInput


def _formats() -> tuple[str, ...]:
    from dangqun_cli.transfer.exporting import FORMATS

    return FORMATS


def _type_words() -> list[str]:
    from dangqun_cli.transfer.columns import TYPE_WORDS

    return list(TYPE_WORDS)


def _export_words() -> list[str]:
    from dangqun_cli.transfer.ledger import WORDS

    return [*_type_words(), *WORDS]


def _state_words() -> list[str]:
    from dangqun_cli.cli.rectify import state_words
    from dangqun_cli.enums import OpinionState

    return [*state_words(), *OpinionState.choices()]


TypeWord = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="items（整改台账）、meetings（会议）或 opinions（意见建议）；不写则按表头判断。",
        autocompletion=complete_words(_type_words),
    ),
]
PROGRESS_FROM = 2_000  # rows; smaller files finish before a bar would be worth drawing


def _kind(word: str | None, *, whole: bool = False) -> str | None:
    """items, meetings or opinions; with ``whole`` (export) also "all", the whole ledger."""
    from dangqun_cli.transfer.columns import TYPE_WORDS
    from dangqun_cli.transfer.ledger import WORDS

    if word is None:
        return None
    if whole and (word.strip().lower() in WORDS or word.strip() in WORDS):
        return "all"
    found = TYPE_WORDS.get(word.strip().lower()) or TYPE_WORDS.get(word.strip())
    if found is None:
        also = "、all（整本台账）" if whole else ""
        raise InvalidInput(
            f"不认识的类型“{word[:20]}”", f"可用：items（整改台账）、meetings、opinions{also}"
        )
    return found


@contextmanager
def progress_bar(total: int, what: str):
    """A rich progress bar on a terminal for large files; nothing on a pipe."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    from dangqun_cli.transfer.columns import TYPES

    keys = {c.key for cols in TYPES.values() for c in cols}
    found = {}
    for pair in pairs or []:
        header, sep, key = pair.replace("＝", "=").partition("=")
        if not sep or not header.strip() or key.strip() not in keys:
            raise InvalidInput(
                f"无法识别的对应关系“{pair[:40]}”", "写成 表头=字段，如 --map 牵头科室=unit"
            )
        found[header.strip()] = key.strip()
    return found


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="CSV、XLSX 或 dangqun 导出的 JSON 文件（含整本台账）。",
            metavar="文件",
            show_default=False,
        ),
    ],
    kind: TypeWord = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查、显示将导入什么，不写入。")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="CSV 的编码（默认自动识别 UTF-8 或 GBK/GB18030）。"),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="XLSX 的工作表名（默认第一个）。")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="表头=字段，认不出的表头用它指定；可重复。", show_default=False),
    ] = None,
    create_units: Annotated[
        bool, typer.Option("--create-units", help="表中没有的单位自动添加（默认报错）。")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="逐行列出每一行（默认只列出有误的行和合计）。")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """导入台账：逐行检查，全部正确才写入（--dry-run 只检查）；重复导入不会产生重复记录。
    export all 导出的整本台账只能导入空数据库，编号不变。"""
    from dangqun_cli.transfer import importing, reading

    table = reading.read(file, encoding=encoding, sheet=sheet)
    if isinstance(table, reading.Document):
        given = {"--type": kind, "--map": mapping, "--create-units": create_units}
        _restore(ctx, file, table, given=given, dry_run=dry_run, json_out=json_out)
        return
    chosen = _kind(kind) or importing.guess_kind(table)
    extra = _mapping(mapping)

    def work(s):
        s.info["audit_source"] = f"导入：{Path(file).name}"[:200]
        with progress_bar(len(table.rows), "导入") as tick:
            report = importing.run(
                s,
                table,
                kind=chosen,
                mapping=extra,
                today=today(),
                create_units=create_units,
                progress=tick,
            )
        if report.errors or not report.rows:
            raise _Refused(report)  # nothing is written; the report says why
        return report

    try:
        report = write(ctx, work, dry_run=dry_run)
    except _Refused as refused:
        report = refused.report
    _show(report, json_out, dry_run, verbose)
    if report.errors:
        first = next(r for r in report.rows if r.action == "error")
        raise InvalidInput(
            f"{report.errors} 行有误（第一处在第 {first.number} 行），未导入任何记录",
            "按上表逐行改正后重新导入；可先用 --dry-run 检查",
        )
    if not report.rows:
        raise InvalidInput("表头以下没有数据", "请检查文件和工作表")
    if dry_run:
        say("这是试导入（--dry-run），没有写入任何记录。")
    else:
        say(
            f"已导入：新增 {report.count('create')} 条，更新 {report.count('update')} 条，"
            f"无变化 {report.count('same')} 条"
        )


def _restore(
    ctx: typer.Context, file: str, document, *, given: dict, dry_run: bool, json_out: bool
) -> None:
    """``import FILE`` of a whole ledger (``export all``) into an empty database."""
    from dangqun_cli.transfer import ledger

    for flag, value in given.items():
        if value and not (flag == "--type" and _kind(value, whole=True) == "all"):
            raise InvalidInput(
                f"导入整本台账不用 {flag}", "整本台账带着它的单位和全部记录，按原样恢复"
            )
    plan = ledger.check(document.data, file)

    def work(s):
        s.info["audit_source"] = f"导入：{Path(file).name}"[:200]
        ledger.restore(s, plan)

    write(ctx, work, dry_run=dry_run)
    counts = plan.counts
    if json_out:
        print_json({"type": "all", "dry_run": dry_run, "tables": counts})
    parts = "、".join(f"{name} {n}" for name, n in counts.items() if n)
    total = sum(counts.values())
    if dry_run:
        say(f"试导入整本台账：{total} 条记录（{parts or '无'}）均可导入；没有写入任何记录。")
    else:
        say(f"已导入整本台账：{total} 条记录（{parts or '无'}），编号与原台账相同")


class _Refused(Exception):
    """An import with a faulty row (or none): its transaction is rolled back, then the
    report is shown."""

    def __init__(self, report) -> None:
        self.report = report


def _show(report, json_out: bool, dry_run: bool, verbose: bool) -> None:
    if json_out:
        print_json(
            {
                "type": report.kind,
                "dry_run": dry_run,
                "header_row": report.header_row,
                "columns": report.columns,
                "unknown_columns": report.unknown,
                "encoding": report.encoding,
                "totals": {
                    "rows": len(report.rows),
                    **{a: report.count(a) for a in ("create", "update", "same", "error")},
                },
                "rows": [
                    {
                        "row": r.number,
                        "action": r.action,
                        "label": r.label,
                        "errors": [{"column": c, "message": m, "hint": h} for c, m, h in r.errors],
                    }
                    for r in report.rows
                ],
            }
        )
        return
    from dangqun_cli.render import terminal

    terminal.import_report(report, dry_run=dry_run, verbose=verbose)


FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="csv、xlsx 或 json。",
        show_default=False,
        autocompletion=complete_words(_formats),
    ),
]


def export(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            help="items（整改台账）、meetings、opinions，或 all（整本台账，仅 JSON）。",
            metavar="类型",
            autocompletion=complete_words(_export_words),
        ),
    ],
    fmt: FormatOpt,
    output: OutputOpt,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", help="状态（同 list）。", autocompletion=complete_words(_state_words)
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="会议类型（meetings）。", autocompletion=enum_completer(MeetingKind)
        ),
    ] = None,
    unit: UnitOpt = None,
    owner: Annotated[str | None, typer.Option("--owner", help="责任人（items）。")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只导出逾期的（items）。")] = False,
    period: PeriodOpt = None,
    search: SearchOpt = None,
    topic: Annotated[str | None, typer.Option("--topic", help="类别（opinions）。")] = None,
    meeting: Annotated[int | None, typer.Option("--meeting", help="会议编号（opinions）。")] = None,
    force: ForceOpt = False,
) -> None:
    """导出台账（与各 list 相同的筛选）：CSV（Excel 可直接打开）、XLSX 或 JSON；
    all 导出整本台账（JSON），可用 import 恢复到空数据库。"""
    from dangqun_cli import dates
    from dangqun_cli.cli.runtime import reading
    from dangqun_cli.transfer import exporting

    chosen = _kind(what, whole=True)
    fmt = exporting.check_format(fmt)
    if chosen == "all":
        filters = {
            "--state": state,
            "--kind": kind,
            "--unit": unit,
            "--owner": owner,
            "--overdue": overdue,
            "--period": period,
            "--search": search,
            "--topic": topic,
            "--meeting": meeting,
        }
        _export_all(ctx, fmt, output, force, [flag for flag, v in filters.items() if v])
        return
    dest = exporting.destination(fmt, output, force=force, database=runtime(ctx).url)
    ref = today()
    span = dates.parse_period(period, today=ref) if period is not None else None
    with reading(ctx) as conn:
        if chosen == "items":
            from dangqun_cli.cli.rectify import _state_filter
            from dangqun_cli.queries.rectification import list_items

            ids, _ = list_items(
                conn,
                ids_only=True,
                today=ref,
                state=_state_filter(state) or "all",
                unit=unit,
                owner=owner,
                overdue=overdue,
                period=span,
                search=search,
                limit=None,
            )
        elif chosen == "meetings":
            from dangqun_cli.enums import MeetingKind
            from dangqun_cli.queries.meetings import list_meetings

            kind_value = MeetingKind.parse(kind, what="会议类型") if kind is not None else None
            rows, _ = list_meetings(
                conn, kind=kind_value, unit=unit, period=span, search=search, limit=None
            )
        else:
            from dangqun_cli.enums import OpinionState
            from dangqun_cli.queries.opinions import list_opinions

            state_value = OpinionState.parse(state, what="意见状态") if state is not None else None
            rows, _ = list_opinions(
                conn,
                meeting_id=meeting,
                topic=topic,
                state=state_value,
                unit=unit,
                period=span,
                search=search,
                limit=None,
            )
        if chosen != "items":
            ids = [r["id"] for r in rows]
        with progress_bar(len(ids), "导出") as tick:
            count = exporting.write(
                chosen, exporting.ROWS[chosen](conn, ids), fmt, dest, progress=tick
            )
    say(f"已导出 {count} 条到 {dest.shown}")


def _export_all(ctx: typer.Context, fmt: str, output: str, force: bool, filters: list[str]) -> None:
    from dangqun_cli.transfer import exporting, ledger

    if filters:
        raise InvalidInput(
            f"导出整本台账（all）不能加筛选条件 {filters[0]}",
            "整本台账总是包括全部记录；要筛选请导出 items、meetings 或 opinions",
        )
    if fmt != "json":
        raise InvalidInput(f"整本台账只能导出为 JSON，不能是 {fmt}", "请用 --format json")
    dest = exporting.destination(fmt, output, force=force, database=runtime(ctx).url)
    with core_reading(ctx) as conn:
        counts = ledger.export(conn, dest)
    files = counts.get("attachment", 0)
    with_files = f"，含 {files} 个附件的文件内容" if files else ""
    say(f"已导出整本台账（{sum(counts.values())} 条记录{with_files}）到 {dest.shown}")
    _warn_if_too_big_to_import(dest)


def _warn_if_too_big_to_import(dest) -> None:
    """Attachments make a ledger large: say so when ``import`` could not read the file back,
    rather than let the secretary find out on the day it is needed."""
    import os

    from dangqun_cli.transfer.limits import LEDGER_FILE_MAX, MB

    try:
        size = os.path.getsize(dest.path) if dest.path is not None else 0
    except OSError:
        return
    if size > LEDGER_FILE_MAX:
        say(
            f"注意：文件有 {size // MB} MB，超过 import 可读的 {LEDGER_FILE_MAX // MB} MB 上限；"
            "整本台账连同附件的搬迁请用 db backup 和 db restore"
        )
