"""dangqun rectify: 整改台账——立项、进展、延期、提交、验收销号或退回，销号后回头看。"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dangqun_cli.cli import deleting
from dangqun_cli.cli.attachment import app as attachment_app
from dangqun_cli.cli.options import (
    AllOpt,
    DateOpt,
    JsonOpt,
    LimitOpt,
    PeriodOpt,
    SearchOpt,
    UnitOpt,
    YesOpt,
    complete_words,
)
from dangqun_cli.cli.runtime import (
    limit_of,
    new_app,
    note_more,
    operator,
    output,
    print_json,
    print_new_id,
    reading,
    say,
    today,
    write,
)
from dangqun_cli.errors import InvalidInput, MissingValue, NothingChanged, UsageError
from dangqun_cli.transfer.limits import ATTACHMENT_MAX, MB

app = new_app("整改台账：整改事项从立项到验收销号的全过程。")
app.add_typer(attachment_app, name="attachment")

IdArg = Annotated[
    int, typer.Argument(help="整改事项编号。", metavar="事项编号", show_default=False)
]
ProblemOpt = Annotated[str | None, typer.Option("--problem", help="存在的问题。")]
MeasuresOpt = Annotated[str | None, typer.Option("--measures", help="整改措施。")]
OwnerOpt = Annotated[str | None, typer.Option("--owner", help="责任人。")]
LeaderOpt = Annotated[str | None, typer.Option("--leader", help="责任领导。")]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="问题来源（不是来自意见时），如 督查检查。")
]
CategoryOpt = Annotated[
    str | None, typer.Option("--category", help="问题类别，如 作风建设、制度落实。")
]
TargetOpt = Annotated[str | None, typer.Option("--target", help="整改目标。")]
PartnersOpt = Annotated[
    list[str] | None,
    typer.Option("--partners", help="配合单位；可重复，或用顿号分隔。", show_default=False),
]


def _partners(values: list[str] | None) -> list[str] | None:
    from dangqun_cli.transfer.columns import LIST_SEPARATORS

    if values is None:
        return None
    return [p.strip() for v in values for p in LIST_SEPARATORS.split(v) if p.strip()]


def _day(date: str | None):
    from dangqun_cli import dates

    return dates.parse_date(date) if date is not None else dates.today()


@app.command("add")
def add(
    ctx: typer.Context,
    problem: ProblemOpt = None,
    from_opinion: Annotated[
        list[int] | None,
        typer.Option("--from-opinion", help="所回应的意见编号；可重复。", show_default=False),
    ] = None,
    measures: MeasuresOpt = None,
    unit: UnitOpt = None,
    owner: OwnerOpt = None,
    leader: LeaderOpt = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due", help="整改时限：2010-10-31、2010年10月底、12月31日前、第四季度、+30d 等。"
        ),
    ] = None,
    ongoing: Annotated[bool, typer.Option("--ongoing", help="长期坚持，没有固定时限。")] = False,
    source: SourceOpt = None,
    category: CategoryOpt = None,
    target: TargetOpt = None,
    partners: PartnersOpt = None,
    date: DateOpt = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file",
            help="从 JSON Lines 文件批量添加（- 表示标准输入）；每行的键同 rectify show --json。",
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """立项：添加整改事项（--from-opinion 把意见转为整改，意见变为“已转整改”）。"""
    from dangqun_cli import dates
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.queries.rectification import show_item
    from dangqun_cli.services import rectification

    if from_file is not None:
        given = [problem, from_opinion, measures, unit, owner, leader, due, source, date]
        given += [category, target, partners]
        if any(v for v in given) or ongoing:
            raise UsageError("--from-file 不能与其他字段选项同时使用", "字段写在文件的每一行里")
        _add_from_file(ctx, from_file, json_out)
        return
    missing = [
        n for n, v in (("--problem", problem), ("--unit", unit), ("--owner", owner)) if not v
    ]
    if missing:
        raise MissingValue(*missing, command=ctx.command_path)
    if due is None and not ongoing:
        raise MissingValue("--due", command=ctx.command_path, hint="没有固定时限的用 --ongoing")
    if due is not None and ongoing:
        raise UsageError("--due 和 --ongoing 只能用一个", "有明确时限用 --due，否则用 --ongoing")
    ref = dates.today()
    data = rectification.ItemInput(
        problem=problem,
        measures=measures,
        unit=unit,
        owner=owner,
        leader=leader,
        due=dates.parse_deadline(due, today=ref) if due is not None else None,
        ongoing=ongoing,
        opinions=list(from_opinion or []),
        source=source,
        category=category,
        target=target,
        partners=_partners(partners),
    )

    def work(s):
        new_id = rectification.add_item(s, data, on=_day(date), today=ref)
        shown = show_item(as_reader(s), new_id, today=ref) if json_out else None
        return new_id, shown

    new_id, shown = write(ctx, work)
    print_json(shown) if json_out else print_new_id(new_id, "整改事项")


def _add_from_file(ctx: typer.Context, path: str, json_out: bool) -> None:
    from dangqun_cli.cli.runtime import read_text_file
    from dangqun_cli.transfer.item_lines import add_lines

    text = read_text_file(path, "整改事项")
    ids = write(ctx, lambda s: add_lines(s, text, today=today()))
    if json_out:
        print_json(ids)
    else:
        typer.echo("\n".join(str(i) for i in ids))
        say(f"已添加 {len(ids)} 个整改事项")


# --state words beside the item states themselves
STATE_FILTERS = {"overdue": "overdue", "逾期": "overdue", "all": "all", "全部": "all"}


def state_words() -> list[str]:
    from dangqun_cli.enums import ItemState

    return [*ItemState.choices(), *STATE_FILTERS]


@app.command("list")
def list_(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            help="状态：待整改(open)、整改中(in_progress)、待验收(submitted)、已销号(closed)、"
            "逾期(overdue)，或 all（含已销号）。默认列出未销号的。",
            autocompletion=complete_words(state_words),
        ),
    ] = None,
    unit: UnitOpt = None,
    owner: OwnerOpt = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看逾期的。")] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="只看时限早于该日期的。")
    ] = None,
    period: PeriodOpt = None,
    search: SearchOpt = None,
    ongoing: Annotated[bool, typer.Option("--ongoing", help="只看长期坚持的。")] = False,
    limit: LimitOpt = 50,
    all_rows: AllOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """列出整改事项：逾期的在前，其次按时限先后；长期坚持的另列。"""
    from dangqun_cli import dates
    from dangqun_cli.queries.rectification import list_items

    ref = dates.today()
    with reading(ctx) as conn:
        rows, total = list_items(
            conn,
            today=ref,
            state=_state_filter(state),
            unit=unit,
            owner=owner,
            overdue=overdue,
            due_before=dates.parse_date(due_before, today=ref) if due_before is not None else None,
            period=dates.parse_period(period, today=ref) if period is not None else None,
            search=search,
            ongoing=ongoing,
            limit=limit_of(limit, all_rows),
        )
    output(rows, json_out, "items")
    note_more(len(rows), total)


def _state_filter(text: str | None) -> str | None:
    from dangqun_cli.enums import ItemState

    if text is None:
        return None
    word = text.strip()
    if word.lower() in STATE_FILTERS or word in STATE_FILTERS:
        return STATE_FILTERS.get(word) or STATE_FILTERS[word.lower()]
    return ItemState.parse(word, what="整改状态").value


@app.command("show")
def show(ctx: typer.Context, item_id: IdArg, json_out: JsonOpt = False) -> None:
    """查看整改事项：问题、措施、责任、时限、所回应的意见和全部经过。"""
    from dangqun_cli.queries.rectification import show_item

    with reading(ctx) as conn:
        data = show_item(conn, item_id, today=today())
    output(data, json_out, "item")


TextArg = Annotated[str, typer.Argument(help="进展内容。", metavar="内容", show_default=False)]
ReasonOpt = Annotated[str, typer.Option("--reason", help="理由。", show_default=False)]


@app.command("note")
def note(ctx: typer.Context, item_id: IdArg, text: TextArg, date: DateOpt = None) -> None:
    """记录整改进展（第一次记录时，待整改 → 整改中）。"""
    from dangqun_cli.services import rectification

    on = _day(date)

    def work(s):
        rectification.note(s, item_id, text, on=on, by=operator(ctx), today=today())

    write(ctx, work)
    say(f"已记录整改事项 {item_id} 的进展")


@app.command("extend")
def extend(
    ctx: typer.Context,
    item_id: IdArg,
    to: Annotated[str, typer.Option("--to", help="新的整改时限。", show_default=False)],
    reason: ReasonOpt,
    date: DateOpt = None,
) -> None:
    """延期：把时限延后，须说明理由；原时限保留。"""
    from dangqun_cli import dates
    from dangqun_cli.services import rectification

    on = _day(date)
    new_due = dates.parse_deadline(to, today=today())

    def work(s):
        rectification.extend(s, item_id, new_due, reason, on=on, by=operator(ctx), today=today())

    write(ctx, work)
    say(f"整改事项 {item_id} 的时限已延至{dates.format_date(new_due)}")


@app.command("submit")
def submit(
    ctx: typer.Context,
    item_id: IdArg,
    result: Annotated[str, typer.Option("--result", help="完成情况。", show_default=False)],
    evidence: Annotated[str | None, typer.Option("--evidence", help="佐证材料。")] = None,
    date: DateOpt = None,
) -> None:
    """提交验收：写明完成情况（整改中 → 待验收）。"""
    from dangqun_cli.services import rectification

    on = _day(date)

    def work(s):
        rectification.submit(s, item_id, result, evidence, on=on, by=operator(ctx), today=today())

    write(ctx, work)
    say(f"整改事项 {item_id} 已提交验收")


@app.command("attach")
def attach(
    ctx: typer.Context,
    item_id: IdArg,
    files: Annotated[
        list[str],
        typer.Argument(
            help="佐证材料文件（公示栏照片、扫描件等），可给出多个；"
            f"每个不超过 {ATTACHMENT_MAX // MB} MB。",
            metavar="文件",
            show_default=False,
        ),
    ],
    json_out: JsonOpt = False,
) -> None:
    """添加佐证材料文件：存入数据库（文件名、大小、sha256、添加人和时间），一次全部添加或都不添加。"""
    from dangqun_cli.database.reader import as_reader
    from dangqun_cli.queries.attachments import item_attachments
    from dangqun_cli.services import attachments

    by, on = operator(ctx), today()

    def work(s):
        ids = attachments.attach(s, item_id, files, by=by, on=on)
        added = [a for a in item_attachments(as_reader(s), item_id) if a["id"] in ids]
        return ids, added

    ids, added = write(ctx, work)
    if json_out:
        print_json(added)
        return
    if not sys.stdout.isatty():
        typer.echo("\n".join(str(i) for i in ids))
    names = "、".join(f"{a['name']}（附件 {a['id']}）" for a in added)
    say(f"已为整改事项 {item_id} 添加附件：{names}")


@app.command("verify")
def verify(
    ctx: typer.Context,
    item_id: IdArg,
    by: Annotated[str | None, typer.Option("--by", help="验收人（默认为操作人）。")] = None,
    date: DateOpt = None,
) -> None:
    """验收销号（待验收 → 已销号）。"""
    from dangqun_cli.services import rectification

    on = _day(date)
    verifier = by if by is not None else operator(ctx)  # --by "" is refused, not replaced
    write(ctx, lambda s: rectification.verify(s, item_id, verifier=verifier, on=on, today=today()))
    say(f"整改事项 {item_id} 已验收销号")


@app.command("reject")
def reject(ctx: typer.Context, item_id: IdArg, reason: ReasonOpt, date: DateOpt = None) -> None:
    """退回：验收不通过，须说明理由（待验收 → 整改中）。"""
    from dangqun_cli.services import rectification

    on = _day(date)

    def work(s):
        rectification.reject(s, item_id, reason, on=on, by=operator(ctx), today=today())

    write(ctx, work)
    say(f"整改事项 {item_id} 已退回整改")


@app.command("recheck")
def recheck(
    ctx: typer.Context,
    item_id: IdArg,
    result: Annotated[
        str | None, typer.Option("--result", help="复查情况：整改成效得到巩固的，写明看到了什么。")
    ] = None,
    not_effective: Annotated[
        bool,
        typer.Option("--not-effective", help="未见成效：事项重新回到“整改中”（须写 --reason）。"),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="未见成效的理由（与 --not-effective 同用）。")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="复查人（默认为操作人）。")] = None,
    date: DateOpt = None,
) -> None:
    """回头看：销号后复查整改成效（默认销号后 90 天，config set recheck.days 可改）。"""
    from dangqun_cli.services import rectification

    if result is not None and not_effective:
        raise InvalidInput(
            "--result 和 --not-effective 只能用一个",
            "成效巩固的用 --result 写复查情况；未见成效的用 --not-effective --reason 写理由",
        )
    if result is None and not not_effective:
        raise InvalidInput(
            "缺少复查结果",
            "成效巩固的用 --result 写复查情况；未见成效的用 --not-effective --reason 写理由",
        )
    if not_effective and reason is None:
        raise InvalidInput("未见成效须说明理由", "用 --reason 写明理由")
    if reason is not None and not not_effective:
        raise InvalidInput("--reason 只与 --not-effective 同用", "成效巩固的用 --result 写复查情况")
    on = _day(date)
    checker = by if by is not None else operator(ctx)  # --by "" is refused, not replaced

    def work(s):
        rectification.recheck(
            s,
            item_id,
            result=result,
            reason=reason,
            effective=not not_effective,
            by=checker,
            on=on,
            today=today(),
        )

    write(ctx, work)
    if not_effective:
        say(f"整改事项 {item_id} 回头看未见成效，已重新回到“整改中”")
    else:
        say(f"已记录整改事项 {item_id} 的回头看：整改成效巩固")


@app.command("edit")
def edit(
    ctx: typer.Context,
    item_id: IdArg,
    problem: ProblemOpt = None,
    measures: MeasuresOpt = None,
    unit: UnitOpt = None,
    owner: OwnerOpt = None,
    leader: LeaderOpt = None,
    source: SourceOpt = None,
    category: CategoryOpt = None,
    target: TargetOpt = None,
    partners: PartnersOpt = None,
) -> None:
    """修改问题、措施、责任单位、责任人等描述（时限用 extend，状态用各操作）。"""
    from dangqun_cli.services import rectification

    changes = dict(
        problem=problem,
        measures=measures,
        unit=unit,
        owner=owner,
        leader=leader,
        source=source,
        category=category,
        target=target,
        partners=_partners(partners),
    )
    if all(v is None for v in changes.values()):
        raise NothingChanged(command=ctx.command_path)
    write(ctx, lambda s: rectification.edit(s, item_id, **changes))
    say(f"已修改整改事项 {item_id}")


@app.command("delete")
def delete(ctx: typer.Context, item_id: IdArg, yes: YesOpt = False) -> None:
    """删除一个整改事项及其进展、延期记录（需确认）。

    操作记录中保留事项的全部内容（dangqun log 可查看），可用 dangqun undo 撤销；
    所回应的意见保持原状态。
    """
    deleting.delete(ctx, "item", item_id, yes)
