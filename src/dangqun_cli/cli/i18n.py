"""Chinese for the words Typer and its vendored click print on their own.

Help headings and the help option come from click's formatter; usage errors are
exceptions whose English text we never show: :func:`usage_message` rebuilds each one in
Chinese from the exception's fields. Standard library and typer only.
"""

from __future__ import annotations

import re

import typer
import typer.core
from typer._click import decorators, exceptions, formatting

HELP_WORDS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已取消。",
}

COMPLETION_HELP = {
    "install_completion": "为当前 shell 安装命令补全。",
    "show_completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}


def _translate(message: str) -> str:
    return HELP_WORDS.get(message, message)


_installed = False


def install() -> None:
    """Make help pages Chinese (cheap: a few attribute assignments, no imports).

    Once per process: each call wraps click's functions, and tests call main() thousands
    of times."""
    global _installed
    if _installed:
        return
    _installed = True
    typer.core._ = _translate  # typer.core looks its headings up through gettext's "_"

    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage

    original_help_option = decorators.help_option

    def help_option(*param_decls, **kwargs):
        attach = original_help_option(*param_decls, **kwargs)

        def apply(command):
            result = attach(command)
            command.params[-1].help = "显示此帮助并退出。"
            return result

        return apply

    decorators.help_option = help_option


_METAVARS = {"text": "<文字>", "integer": "<整数>", "str": "<文字>", "int": "<整数>"}


def localise(command) -> None:
    """Chinese placeholders and help for what Typer adds by itself, through the whole tree."""
    command.options_metavar = "[选项]"
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = "命令 [参数]..."
    for param in command.params:
        if param.name in COMPLETION_HELP:
            param.help = COMPLETION_HELP[param.name]
        if param.param_type_name == "option" and not getattr(param, "is_flag", False):
            word = getattr(param.type, "name", "")
            if param.metavar is None and word in _METAVARS:
                param.metavar = _METAVARS[word]
    for sub in getattr(command, "commands", {}).values():
        localise(sub)


def _param_name(exc: exceptions.BadParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return " / ".join(hint) if not isinstance(hint, str) else hint
    param = exc.param
    if param is None:
        return ""
    if getattr(param, "opts", None) and param.param_type_name == "option":
        return " / ".join(param.opts)
    return param.metavar or (param.name or "").upper()


_TYPE_WORDS = {"integer": "整数", "float": "数字", "boolean": "是或否", "int": "整数"}


# Typer validates values with pydantic; its messages, and click's own, in Chinese.
_VALUE_MESSAGES = [
    (r"Input should be a valid integer", "应为整数"),  # typer 0.29+
    (r"Input should be a valid number", "应为数字"),
    (r"Input should be a valid boolean", "应为是或否"),
    (r"Input should be greater than or equal to (\S+?)\.?$", "应不小于 {0}"),
    (r"Input should be less than or equal to (\S+?)\.?$", "应不大于 {0}"),
    (r"Input should be greater than (\S+?)\.?$", "应大于 {0}"),
    (r"Input should be less than (\S+?)\.?$", "应小于 {0}"),
]


def _range(value: str, spec: str) -> str:
    both = re.fullmatch(r"(\S+?)<=?x<=?(\S+)", spec)
    if both:
        return f"“{value}”应在 {both.group(1)} 到 {both.group(2)} 之间"
    one = re.fullmatch(r"x(>=|>|<=|<)(\S+)", spec)
    if one:
        words = {">=": "应不小于", ">": "应大于", "<=": "应不大于", "<": "应小于"}
        return f"“{value}”{words[one.group(1)]} {one.group(2)}"
    return f"“{value}”超出范围 {spec}"


def _bad_value(message: str) -> str:
    m = re.match(r"'?(.*?)'? is not in the range (\S+?)\.?$", message)
    if m:
        return _range(*m.groups())
    for pattern, chinese in _VALUE_MESSAGES:
        m = re.search(pattern, message)
        if m:
            return chinese.format(*m.groups())
    m = re.match(r"'?(.*?)'? is not a valid (\w+)", message)
    if m:
        return f"“{m.group(1)}”不是有效的{_TYPE_WORDS.get(m.group(2), m.group(2))}"
    m = re.match(r"'?(.*?)'? is not one of (.*)\.", message)
    if m:
        return f"“{m.group(1)}”不在可选值中（{m.group(2)}）"
    m = re.match(r"Value '?(.*?)'? is not a valid (\w+)", message)
    if m:
        return f"“{m.group(1)}”不是有效的{_TYPE_WORDS.get(m.group(2), m.group(2))}"
    return message


def usage_message(exc: exceptions.ClickException) -> str:
    """One Chinese line for a usage error that click raised in English."""
    text = exc.message
    if isinstance(exc, exceptions.MissingParameter):
        kind = "选项" if exc.param is not None and exc.param.param_type_name == "option" else "参数"
        return f"缺少{kind} {_param_name(exc)}"
    if isinstance(exc, exceptions.NoSuchOption):
        if re.fullmatch(r"-\d+", exc.option_name or ""):
            return f"“{exc.option_name}”不是有效的编号：编号是正整数"
        line = f"没有这个选项：{exc.option_name}"
        if exc.possibilities:
            line += "（是不是：" + "、".join(sorted(exc.possibilities)) + "？）"
        return line
    if isinstance(exc, exceptions.BadParameter):
        name = _param_name(exc)
        return f"{name} 的值无效：{_bad_value(text)}" if name else f"值无效：{_bad_value(text)}"
    if isinstance(exc, exceptions.BadOptionUsage):
        m = re.match(r"Option '(.+?)' requires (an argument|\d+ arguments)", text)
        if m:
            return f"选项 {m.group(1)} 需要一个值"
        return f"选项 {exc.option_name} 用法有误"
    m = re.match(r"No such command '(.+)'\.", text)
    if m:
        return f"没有这个命令：{m.group(1)}"
    if text.startswith("Missing command"):
        return "缺少命令"
    m = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", text)
    if m:
        return f"多余的参数：{m.group(1)}"
    m = re.match(r"Option '(.+?)' does not take a value", text)
    if m:
        return f"选项 {m.group(1)} 不接受值"
    if isinstance(exc, exceptions.FileError):
        return f"无法打开文件 {exc.ui_filename}"
    return f"用法有误：{text}"


def help_hint(exc: exceptions.ClickException) -> str | None:
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    return f"用 {ctx.command_path} --help 查看用法"
