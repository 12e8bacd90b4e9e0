"""The ``dangqun`` command: wires the sub-apps, holds the global options and the error guard.

Only typer and the standard library are imported here; each command imports the
database layer, rich and the rest when it runs, so ``dangqun --help`` stays fast.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import Annotated

import typer

from dangqun_cli import __version__, interrupts
from dangqun_cli.cli.launch import completing, forgiving_streams
from dangqun_cli.cli.root import DESCRIPTION, OPTIONS, SUB_APPS
from dangqun_cli.cli.runtime import Runtime
from dangqun_cli.errors import DangqunError, Interrupted

# Options of the root that take a value, to find the command word after them.
_VALUE_OPTIONS = {o.flag for o in OPTIONS.values() if o.takes_value}

_debug = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dangqun {__version__}")
        raise typer.Exit()


def _install_completion(value: bool) -> None:
    if value:
        from dangqun_cli.cli import completion

        completion.install()
        raise typer.Exit()


def _show_completion(value: bool) -> None:
    if value:
        from dangqun_cli.cli import completion

        completion.show()
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db_target: Annotated[
        str | None,
        typer.Option(
            OPTIONS["db"].flag,
            envvar=OPTIONS["db"].envvar,
            help=OPTIONS["db"].help,
            show_envvar=True,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            OPTIONS["actor"].flag, envvar=OPTIONS["actor"].envvar, help=OPTIONS["actor"].help
        ),
    ] = None,
    debug: Annotated[bool, typer.Option(OPTIONS["debug"].flag, help=OPTIONS["debug"].help)] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            OPTIONS["version"].flag, callback=_version, is_eager=True, help=OPTIONS["version"].help
        ),
    ] = None,
    install_completion: Annotated[
        bool,
        typer.Option(
            OPTIONS["install_completion"].flag,
            callback=_install_completion,
            is_eager=True,
            help=OPTIONS["install_completion"].help,
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            OPTIONS["show_completion"].flag,
            callback=_show_completion,
            is_eager=True,
            help=OPTIONS["show_completion"].help,
        ),
    ] = False,
) -> None:
    global _debug
    _debug = _debug or debug
    ctx.obj = Runtime(db=db_target, actor=actor)


def build(argv: list[str]) -> typer.Typer:
    """The root app with the named sub-app in full (when completing: the one the shell's
    words name, or all of them)."""
    import importlib

    from dangqun_cli.cli.help import Typer

    app = Typer(
        help=DESCRIPTION,
        no_args_is_help=True,
        add_completion=False,  # ours below, in Chinese
    )
    app.callback()(root)
    shell_asks = completing()
    if shell_asks:
        # Typer registers its shell classes only with its own completion options, which
        # the root replaces by Chinese ones (cli/completion.py).
        from typer.completion import completion_init

        completion_init()
    wanted = _completed_sub_app() if shell_asks else command_word(argv)
    for name, (module, help_text) in SUB_APPS.items():
        if name == wanted or (shell_asks and wanted is None):
            sub = importlib.import_module(module)
            if isinstance(getattr(sub, "app", None), typer.Typer):
                named = None if shell_asks else _next_word(argv)
                app.add_typer(_only(sub.app, named), name=name, help=help_text)
            else:
                command = getattr(sub, name, None) or getattr(sub, f"{name}_")  # import_
                app.command(name, help=help_text)(command)
        else:
            app.add_typer(Typer(), name=name, help=help_text)
    return app


def _only(sub_app: typer.Typer, command: str | None) -> typer.Typer:
    """The sub-app with just the named command (and its groups), when the command line
    names one of its commands: Typer reads every command's signature to build the group
    (12–17 ms for ``rectify``), and one command line runs one. Otherwise (the group's own
    page, a mistyped name) the whole sub-app."""
    import copy

    mine = [
        info
        for info in sub_app.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == command
    ]
    if not mine:
        return sub_app
    pruned = copy.copy(sub_app)  # the module's app stays whole for the next command line
    pruned.registered_commands = mine
    return pruned


def _next_word(argv: list[str]) -> str | None:
    """The word right after the sub-app's name: the command of the sub-app, if any."""
    at = _command_index(argv)
    following = argv[at + 1] if at is not None and at + 1 < len(argv) else "-"
    return None if following.startswith("-") else following


def _completed_sub_app() -> str | None:
    """The sub-app of the line the shell is completing, when its words name one in full
    (bash passes them in COMP_WORDS; Typer's zsh, fish and PowerShell scripts in
    _TYPER_COMPLETE_ARGS): only its module is loaded. None (a word still being typed, or
    words this cannot read) loads them all, as before."""
    import shlex

    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(line)
    except ValueError:  # a quote still open
        words = line.split()
    word = command_word(words[1:])
    return word if word in SUB_APPS else None


def command_word(argv: list[str]) -> str | None:
    """The first word after the root's own options: the sub-app to load."""
    at = _command_index(argv)
    return None if at is None else argv[at]


def _command_index(argv: list[str]) -> int | None:
    skip = False
    for at, word in enumerate(argv):
        if skip:
            skip = False
        elif word in _VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            return at
    return None


