"""The root of the command line as data: its description, its own options, its sub-apps.

cli/app.py builds the Typer app from these; cli/launch.py prints the root help page from
them without importing Typer (``dangqun --help`` and a bare ``dangqun``, the page a new
user sees first). A test holds the two pages equal at every width.
"""

from __future__ import annotations

from typing import NamedTuple

from dangqun_cli.cli.help_layout import (
    BUILT_IN_HELP,
    TEXT_VALUE,
    envvar_note,
    notes,
    page,
    page_width,
    short_help,
)

DESCRIPTION = "dangqun：党群共建创先争优工作记录——会议纪要、意见建议、整改台账与工作总结。"


class RootOption(NamedTuple):
    flag: str
    help: str
    takes_value: bool = False
    envvar: str | None = None  # shown on the page


OPTIONS = {
    "db": RootOption(
        "--db", "数据库：SQLite 文件路径，或 postgresql+psycopg://… 地址。", True, "DANGQUN_DB"
    ),
    "actor": RootOption("--as", "操作人（记入操作记录；默认为登录名）。", True, "DANGQUN_USER"),
    "debug": RootOption("--debug", "出错时显示完整的调用栈（也可设 DANGQUN_DEBUG=1）。"),
    "version": RootOption("--version", "显示版本并退出。"),
    "install_completion": RootOption(
        "--install-completion", "为当前 shell（bash、zsh、fish、PowerShell）安装命令补全。"
    ),
    "show_completion": RootOption(
        "--show-completion", "显示当前 shell 的补全脚本，可复制或自行安装。"
    ),
}

# Sub-apps by name: (module, help). Only the one a command line names is imported and
# built; the others stand in the root help as empty groups (click's "lazy group" idea),
# which keeps every start-up from paying for all the commands' options.
SUB_APPS = {
    "unit": ("dangqun_cli.cli.unit", "单位：党组织、工会、共青团、妇联、行政部门等。"),
    "meeting": ("dangqun_cli.cli.meeting", "会议：座谈会、联席会议、支委会等的记录与会议纪要。"),
    "opinion": (
        "dangqun_cli.cli.opinion",
        "意见建议：会上或其他渠道提出的意见，及其答复、采纳情况。",
    ),
    "rectify": ("dangqun_cli.cli.rectify", "整改台账：整改事项从立项、进展、延期到验收销号。"),
    "summary": ("dangqun_cli.cli.summary", "工作总结：按季度从记录生成，补写、定稿后导出 Word。"),
    "check": ("dangqun_cli.cli.check", "检查会议制度执行：各类会议应开几次、实开几次、是否达标。"),
    "rule": ("dangqun_cli.cli.rule", "会议制度要求：某类会议每月、每季度或每年至少召开几次。"),
    "status": (
        "dangqun_cli.cli.status",
        "今日概览：逾期、即将到期、待验收的事项和还须召开的会议。",
    ),
    "import": (
        "dangqun_cli.cli.transfer",
        "导入台账：CSV（UTF-8 或 GBK）或 XLSX，逐行检查，全部正确才写入。",
    ),
    "export": ("dangqun_cli.cli.transfer", "导出台账：CSV、XLSX 或 JSON。"),
    "undo": (
        "dangqun_cli.cli.undo",
        "撤销当前操作人的上一条命令（需确认；撤销本身记入操作记录）。\n\n"
        "先列出那条命令改动的每条记录：新建的将被删除，删除的将被恢复（编号不变），"
        "修改的将改回原样。此后有其他命令改动过这些记录、要删除的记录已被别的记录用到、"
        "或那条命令是导入时，不撤销并说明原因。撤销不能再撤销（撤销不会重做）。",
    ),
    "log": ("dangqun_cli.cli.log", "查看操作记录（最新的在前）；log verify 检查其是否完整可信。"),
    "calendar": (
        "dangqun_cli.cli.calendar_file",
        "导出日历（.ics）：整改时限、回头看日期和即将召开的会议，导入手机或电脑日历。",
    ),
    "db": ("dangqun_cli.cli.db", "数据库：查看位置、升级结构、备份与恢复。"),
    "config": (
        "dangqun_cli.cli.config",
        "本单位的设置：单位名称、总结标题模板等（存在数据库里，改动记入操作记录）。",
    ),
}


def help_page() -> str:
    """The root's help page, as cli/help.py renders it from the Typer app (every option
    here is a flag or takes text, shows no default and is never required)."""
    options = [
        (
            f"{o.flag} {TEXT_VALUE}" if o.takes_value else o.flag,
            o.help + notes([envvar_note([o.envvar])] if o.envvar else []),
        )
        for o in OPTIONS.values()
    ]
    options.append(("--help", BUILT_IN_HELP["help"]))
    commands = [(name, short_help(text)) for name, (_, text) in SUB_APPS.items()]
    return page(
        "用法：dangqun [选项] 命令 [参数]...",
        DESCRIPTION,
        [("选项：", options), ("命令：", commands)],
        width=page_width(),
    )
