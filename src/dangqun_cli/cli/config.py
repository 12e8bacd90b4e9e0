"""dangqun config: 本单位的设置（单位名称、总结标题模板、回头看天数），存在数据库里，
改动记入操作记录。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.options import JsonOpt
from dangqun_cli.cli.runtime import new_app, output, print_json, reading, say, write

app = new_app(
    "本单位的设置：单位名称（org.name）、总结标题模板（summary.title）等。"
    "存在数据库里，共用一个数据库的人看到同样的设置；每次修改都记入操作记录。"
)


def _complete_keys(incomplete: str) -> list[str]:
    from dangqun_cli.settings import KEYS

    return [k for k in KEYS if k.startswith(incomplete.lower())]


KeyArg = Annotated[
    str,
    typer.Argument(
        help="设置的名称：org.name（单位名称）、summary.title（总结标题模板）、"
        "recheck.days（回头看天数）。",
        metavar="设置",
        show_default=False,
        autocompletion=_complete_keys,
    ),
]


@app.command("set")
def set_(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[
        str,
        typer.Argument(
            help="新的值；总结标题模板可用 {单位} 和 {期间}。", metavar="值", show_default=False
        ),
    ],
) -> None:
    """设置一项的值，如 config set org.name 龙都街道党工委。"""
    from dangqun_cli.services import settings

    known, stored, changed = write(ctx, lambda s: settings.set_value(s, key, value))
    if changed:
        say(f"已设置 {known.key}（{known.label}）：{stored}")
    else:
        say(f"{known.key}（{known.label}）已是“{stored}”，未修改")


@app.command("get")
def get(ctx: typer.Context, key: KeyArg, json_out: JsonOpt = False) -> None:
    """显示一项设置的值（未设置时为默认值）。"""
    from dangqun_cli.queries import settings as queries
    from dangqun_cli.settings import find

    known = find(key)
    with reading(ctx) as conn:
        row = next(r for r in queries.rows(conn) if r["key"] == known.key)
    if json_out:
        print_json(row)
        return
    value = row["value"] if row["value"] is not None else known.default
    if value is None:
        say(f"{known.key}（{known.label}）未设置：用{known.unset}")
        return
    typer.echo(value)


@app.command("list")
def list_(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """列出全部设置：名称、含义、当前值和默认值。"""
    from dangqun_cli.queries import settings as queries

    with reading(ctx) as conn:
        rows = queries.rows(conn)
    output(rows, json_out, "settings")


@app.command("unset")
def unset(ctx: typer.Context, key: KeyArg) -> None:
    """取消一项设置，恢复默认值（操作记录中保留原来的值）。"""
    from dangqun_cli.services import settings

    known, had = write(ctx, lambda s: settings.unset(s, key))
    if had:
        say(f"已恢复默认：{known.key}（{known.label}）")
    else:
        say(f"{known.key}（{known.label}）本来就是默认值，未修改")
