"""How a help page is laid out: usage line, description, sections of two aligned columns.

Kept apart from cli/help.py (which reads the rows from Typer's commands) and free of
Typer, so that the root page can be printed without importing Typer at all
(cli/launch.py): every page, the root's included, goes through ``page`` below.
"""

from __future__ import annotations

import shutil

from dangqun_cli.render.cells import cell_len as display_width
from dangqun_cli.render.wrap import wrap as _wrap

# Help for what Typer adds by itself.
BUILT_IN_HELP = {"help": "显示此帮助并退出。"}
TEXT_VALUE = "<文字>"  # the placeholder of an option that takes text
INDENT = 2
GAP = 2
NAME_MAX = 26  # a longer option column moves its description to the next line
WIDTH_MIN, WIDTH_MAX = 50, 120


def wrap(text: str, width: int) -> list[str]:
    return [line.rstrip() for line in _wrap(text, width)]


def page_width() -> int:
    return max(WIDTH_MIN, min(WIDTH_MAX, shutil.get_terminal_size((80, 24)).columns))


def envvar_note(names: list[str]) -> str:
    return "环境变量：" + "、".join(names)


def notes(words: list[str]) -> str:
    """What follows an option's help: its default, range, environment variable."""
    return f"（{'；'.join(words)}）" if words else ""


def short_help(text: str) -> str:
    """A command's line in its group's list: the first paragraph of its help."""
    return text.strip().split("\n\n")[0].replace("\n", "")


def rows(pairs: list[tuple[str, str]], width: int) -> list[str]:
    """Two aligned columns; the left measured in display cells (a CJK character is two)."""
    left = min(NAME_MAX, max((display_width(name) for name, _ in pairs), default=0))
    start = INDENT + left + GAP
    lines = []
    for name, text in pairs:
        head = " " * INDENT + name
        body = wrap(text, max(width - start, 20)) if text else []
        if display_width(name) > left and body:
            lines.append(head)
            head = ""
        for k, piece in enumerate(body or [""]):
            prefix = head if k == 0 else ""
            pad = start - display_width(prefix)
            lines.append((prefix + " " * pad + piece).rstrip())
    return lines


def page(
    usage: str,
    description: str | None,
    sections: list[tuple[str, list[tuple[str, str]]]],
    epilog: str | None = None,
    *,
    width: int,
) -> str:
    """The page: ``用法：…``, the description's paragraphs, each non-empty section under its
    heading, the epilog; no blank line at the end."""
    lines = [usage, ""]
    if description:
        import inspect  # only for cleandoc; a page without a description never needs it

        for paragraph in inspect.cleandoc(description).split("\n\n"):
            text = paragraph.replace("\n", "")
            lines += [" " * INDENT + piece for piece in wrap(text, width - INDENT)]
            lines.append("")
    for title, pairs in sections:
        if pairs:
            lines += [title, *rows(pairs, width), ""]
    if epilog:
        lines += wrap(epilog, width)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)
