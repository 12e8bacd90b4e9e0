"""Chinese for the usage errors Typer raises in English.

A usage error is an exception whose English text we never show: :func:`usage_message`
rebuilds each one in Chinese from its public fields (``param``, ``option_name``,
``possibilities``, ``message``). The kind of error is known by its class name — click's
documented names (MissingParameter, NoSuchOption, …), which Typer keeps — so nothing of
Typer's private modules is imported. (The help pages are cli/help.py's.)
"""

from __future__ import annotations

import re


def _kinds(exc: Exception) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def is_help_page(exc: Exception) -> bool:
    """A group called without a command: Typer raises its help page as an error."""
    return "NoArgsIsHelpError" in _kinds(exc)


def _param_name(exc) -> str:
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


# Newer Typer validates values with pydantic, whose messages name neither the value nor
# the whole range; both are taken from the error's cause and the option's declaration.
_PYDANTIC_TYPES = [
    (r"Input should be a valid integer", "整数"),
    (r"Input should be a valid number", "数字"),
    (r"Input should be a valid boolean", "是或否"),
]
_PYDANTIC_BOUNDS = r"Input should be (?:greater|less) than"


def _range(value: str, spec: str) -> str:
    both = re.fullmatch(r"(\S+?)<=?x<=?(\S+)", spec)
    if both:
        return f"“{value}”应在 {both.group(1)} 到 {both.group(2)} 之间"
    one = re.fullmatch(r"x(>=|>|<=|<)(\S+)", spec)
    if one:
        words = {">=": "应不小于", ">": "应大于", "<=": "应不大于", "<": "应小于"}
        return f"“{value}”{words[one.group(1)]} {one.group(2)}"
    return f"“{value}”超出范围 {spec}"


def _typed(exc) -> str:
    """The value as typed, from a pydantic error behind the usage error (or "")."""
    errors = getattr(exc.__cause__, "errors", None)
    try:
        value = errors()[0].get("input") if callable(errors) else None
    except Exception:
        value = None
    return "" if value is None else str(value)


def _bounds_spec(exc) -> str:
    """The declared range of the parameter, written as click writes it (1<=x<=100000)."""
    from dangqun_cli.cli.help import declared_info

    ctx, param = getattr(exc, "ctx", None), getattr(exc, "param", None)
    info = declared_info(ctx.command, param.name) if ctx and param else None
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is not None and high is not None:
        return f"{low}<=x<={high}"
    return f"x>={low}" if low is not None else f"x<={high}" if high is not None else ""


def _pydantic(message: str, exc) -> str | None:
    value = _typed(exc)
    for pattern, word in _PYDANTIC_TYPES:
        if re.search(pattern, message):
            return f"“{value}”不是有效的{word}" if value else f"应为{word}"
    if re.search(_PYDANTIC_BOUNDS, message):
        spec = _bounds_spec(exc)
        if spec and value:
            return _range(value, spec)
    return None


def _bad_value(message: str, exc) -> str:
    m = re.match(r"'?(.*?)'? is not in the range (\S+?)\.?$", message)
    if m:
        return _range(*m.groups())
    chinese = _pydantic(message, exc)
    if chinese:
        return chinese
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


def usage_message(exc) -> str:
    """One Chinese line for a usage error that click raised in English."""
    text = exc.message
    kinds = _kinds(exc)
    if "MissingParameter" in kinds:
        kind = "选项" if exc.param is not None and exc.param.param_type_name == "option" else "参数"
        return f"缺少{kind} {_param_name(exc)}"
    if "NoSuchOption" in kinds:
        if re.fullmatch(r"-\d+", exc.option_name or ""):
            return f"“{exc.option_name}”不是有效的编号：编号是正整数"
        line = f"没有这个选项：{exc.option_name}"
        if exc.possibilities:
            line += "（是不是：" + "、".join(sorted(exc.possibilities)) + "？）"
        return line
    if "BadParameter" in kinds:
        name = _param_name(exc)
        return (
            f"{name} 的值无效：{_bad_value(text, exc)}"
            if name
            else f"值无效：{_bad_value(text, exc)}"
        )
    if "BadOptionUsage" in kinds:
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
    if "FileError" in kinds:
        return f"无法打开文件 {exc.ui_filename}"
    return f"用法有误：{text}"


def help_hint(exc) -> str | None:
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    return f"用 {ctx.command_path} --help 查看用法"