def _not_utf8(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _error(message: str, hint: str | None = None) -> None:
    """One line on stderr; what the user typed is quoted with its control characters,
    newlines included, made visible."""
    from dangqun_cli.text import visible

    line = f"错误：{message}" + (f"（{hint}）" if hint else "")
    typer.echo(visible(line, multiline=False), err=True)


def _interrupted(message: str, done: bool, *, process: bool) -> None:
    """Say how an interrupted command ended. In a process of its own (``process``) a
    second Ctrl-C is ignored first: raised in the middle of the line it would end the
    process by the signal (exit -2) with the line, and the exit code, half given."""
    if process:
        _ignore_ctrl_c()
    typer.echo("", err=True)  # off the line where the terminal echoed ^C
    if done:
        typer.echo(message, err=True)  # the work was done: not an error
    else:
        _error(message)


def _stop_cleanly(command) -> None:
    """Typer turns a KeyboardInterrupt raised inside a command into ``Exit(130)`` and,
    with ``standalone_mode=False``, returns 130 without a word (typer/core.py ``_main``:
    ``except KeyboardInterrupt: raise Exit(130)``, then ``except Exit: return
    e.exit_code``). So every command's callback (click's public ``Command.callback``)
    turns it into :class:`Interrupted` on its way out, which Typer lets through."""
    import functools

    callback = command.callback
    if callback is not None:

        @functools.wraps(callback)
        def stop_cleanly(*args, **kwargs):
            try:
                return callback(*args, **kwargs)
            except KeyboardInterrupt:
                text, done = interrupts.message()
                raise Interrupted(text, done=done) from None

        command.callback = stop_cleanly
    for sub in getattr(command, "commands", {}).values():
        _stop_cleanly(sub)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure becomes one Chinese line on stderr and an exit code."""
    from dangqun_cli.cli import i18n

    global _debug
    _debug = os.environ.get("DANGQUN_DEBUG", "") not in ("", "0")
    forgiving_streams()
    args = sys.argv[1:] if argv is None else list(argv)
    if any(_not_utf8(a) for a in args):
        # Bytes that are not UTF-8 arrive as lone surrogates (a GBK terminal, say).
        _error("命令行里有不是 UTF-8 编码的文字", "请把终端的编码设为 UTF-8 后重试")
        sys.exit(1)
    code = 0
    interrupts.reset()
    if argv is None:
        _collect_rarely()
    try:
        command = typer.main.get_command(build(args))
        _stop_cleanly(command)
        result = command.main(args=args, prog_name="dangqun", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer's word for a KeyboardInterrupt outside any command (parsing)
            _interrupted(*interrupts.message(), process=argv is None)
    except Interrupted as exc:
        _interrupted(exc.message, exc.done, process=argv is None)
        code = exc.exit_code
    except DangqunError as exc:
        if _debug:
            raise
        _error(exc.message, exc.hint)
        code = exc.exit_code
    except typer.TyperException as exc:  # click's usage errors, as Typer raises them
        if i18n.is_help_page(exc):  # a group called bare
            typer.echo(exc.ctx.get_help())
            code = 0
        else:
            _error(i18n.usage_message(exc), i18n.help_hint(exc))
            code = exc.exit_code
    except (typer.Abort, EOFError):
        typer.echo("", err=True)
        _error("已取消输入，未做任何修改")
        code = 1
    except KeyboardInterrupt:
        _interrupted(*interrupts.message(), process=argv is None)
        code = 130
    except BrokenPipeError:
        # The reader went away (``dangqun … | head``): not an error worth a message.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        code = 1
    except Exception as exc:
        if _debug:
            raise
        _error(
            f"内部错误：{type(exc).__name__}",
            "这是 dangqun 的缺陷；设置 DANGQUN_DEBUG=1 可查看详情",
        )
        code = 1
    if argv is None:
        # The command has ended: a Ctrl-C while Python shuts down could only kill the
        # process by the signal (exit -2, no word) after its work and its message.
        _ignore_ctrl_c()
    sys.exit(code)


def _collect_rarely() -> None:
    """A command's start makes a few hundred thousand objects (SQLAlchemy's and the
    models', for a write) and throws almost none away. At Python's default threshold (700
    new objects) the cycle collector walks them again and again: about a tenth of a write's
    start. Every 100,000 new objects instead: a long run still has its cycles freed."""
    gc.set_threshold(100_000, 10, 10)


def _ignore_ctrl_c() -> None:
    """From here on Ctrl-C does nothing: the command has ended and says how.
    signal.signal() first runs a Ctrl-C that is still pending, which raises here; the
    command is past it, so it is dropped.

    SIGINT is also blocked: ignoring alone is undone when Python shuts down (it puts the
    default action back for a signal whose handler was a Python one, and a ``finally``
    run then may restore ``default_int_handler``), and a Ctrl-C in that window killed
    the process by the signal (exit -2) after its line was printed. A blocked signal
    is never delivered, and one left pending dies with the process."""
    for _ in range(3):
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            break
        except KeyboardInterrupt:
            continue
    if hasattr(signal, "pthread_sigmask") and hasattr(signal, "SIG_BLOCK"):  # not Windows
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
