"""dangqun db: 数据库的位置与结构升级。"""

from __future__ import annotations

from typing import Annotated

import typer

from dangqun_cli.cli.runtime import announce_new, core_reading, new_app, new_database, runtime, say

app = new_app("数据库：查看位置、升级结构、备份与恢复。")


@app.command("path")
def path(ctx: typer.Context) -> None:
    """显示正在使用的数据库（文件路径或不含密码的地址）。"""
    from dangqun_cli import config
    from dangqun_cli.database.addresses import display_url
    from dangqun_cli.text import visible

    target = config.db_target(runtime(ctx).db)
    url = config.to_url(target)
    shown = display_url(url) if "://" in target else url.removeprefix("sqlite:///")
    typer.echo(visible(shown))


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """把数据库结构升级到本版本（平时打开时会自动完成）。"""
    from dangqun_cli.database.transactions import upgrade_now

    url = runtime(ctx).url
    new = new_database(url)
    before, after = upgrade_now(url)
    announce_new(new)
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

    url = runtime(ctx).url
    # The same checks as every output file; a backup never overwrites, not even an old one.
    dest = target(
        path, "dangqun-备份.db", database=url, existing_hint="换一个文件名，以免覆盖旧备份"
    )
    backups.backup(url, dest.path)
    say(f"已备份到 {dest.path}")


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
    url = runtime(ctx).url
    new = new_database(url)
    rev = backups.restore(url, source, replace=yes)
    announce_new(new)
    say(f"已从 {source} 恢复（结构版本 {rev}；下次打开时如有需要会自动升级）")


key_app = new_app("操作记录密钥：导出给共用数据库的其他秘书，或导入别人导出的密钥。")
app.add_typer(key_app, name="key")


def _ledger(ctx: typer.Context) -> tuple[str, dict]:
    from dangqun_cli import keys

    with core_reading(ctx) as conn:
        meta = keys.ledger_meta(conn)
    return keys.ledger_id(meta), meta


@key_app.command("export")
def key_export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="密钥文件路径。", metavar="路径", show_default=False)],
) -> None:
    """把这份台账的操作记录密钥写到文件（仅本人可读），交给共用数据库的其他秘书导入；请妥善保管。"""
    from pathlib import Path

    from dangqun_cli import keys
    from dangqun_cli.errors import DatabaseError
    from dangqun_cli.render.files import target

    ledger, _ = _ledger(ctx)
    key = keys.load(ledger)
    if key is None:
        raise DatabaseError("本机没有这份台账的操作记录密钥", keys.IMPORT_HINT)
    # The output rules of every file (no --force: a key is never written over), private.
    dest = target(
        path,
        "dangqun-密钥.key",
        database=runtime(ctx).url,
        existing_hint="换一个文件名",
        private=True,
    )
    dest.write(lambda tmp: Path(tmp).write_text(key.dumps(), encoding="utf-8"))
    say(f"已导出操作记录密钥到 {dest.path}（仅本人可读；交给对方后请删除此文件）")


@key_app.command("import")
def key_import(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="密钥文件路径。", metavar="路径", show_default=False)],
) -> None:
    """导入别的秘书用 db key export 导出的密钥，之后本机才能写入并校验这份共用的台账。"""
    from pathlib import Path

    from dangqun_cli import keys
    from dangqun_cli.errors import DatabaseError, InvalidInput, os_reason

    source = Path(path).expanduser()
    try:
        with source.open("rb") as f:
            raw = f.read(4096)  # a key file is small; never read a device or a huge file
    except OSError as exc:
        raise InvalidInput(f"无法读取 {path}：{os_reason(exc)}", "请检查路径") from None
    key = keys.parse(raw.decode("utf-8", errors="replace"), path)
    ledger, meta = _ledger(ctx)
    if key.ledger != ledger:
        raise DatabaseError("这个密钥属于另一份台账", "请确认 --db 指向对方导出密钥时用的数据库")
    check = meta.get("key_check")
    if check is not None and check != key.check:
        raise DatabaseError("这个密钥与数据库中的校验值不符", "请让对方重新导出")
    present = keys.load(ledger)
    if present is not None and present.secret == key.secret:
        say("本机已有这个密钥，无需导入。")
        return
    if present is not None and present.check == check:
        raise DatabaseError("本机已有这份台账的另一个有效密钥", "无需导入")
    keys.store(key)
    say(f"已导入操作记录密钥（保存在 {keys.key_dir()}，仅本人可读）")
