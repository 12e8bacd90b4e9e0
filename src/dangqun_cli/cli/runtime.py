"""What every command needs from the command line: the database, the operator, output."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import typer

from dangqun_cli import config


class Runtime:
    """The root options: --db and --as (a plain class: --help need not load dataclasses)."""

    def __init__(self, db: str | None = None, actor: str | None = None) -> None:
        self.db = db
        self.actor = actor

    @property
    def url(self) -> str:
        return config.to_url(config.db_target(self.db))


def runtime(ctx: typer.Context) -> Runtime:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Runtime) else Runtime()


def write(ctx: typer.Context, work, *, dry_run: bool = False):
    """One write transaction, audited under the operator's name (rolled back on a dry run):
    ``work(session)`` does the database work only and returns what the command prints
    afterwards. When PostgreSQL rolls the transaction back to break a deadlock or a
    serialization conflict, ``work`` runs again in a fresh one
    (:func:`dangqun_cli.database.transactions.run_unit_of_work`): so everything the
    secretary is asked comes before, and everything printed after, never twice."""
    from dangqun_cli.database.transactions import run_unit_of_work

    rt = runtime(ctx)
    url = rt.url
    new = new_database(url)
    result = run_unit_of_work(url, work, actor=config.actor(rt.actor), dry_run=dry_run)
    announce_new(new)
    return result


def new_database(url: str):
    """The SQLite file ``url`` names, when it does not exist yet: a write is about to make
    it (in a folder that exists, or refuses: ``database.sqlite_files.refuse_missing``)."""
    from dangqun_cli.database.addresses import sqlite_path

    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


def announce_new(path) -> None:
    """Say that a write made a new database file, so that a typo in --db is seen at once."""
    if path is not None and path.exists():
        say(f"已新建数据库 {path}")


@contextmanager
def reading(ctx: typer.Context):
    """A read transaction in plain SQL (:mod:`dangqun_cli.database.reader`): on SQLite
    through the standard library, without SQLAlchemy."""
    from dangqun_cli.database.reader import open_reader

    with open_reader(runtime(ctx).url) as reader:
        yield reader


@contextmanager
def core_reading(ctx: typer.Context):
    """A read-only SQLAlchemy Core connection, for the reads not yet in plain SQL."""
    from dangqun_cli.database.transactions import read_connection

    with read_connection(runtime(ctx).url) as conn:
        yield conn


def operator(ctx: typer.Context) -> str:
    """Who is acting: recorded as the author of notes and the default verifier."""
    return config.actor(runtime(ctx).actor)


def today():
    from dangqun_cli import dates

    return dates.today()


def print_new_id(record_id: int, what: str) -> None:
    """The bare id for scripts (``id=$(dangqun meeting add …)``), a sentence for people."""
    if sys.stdout.isatty():
        typer.echo(f"已添加{what}，编号 {record_id}")
    else:
        typer.echo(record_id)


def say(message: str) -> None:
    """A confirmation for people, on stderr so that stdout stays data (names and paths in
    it shown with their control characters made visible)."""
    from dangqun_cli.text import visible

    typer.echo(visible(message), err=True)


JSON_BATCH = 200  # rows of a list dumped and written at a time


def print_json(data) -> None:
    """``data`` as indented JSON, invisible characters escaped (text.json_visible). A list
    is written as its rows are dumped, a batch at a time, not built whole first: the same
    text as ``json.dumps(data, ensure_ascii=False, indent=2)``."""
    import json

    from dangqun_cli.text import json_visible

    if not isinstance(data, list) or not data:
        typer.echo(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    # In a list, each row is its own dump indented one level deeper: a string holds no
    # raw newline (json escapes it), so every newline of the dump starts a line.
    for start in range(0, len(data), JSON_BATCH):
        rows = data[start : start + JSON_BATCH]
        chunk = ",\n  ".join(
            json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ") for row in rows
        )
        head = "[\n  " if start == 0 else ",\n  "
        typer.echo(json_visible(head + chunk), nl=False)
    typer.echo("\n]")


def output(data, json_out: bool, view: str) -> None:
    """``--json`` prints the data; otherwise ``render.terminal.<view>`` draws it (rich is
    imported only then)."""
    if json_out:
        print_json(data)
    else:
        from dangqun_cli.render import terminal

        getattr(terminal, view)(data)


def note_more(shown: int, total: int) -> None:
    if total > shown:
        say(f"共 {total} 条，仅显示 {shown} 条；用 --limit N 或 --all 查看更多")


def limit_of(limit: int, show_all: bool) -> int | None:
    return None if show_all else limit


def new_app(help_text: str) -> typer.Typer:
    """Every sub-app alike: Chinese help, no pretty tracebacks, help when called bare."""
    from dangqun_cli.cli.help import Typer

    return Typer(help=help_text, no_args_is_help=True, add_completion=False)


def interactive() -> bool:
    """Prompt only when a person is there to answer."""
    return sys.stdin.isatty()


def read_text_file(path: str, what: str) -> str:
    """A UTF-8 text file, or standard input for ``-``; at most FILE_MAX bytes of either."""
    from dangqun_cli.errors import InvalidInput, os_reason
    from dangqun_cli.transfer.limits import read_bytes

    if path == "-":
        data = _stdin()
        try:
            return data.decode("utf-8-sig") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise InvalidInput(
                f"标准输入的{what}不是 UTF-8 编码", "请转换为 UTF-8 后重试"
            ) from None
    try:
        text = read_bytes(path, shown=f"{what}文件 {path}").decode("utf-8-sig")
        # as open() in text mode did: \r\n and a lone \r end a line too
        return text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise InvalidInput(f"找不到{what}文件：{path}", "请检查路径") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{what}文件不是 UTF-8 编码：{path}", "请另存为 UTF-8 后重试") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取{what}文件 {path}：{os_reason(exc)}", "请检查路径") from None


def _stdin() -> bytes | str:
    """Standard input, at most FILE_MAX bytes: ``< /dev/zero`` is refused, not read."""
    from dangqun_cli.transfer.limits import read_stream

    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    return read_stream(stream, "标准输入")


def prompt(question: str, check=None) -> str:
    """Ask until the answer passes ``check`` (the parser the command itself applies, so
    the rule has one home): a refused answer is told why, in one line, and asked again.
    Returns the answer as typed."""
    from dangqun_cli.errors import InvalidInput
    from dangqun_cli.text import visible

    while True:
        answer = typer.prompt(visible(question))
        if check is None:
            return answer
        try:
            check(answer)
        except InvalidInput as exc:
            typer.echo(visible(str(exc), multiline=False), err=True)
            continue
        return answer


def confirm(question: str) -> bool:
    from dangqun_cli.text import visible

    return typer.confirm(visible(question), default=False)


def confirmed(question: str, *, yes: bool, what: str = "删除") -> bool:
    """Whether to go on with something that removes or reverts records: ``--yes``, or a
    person at the terminal who answers yes; with neither, refused (``删除需要确认``)."""
    from dangqun_cli.errors import UsageError

    if yes:
        return True
    if not interactive():
        raise UsageError(f"{what}需要确认", "确认无误请加 --yes")
    return confirm(question)


def edit_text(text: str) -> str | None:
    """Open the editor on ``text``; None when the user closed it without saving. A buffer
    saved empty (or only blank) changes nothing: it is refused, never taken to delete."""
    from dangqun_cli.errors import InvalidInput

    edited = _edit(text)
    if edited is not None and not edited.strip():
        raise InvalidInput("编辑后的内容是空的，未做任何修改", "原来的内容保持不变")
    return edited


def plain_editor() -> str:
    """The editor used when neither VISUAL nor EDITOR is set: one a newcomer can use
    (never a surprise vi): notepad on Windows, nano elsewhere."""
    import os

    return "notepad" if os.name == "nt" else "nano"


def _edit(text: str) -> str | None:
    # Typer's vendored click has no edit(); this is the same idea with the stdlib.
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    from dangqun_cli.errors import DangqunError, InvalidInput

    hint = "请设置 EDITOR 环境变量，例如 export EDITOR=nano"
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = plain_editor()
        if not shutil.which(editor):
            raise DangqunError(f"没有设置 EDITOR，也找不到 {editor}", hint)
        say(f"用 {editor} 编辑（未设置 EDITOR；可设置 EDITOR 环境变量换用其他编辑器）")
    try:
        program = shlex.split(editor)[0]
    except (ValueError, IndexError):
        program = ""
    if not shutil.which(program):
        raise DangqunError(f"找不到编辑器“{editor}”", hint)
    fd, path = tempfile.mkstemp(suffix=".md", prefix="dangqun-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        before = os.stat(path).st_mtime_ns
        # Through the shell, as git and click do, so EDITOR may carry arguments ("code -w").
        status = subprocess.call(f'{editor} "{path}"', shell=True)
        if status != 0:
            raise DangqunError(f"编辑器 {editor} 异常退出（{status}）", "未保存任何修改")
        try:
            if os.stat(path).st_mtime_ns == before:
                return None
            with open(path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            raise DangqunError("编辑器删除了临时文件", "未保存任何修改") from None
        except OSError:
            raise DangqunError("编辑器没有留下可读的文件", "未保存任何修改") from None
        except UnicodeDecodeError:
            raise InvalidInput(
                "编辑后的文字不是 UTF-8 编码", "请把编辑器设为以 UTF-8 保存；未保存任何修改"
            ) from None
    finally:
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.exists(path):
            os.unlink(path)
