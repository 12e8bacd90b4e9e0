"""The help pages, written in Chinese by dangqun itself.

Typer's own help speaks English in its headings, defaults and ranges, and lays columns out
by character count, so CJK descriptions drift. Every command and group here is of the
classes below (Typer's documented ``cls=`` hook), whose ``get_help`` — click's public
method behind ``--help`` and a bare group — renders the page from what the command
declares: its parameters' names, help, required flag and the ``typer.Option`` metadata of
its function. Nothing of Typer's internals is patched or read.
"""

from __future__ import annotations

import inspect
import typing

import typer
import typer.core
import typer.models

from dangqun_cli.cli.help_layout import (
    BUILT_IN_HELP,
    TEXT_VALUE,
    envvar_note,
    notes,
    page,
    page_width,
    short_help,
)


class HelpCommand(typer.core.TyperCommand):
    def get_help(self, ctx) -> str:
        return render(self, ctx)


class HelpGroup(typer.core.TyperGroup):
    def get_help(self, ctx) -> str:
        return render(self, ctx)


class Typer(typer.Typer):
    """A Typer app whose groups and commands print the Chinese help."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cls", HelpGroup)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", HelpCommand)
        return super().command(*args, **kwargs)


def _declared(command) -> tuple[dict, dict]:
    """Each parameter's declared type and ``typer.Option``/``Argument`` info, and its
    default, read from the command's function (empty when it cannot be read)."""
    callback = getattr(command, "callback", None)
    if callback is None:
        return {}, {}
    function = inspect.unwrap(callback)
    try:
        hints = typing.get_type_hints(function, include_extras=True)
        defaults = {
            name: p.default
            for name, p in inspect.signature(function).parameters.items()
            if p.default is not inspect.Parameter.empty
        }
    except Exception:  # a help page is never worth a crash
        return {}, {}
    return hints, defaults


def _info(hint) -> tuple[object, typer.models.ParameterInfo | None]:
    """The declared type (the X of ``X | None``, ``list[X]``) and its ``typer.Option``."""
    metadata = getattr(hint, "__metadata__", ())
    info = next((m for m in metadata if isinstance(m, typer.models.ParameterInfo)), None)
    base = typing.get_args(hint)[0] if metadata else hint
    while len(args := [a for a in typing.get_args(base) if a is not type(None)]) == 1:
        base = args[0]
    return base, info


def declared_info(command, name: str) -> typer.models.ParameterInfo | None:
    """The ``typer.Option``/``typer.Argument`` a parameter was declared with."""
    hints, _ = _declared(command)
    return _info(hints.get(name))[1]


def _placeholder(base) -> str:
    if base is int:
        return "<整数>"
    if base is float:
        return "<数字>"
    return TEXT_VALUE


def _default_text(value) -> str:
    value = getattr(value, "value", value)  # an Enum shows its value
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def _extras(param, info, default) -> str:
    words = []
    show_default = getattr(info, "show_default", True) if info is not None else True
    flag = getattr(param, "is_flag", False)
    if (
        show_default is not False
        and not flag
        and default not in (None, False, "", (), [])
        and not callable(default)
    ):
        words.append(f"默认：{_default_text(default)}")
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is not None and high is not None:
        words.append(f"可填 {low}～{high}")
    elif low is not None:
        words.append(f"不小于 {low}")
    elif high is not None:
        words.append(f"不大于 {high}")
    if info is not None and info.show_envvar and info.envvar:
        names = info.envvar if isinstance(info.envvar, list) else [info.envvar]
        words.append(envvar_note(names))
    return notes(words)


def _required(param) -> str:
    """First, where the eye lands, and never cut in two by a line break."""
    return "（必填）" if getattr(param, "required", False) else ""


def _option_row(param, hints, defaults) -> tuple[str, str]:
    base, info = _info(hints.get(param.name))
    names = " / ".join([*param.opts, *getattr(param, "secondary_opts", [])])
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        names += " " + (param.metavar or _placeholder(base))
    text = BUILT_IN_HELP.get(param.name) or getattr(param, "help", None) or ""
    return names, _required(param) + text + _extras(param, info, defaults.get(param.name))


def _argument_row(param, hints) -> tuple[str, str]:
    _base, info = _info(hints.get(param.name))
    text = getattr(param, "help", None) or (getattr(info, "help", None) or "")
    return _metavar(param), _required(param) + text


def _metavar(param) -> str:
    name = param.metavar or (param.name or "").upper()
    many = "..." if param.nargs == -1 else ""
    return f"{name}{many}" if param.required else f"[{name}{many}]"


def _usage(command, ctx) -> str:
    pieces = [ctx.command_path, "[选项]"]
    pieces += [_metavar(p) for p in command.get_params(ctx) if p.param_type_name == "argument"]
    if isinstance(command, typer.core.TyperGroup):
        pieces.append("命令 [参数]...")
    return "用法：" + " ".join(pieces)


def render(command, ctx) -> str:
    hints, defaults = _declared(command)
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_argument_row(p, hints) for p in params if p.param_type_name == "argument"]
    options = [_option_row(p, hints, defaults) for p in params if p.param_type_name == "option"]
    commands = []
    if isinstance(command, typer.core.TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                commands.append((name, short_help(sub.short_help or sub.help or "")))
    sections = [("参数：", arguments), ("选项：", options), ("命令：", commands)]
    return page(_usage(command, ctx), command.help, sections, command.epilog, width=page_width())
