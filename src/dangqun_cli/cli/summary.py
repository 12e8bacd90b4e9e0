"""dangqun summary: 季度（或任意期间）工作总结——生成、保存、编辑、定稿、导出。"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dangqun_cli.cli.options import (
    DocFormatOpt,
    ForceOpt,
    JsonOpt,
    OutputOpt,
    UnitOpt,
    complete_period,
)
from dangqun_cli.cli.runtime import (
    edit_text,
    new_app,
    output,
    print_json,
    reading,
    runtime,
    say,
    today,
    write,
)
from dangqun_cli.errors import UNEDITED, NothingChanged

app = new_app("工作总结：按季度（或任意期间）从记录生成，补写、定稿后导出 Word。")

PeriodArg = Annotated[
    str,
    typer.Argument(
        help="期间：2010Q3、2010年第三季度、上季度、2010-07-01..2010-09-30 等。",
        metavar="期间",
        autocompletion=complete_period,
        show_default=False,
    ),
]
IdArg = Annotated[
    int, typer.Argument(help="工作总结编号。", metavar="总结编号", show_default=False)
]


def office(reader, unit: str | None) -> str | None:
    """Who the summary speaks for (its title's 单位 and its 落款): the unit asked for, else
    the setting org.name, else the one top-level unit when there is exactly one."""
    from dangqun_cli.queries.settings import value
    from dangqun_cli.queries.summaries import organisation

    return unit or value(reader, "org.name") or organisation(reader)


def default_title(reader, unit: str | None, span) -> str:
    from dangqun_cli.queries.settings import value
    from dangqun_cli.settings import render_title

    template = value(reader, "summary.title")
    return render_title(template, unit=office(reader, unit), period=span.in_title)


def signature(conn, unit: str | None, finalized_at: str | None) -> list[str]:
    from dangqun_cli.reports.document import cn_date

    day = finalized_at[:10] if finalized_at else today().isoformat()
    return [line for line in (office(conn, unit), cn_date(day)) if line]


def blocks_for(
    conn, facts: dict, *, title: str, narrative: str | None, finalized_at=None, anchor=None
):
    from dangqun_cli.reports.document import summary_document

    return summary_document(
        facts,
        title=title,
        narrative=narrative,
        signature=signature(conn, facts["unit"], finalized_at),
        anchor=anchor,
    )


@app.command("generate")
def generate(
    ctx: typer.Context,
    period: PeriodArg,
    unit: UnitOpt = None,
    save: Annotated[bool, typer.Option("--save", help="保存为草稿（打印编号）。")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="该期间已有定稿时仍另存一份草稿（定稿保留）。")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="列出每个数字所统计的记录编号。")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """由记录生成工作总结：基本情况、意见建议征集、整改落实、制度执行、存在问题和下一步工作。"""
    from dangqun_cli import dates
    from dangqun_cli.reports.summary import compose

    ref = today()
    span = dates.parse_period(period, today=ref)
    if save:
        from dangqun_cli.services import summaries

        def work(s):
            from dangqun_cli.database.reader import as_reader

            conn = as_reader(s)
            facts = compose(conn, span, today=ref, unit=unit)  # saved with its trace
            title = default_title(conn, unit, span)
            summary_id, created = summaries.save(
                s, facts, period=span, unit=unit, title=title, force=force
            )
            blocks = None if json_out else blocks_for(conn, facts, title=title, narrative=None)
            return facts, title, summary_id, created, blocks

        facts, title, summary_id, created, blocks = write(ctx, work)
    else:
        with reading(ctx) as conn:
            facts = compose(conn, span, today=ref, unit=unit, with_trace=json_out or explain)
            title = default_title(conn, unit, span)
            blocks = None if json_out else blocks_for(conn, facts, title=title, narrative=None)
    if json_out:
        print_json({**facts, "id": summary_id} if save else facts)
        return
    if save and not sys.stdout.isatty():
        typer.echo(summary_id)  # scripts: id=$(dangqun summary generate 2010Q3 --save)
    else:
        from dangqun_cli.render import terminal

        terminal.document(blocks)
        if explain:
            terminal.trace(facts["trace"])
    if save:
        word = "已保存为草稿" if created else "已更新草稿"
        say(f"{word}，编号 {summary_id}；用 dangqun summary edit {summary_id} 补写各节文字")


@app.command("list")
def list_(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """列出已保存的工作总结。"""
    from dangqun_cli.queries.summaries import list_summaries

    with reading(ctx) as reader:
        rows = list_summaries(reader)
    output(rows, json_out, "summaries")


@app.command("show")
def show(ctx: typer.Context, summary_id: IdArg, json_out: JsonOpt = False) -> None:
    """查看一份已保存的工作总结（生成的内容加上自己写的段落）。"""
    from dangqun_cli.queries.summaries import show_summary

    with reading(ctx) as reader:
        data = show_summary(reader, summary_id)
        blocks = blocks_for(
            reader,
            data["facts"],
            title=data["title"],
            narrative=data["narrative"],
            finalized_at=data["finalized_at"],
            anchor=data["anchor"],
        )
    if json_out:
        print_json(data)
    else:
        from dangqun_cli.render import terminal

        terminal.document(blocks)
        say(f"工作总结 {summary_id}：{'定稿' if data['state'] == 'final' else '草稿'}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    summary_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="只修改标题。")] = None,
) -> None:
    """在编辑器中补写各节的文字（Markdown）；定稿后不能再改。"""
    from dangqun_cli.queries.summaries import show_summary
    from dangqun_cli.reports.document import NARRATIVE_TEMPLATE
    from dangqun_cli.services import summaries

    if title is not None:
        write(ctx, lambda s: summaries.edit(s, summary_id, title=title))
        say(f"已修改工作总结 {summary_id} 的标题")
        return
    write(ctx, lambda s: summaries.edit(s, summary_id))  # refuse a final one before the editor
    with reading(ctx) as reader:
        current = show_summary(reader, summary_id)["narrative"] or NARRATIVE_TEMPLATE
    edited = edit_text(current)
    if edited is None or edited.strip() == current.strip():
        raise NothingChanged(UNEDITED)
    write(ctx, lambda s: summaries.edit(s, summary_id, narrative=edited))
    say(f"已保存工作总结 {summary_id}")


@app.command("finalize")
def finalize(ctx: typer.Context, summary_id: IdArg) -> None:
    """定稿：之后不能再修改，可导出上报。"""
    from dangqun_cli.services import summaries

    write(ctx, lambda s: summaries.finalize(s, summary_id))
    say(f"工作总结 {summary_id} 已定稿")


@app.command("export")
def export(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(help="工作总结编号，或期间（直接由记录生成）。", metavar="编号或期间"),
    ],
    fmt: DocFormatOpt,
    output: OutputOpt,
    unit: UnitOpt = None,
    force: ForceOpt = False,
) -> None:
    """导出为 Markdown 或 Word（按党政机关公文格式排版）。"""
    from dangqun_cli import dates
    from dangqun_cli.render.export import destination, export

    dest = destination(fmt, output, force=force, database=runtime(ctx).url)
    with reading(ctx) as conn:
        if what.strip().isascii() and what.strip().isdigit():
            from dangqun_cli.queries.summaries import show_summary

            data = show_summary(conn, int(what))
            blocks = blocks_for(
                conn,
                data["facts"],
                title=data["title"],
                narrative=data["narrative"],
                finalized_at=data["finalized_at"],
                anchor=data["anchor"],
            )
        else:
            from dangqun_cli.reports.summary import compose

            span = dates.parse_period(what, today=today())
            facts = compose(conn, span, today=today(), unit=unit, with_trace=False)
            title = default_title(conn, unit, span)
            blocks = blocks_for(conn, facts, title=title, narrative=None)
    export(blocks, fmt, dest)
    say(f"已导出：{dest.shown}")
