"""Ctrl-C: what it stops, and what the command then says (standard library only).

Before a command's work is done, Ctrl-C stops it: the KeyboardInterrupt unwinds every
``finally`` (transactions roll back, temporary files go) and the guard in ``cli/app.py``
says ``已中断，未做任何修改``. The step that completes the work — a commit, the rename
of a finished backup — runs inside :func:`completing`: Ctrl-C pressed during it waits
until the step has ended, and from then on an interrupt reports that the work was done
(``已中断；恢复已完成``) instead of claiming nothing changed.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

NOTHING_DONE = "已中断，未做任何修改"
SAVED = "此前的修改已保存"
RESTORED = "恢复已完成"
BACKED_UP = "备份已完成"

_done: list[str] = []  # what this command has completed, for the message


def reset() -> None:
    """A new command line: nothing done yet (tests run many in one process)."""
    _done.clear()


def message() -> tuple[str, bool]:
    """What to say about an interrupt now, and whether the command's work was done."""
    if _done:
        return f"已中断；{_done[-1]}", True
    return NOTHING_DONE, False


@contextmanager
def completing(what: str) -> Iterator[None]:
    """The block completes the command's work: Ctrl-C waits until it has ended; once it
    has, an interrupt (one pressed during the block included) reports ``what``."""
    with deferred():
        yield
        _done.append(what)


@contextmanager
def deferred() -> Iterator[None]:
    """Ctrl-C pressed during the block takes effect when it ends (a KeyboardInterrupt
    then), so that a step such as making a temporary file and remembering its name is
    never cut in two."""
    pressed: list[int] = []
    previous = _hold(pressed)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def _hold(pressed: list[int]):
    """Record SIGINT instead of raising it; the handler to put back, or None when
    nothing was changed (not the main thread, or SIGINT ignored as in a background job)."""
    try:
        current = signal.getsignal(signal.SIGINT)
        if current == signal.SIG_IGN:
            return None
        signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    except ValueError:  # signal handlers belong to the main thread
        return None
    return current if current is not None else signal.default_int_handler
