"""Every command has Chinese help and is in the README's command reference."""

from __future__ import annotations

import re

import pytest
import typer

from dangqun_cli.cli.app import build
from dangqun_cli.cli.root import SUB_APPS
from tests.conftest import REPO

pytestmark = pytest.mark.no_database  # nothing here opens the test database

CJK = re.compile(r"[\u4e00-\u9fff]")


def all_commands():
    """Every leaf command; build() loads only the sub-app it is named, so load each in turn."""
    for name in SUB_APPS:
        root = typer.main.get_command(build([name]))
        sub = root.commands[name]
        leaves = getattr(sub, "commands", None)
        if leaves:
            for leaf_name, leaf in leaves.items():
                yield f"{name} {leaf_name}", leaf
        else:
            yield name, sub


def test_every_command_has_chinese_help_and_is_documented():
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    seen = 0
    for path, command in all_commands():
        seen += 1
        assert command.help and CJK.search(command.help), f"{path}: no Chinese help"
        group, _, leaf = path.partition(" ")
        pattern = rf"^{group} .*\b{leaf}\b" if leaf else rf"^{group}\b"
        assert re.search(pattern, readme, re.M), f"{path} is not in the README"
        for param in command.params:
            if param.name != "help" and param.param_type_name == "option":
                assert param.help and CJK.search(param.help), f"{path} {param.opts}: no help"
    assert seen >= 15
