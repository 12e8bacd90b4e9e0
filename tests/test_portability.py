"""Windows, where most secretaries work: no POSIX-only call without a fallback.

CI runs on Linux; these tests keep the code honest about the rest. A POSIX-only name of
``os`` or ``signal``, or a POSIX-only module, may appear in the source only behind a
``hasattr`` check or through ``getattr`` with a default; and a command run in a Python
that lacks them (as on Windows) works.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "dangqun_cli"

POSIX_OS = {
    "register_at_fork", "fork", "forkpty", "O_NONBLOCK", "O_NOCTTY", "O_NOFOLLOW",
    "O_DIRECTORY", "O_CLOEXEC", "getuid", "geteuid", "getgid", "getegid", "setsid",
    "killpg", "getpgid", "setpgrp", "mkfifo", "getloadavg", "sync", "nice", "chown",
    "lchown", "statvfs", "pipe2", "posix_spawn", "sched_getaffinity", "ttyname",
    "openpty", "WNOHANG", "getpwuid",
}  # fmt: skip
PORTABLE_SIGNALS = {"SIGINT", "SIGTERM", "SIG_IGN", "SIG_DFL", "SIGABRT", "SIGFPE", "SIGILL"}
POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "syslog", "posix"}

pytestmark = pytest.mark.no_database


def _unguarded(tree: ast.AST) -> list[str]:
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def guarded(node: ast.AST, name: str) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.If) and any(
                isinstance(c, ast.Call)
                and getattr(c.func, "id", "") == "hasattr"
                and any(isinstance(a, ast.Constant) and a.value == name for a in c.args)
                for c in ast.walk(node.test)
            ):
                return True
        return False

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module, name = node.value.id, node.attr
            posix = (module == "os" and name in POSIX_OS) or (
                module == "signal" and name.startswith("SIG") and name not in PORTABLE_SIGNALS
            )
            if posix and not guarded(node, name):
                found.append(f"{module}.{name} (line {node.lineno})")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            found += [f"import {n} (line {node.lineno})" for n in names if n in POSIX_MODULES]
    return found


def test_no_posix_only_call_without_a_fallback():
    problems = {
        str(path.relative_to(SRC)): bad
        for path in sorted(SRC.rglob("*.py"))
        if (bad := _unguarded(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert not problems, problems


def test_the_checker_sees_an_unguarded_call():
    assert _unguarded(ast.parse("import os\nos.register_at_fork(after_in_child=f)\n"))
    assert _unguarded(ast.parse("import fcntl\n"))
    guarded = 'if hasattr(os, "register_at_fork"):\n    os.register_at_fork(after_in_child=f)\n'
    assert not _unguarded(ast.parse(guarded))


def test_commands_run_without_the_posix_only_names(tmp_path):
    """As on Windows: os has no fork, register_at_fork, O_NONBLOCK or O_NOCTTY."""
    script = textwrap.dedent(
        """
        import os, sys
        for name in ("fork", "register_at_fork", "O_NONBLOCK", "O_NOCTTY"):
            if hasattr(os, name):
                delattr(os, name)
        from dangqun_cli.cli.app import main
        try:
            main(sys.argv[1:])
        except SystemExit as exc:
            sys.exit(exc.code)
        """
    )
    db = tmp_path / "台账.db"
    env = {**os.environ, "DANGQUN_DB": str(db), "DANGQUN_USER": "李书记"}
    for args in (
        ["unit", "add", "桃花山镇小学党支部"],
        ["export", "items", "--format", "csv", "--output", str(tmp_path / "台账.csv")],
        ["unit", "list"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "台账.csv").exists()


def test_a_console_that_cannot_show_a_character_does_not_end_the_command(tmp_path):
    """A Windows console in GBK: a unit name outside GBK is shown with a replacement."""
    db = tmp_path / "台账.db"
    env = {**os.environ, "DANGQUN_DB": str(db), "PYTHONIOENCODING": "gbk", "PYTHONUTF8": "0"}
    cmd = [sys.executable, "-m", "dangqun_cli"]
    subprocess.run([*cmd, "unit", "add", "Écoles联盟🎓"], env=env, check=True, capture_output=True)
    done = subprocess.run([*cmd, "unit", "list"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "联盟".encode("gbk") in done.stdout
