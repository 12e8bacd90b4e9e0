"""dangqun db: 数据库的位置与结构升级。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.runtime import new_app, runtime, say

app = new_app("数据库：查看位置、升级结构、备份与恢复。")


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


@app.command("backup")
def backup(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="备份文件路径。", metavar="路径", show_default=False)],
) -> None:
    """备份数据库：得到一份一致的副本（别人同时在写也不影响），仅本人可读。"""
    from dangqun_cli import backups
    from dangqun_cli.render.files import target

    dest = target(path, "dangqun-备份.db")
    if dest.exists():
        from dangqun_cli.errors import InvalidInput

        raise InvalidInput(f"{dest} 已存在", "换一个文件名，以免覆盖旧备份")
    backups.backup(runtime(ctx).url, dest)
    say(f"已备份到 {dest}")


@app.command("restore")
def restore(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="备份文件路径。", metavar="路径", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="数据库里已有记录时也覆盖。")] = False,
) -> None:
    """从备份恢复：数据库里已有记录时需要 --yes 才会覆盖。"""
    from dangqun_cli import backups, config
    from dangqun_cli.errors import InvalidInput

    source = config.user_path(path, "备份文件")
    if not source.is_file():
        raise InvalidInput(f"找不到备份文件：{path}", "请检查路径")
    rev = backups.restore(runtime(ctx).url, source, replace=yes)
    say(f"已从 {source} 恢复（结构版本 {rev}；下次打开时如有需要会自动升级）")
