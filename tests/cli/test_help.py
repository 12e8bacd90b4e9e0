"""Every help page, at 80 and 120 columns, as a secretary reads it.

The pages are kept as a snapshot (tests/snapshots/help.txt; regenerate with
DANGQUN_UPDATE_SNAPSHOTS=1 after a deliberate change and read the diff), and each one is
checked against the rules a reader sees: Chinese headings and words, full-width
punctuation, columns aligned by display width, required values marked, lines that fit,
English keys and numbers whole, no line starting with closing punctuation.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len as display_width

from dangqun_cli.cli import root
from dangqun_cli.cli.app import build
from dangqun_cli.cli.root import SUB_APPS
from dangqun_cli.render.wrap import CLOSING
from tests.helpers import ok

pytestmark = pytest.mark.no_database

SNAPSHOT = Path(__file__).parent.parent / "snapshots" / "help.txt"
WIDTHS = (80, 120)


def _walk(command, path):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, [*path, name])


def all_commands() -> list[tuple[list[str], object]]:
    found = {(): typer.main.get_command(build([]))}
    for name in SUB_APPS:
        root = typer.main.get_command(build([name]))
        for path, command in _walk(root.commands[name], [name]):
            found[tuple(path)] = command
    return [(list(path), command) for path, command in found.items()]


COMMANDS = all_commands()


def page(path: list[str], width: int, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    return ok(*path, "--help").out


def test_every_page_matches_the_snapshot(monkeypatch):
    pages = []
    for width in WIDTHS:
        for path, _ in COMMANDS:
            title = " ".join(["dangqun", *path, "--help"])
            pages.append(f"===== {title}（{width} 列）\n{page(path, width, monkeypatch)}")
    text = "\n".join(pages)
    if os.environ.get("DANGQUN_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), lineterm=""))
    assert text == expected, f"help pages changed (DANGQUN_UPDATE_SNAPSHOTS=1 to accept):\n{diff}"


ENGLISH = re.compile(
    r"Usage|Options|Commands|Arguments|Show this|\bdefault\b|\brequired\b|env var|dynamic"
    r"|<=|>=|\bTEXT\b|\bINTEGER\b|\[x\]"
)
ROW = re.compile(r"^(  \S.*?)( {2,})(\S.*)$")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=["-".join(path) or "root" for path, _ in COMMANDS]
)
def test_page_obeys_the_rules(path, command, width, monkeypatch):
    text = page(path, width, monkeypatch)
    lines = text.splitlines()
    assert lines[0].startswith("用法：dangqun")
    assert not ENGLISH.search(text), text
    headings = [line for line in lines if line and not line.startswith(" ")]
    for heading in headings[1:]:
        assert heading in ("参数：", "选项：", "命令："), heading
    for line in lines:
        assert display_width(line) <= width, line
        assert not line.strip() or line.strip()[0] not in CLOSING, line
    # descriptions of one section start in one column, counted in display cells
    columns = {}
    section = None
    for line in lines:
        if line in ("参数：", "选项：", "命令："):
            section = line
        m = ROW.match(line)
        if section and m:
            columns.setdefault(section, set()).add(display_width(m.group(1) + m.group(2)))
    for section, starts in columns.items():
        assert len(starts) == 1, f"{section} misaligned: {starts}\n{text}"
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        name = param.opts[0] if param.param_type_name == "option" else param.metavar
        row = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}"))
        described = "".join(lines[row : row + 6])
        if param.required:
            assert "必填" in described, (name, text)
        # every English key and number of the help text is shown whole on one line
        for word in re.findall(r"[A-Za-z0-9_]{2,}", getattr(param, "help", None) or ""):
            assert any(word in line for line in lines), (word, text)


@pytest.mark.parametrize("width", [None, *range(40, 131, 9)])
def test_the_root_page_printed_without_typer_is_the_one_typer_renders(width, monkeypatch):
    """``dangqun --help`` and a bare ``dangqun`` are answered from cli/root.py's data
    without Typer (cli/launch.py); the page is the one the Typer app itself renders."""
    if width is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(width))
    command = typer.main.get_command(build([]))
    rendered = command.get_help(typer.Context(command, info_name="dangqun"))
    assert root.help_page() == rendered
    assert ok("--help").out == ok().out == rendered + "\n"


def test_a_group_called_bare_shows_its_page(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert ok("rectify").out == page(["rectify"], 80, monkeypatch)


def test_no_private_typer_module_is_touched():
    """Typer's vendored click and its private modules change between releases (0.29 broke
    the old patching): only Typer's public names are used."""
    src = Path(__file__).parent.parent.parent / "src" / "dangqun_cli"
    private = re.compile(r"typer\._|_click\b|typer\.core\._\b")
    found = [
        f"{path.relative_to(src)}:{n}"
        for path in sorted(src.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert not found, found
