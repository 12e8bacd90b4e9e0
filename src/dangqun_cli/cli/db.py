"""dangqun db: 数据库的位置与结构升级。"""

from __future__ import annotations

import typer

from dangqun_cli.cli.runtime import new_app, runtime, say

app = new_app("数据库：查看位置、升级结构。")


@app.command("path")
def path(ctx: typer.Context) -> None:
    """显示正在使用的数据库（文件路径或不含密码的地址）。"""
    from dangqun_cli import config

    target = config.db_target(runtime(ctx).db)
    if "://" in target:
        from dangqun_cli.db import display_url

        typer.echo(display_url(target))
    else:
        typer.echo(config.to_url(target).removeprefix("sqlite:///"))


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """把数据库结构升级到本版本（平时打开时会自动完成）。"""
    from dangqun_cli import db

    before, after = db.upgrade_now(runtime(ctx).url)
    if before == after:
        say(f"数据库已是最新结构（版本 {after}）。")
    else:
        say(f"数据库结构已升级：{before or '空库'} → {after}")
