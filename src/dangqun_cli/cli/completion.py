"""``--install-completion`` and ``--show-completion``, saying what they did in Chinese.

The scripts themselves are Typer's (``typer.completion``); only the words are ours. The
shell is checked first, so Typer never gets to print its English refusal.
"""

from __future__ import annotations

import typer

from dangqun_cli.errors import DangqunError, os_reason

PROG = "dangqun"
COMPLETE_VAR = "_DANGQUN_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_HINT = "支持 bash、zsh、fish 和 PowerShell；也可用 --show-completion 显示脚本后自行安装"


def current_shell() -> str:
    import os

    import shellingham  # Typer's own dependency for the same question

    try:
        name = shellingham.detect_shell()[0].lower()
    except (shellingham.ShellDetectionFailure, RuntimeError, OSError):
        name = os.path.basename(os.environ.get("SHELL", "")).lower()
    if name not in SHELLS:
        shown = name or "未知"
        raise DangqunError(f"当前 shell（{shown}）不支持命令补全", _HINT)
    return name


def install() -> None:
    from typer.completion import install as typer_install

    shell = current_shell()
    try:
        _, path = typer_install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    except OSError as exc:
        raise DangqunError(f"无法安装 {shell} 的命令补全：{os_reason(exc)}", _HINT) from None
    typer.echo(f"已为 {shell} 安装命令补全：{path}", err=True)
    typer.echo("重新打开终端后生效。", err=True)


def show() -> None:
    from typer.completion import get_completion_script

    shell = current_shell()
    typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
