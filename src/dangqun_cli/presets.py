"""会议制度方案 (rule presets): the sets of cadence rules an organisation chooses from.

A new database has no cadence rules; a 党支部 chooses 三会一课, a street office its
联席会议制度, and ``dangqun rule preset apply NAME`` adds the chosen set through the same
service as ``rule add``. This table is the one home of what each preset holds, and of
the sentence that tells a secretary how to set rules when there are none.

Standard library only (with ``enums``), so completion and help need no database layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangqun_cli.enums import MeetingKind, Per
from dangqun_cli.errors import InvalidInput
from dangqun_cli.text import short


@dataclass(frozen=True)
class Preset:
    """One preset: its name (what ``apply`` takes), what it is, and its rules."""

    name: str
    about: str
    rules: tuple[tuple[MeetingKind, int, Per], ...]  # (kind, at least, per)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "三会一课",
            "党支部的“三会一课”制度",
            (
                (MeetingKind.branch_congress, 1, Per.quarter),
                (MeetingKind.branch_committee, 1, Per.month),
                (MeetingKind.group, 1, Per.month),
                (MeetingKind.lecture, 1, Per.quarter),
            ),
        ),
        Preset(
            "联席会议制度",
            "党建（党政工团）联席会议制度",
            ((MeetingKind.joint, 2, Per.month),),
        ),
        Preset(
            "主题党日",
            "每月固定一天开展主题党日活动",
            ((MeetingKind.party_day, 1, Per.month),),
        ),
    )
}

# Other ways people write the same names.
ALIASES = {"三会一课制度": "三会一课", "联席会议": "联席会议制度", "主题党日制度": "主题党日"}

NAMES = "、".join(PRESETS)


def no_rules(unit: str | None = None) -> str:
    """What ``status``, ``check``, ``rule list`` and the summary say when no rule applies:
    how to set some (for ``unit`` when one is named)."""
    if unit is None:
        return (
            "尚未设定会议制度要求；可用 dangqun rule preset apply 三会一课"
            f"（可选方案：{NAMES}）或 dangqun rule add 设定"
        )
    return (
        f"尚未设定适用于{unit}的会议制度要求；可用 dangqun rule preset apply 三会一课 "
        f"--unit {unit}（可选方案：{NAMES}）或 dangqun rule add --unit {unit} 设定"
    )


def rule_text(kind: MeetingKind, min_count: int, per: Per) -> str:
    """One rule in words: 支委会每月不少于1次."""
    return f"{kind.label}{per.label}不少于{min_count}次"


def find(name: str) -> Preset:
    """The preset called ``name`` (or an alias of it); refuse anything else, listing them."""
    word = name.strip()
    found = PRESETS.get(ALIASES.get(word, word))
    if found is None:
        what = f"没有名为“{short(name)}”的制度方案" if word else "制度方案名称不能为空"
        raise InvalidInput(what, f"可用：{NAMES}；用 dangqun rule preset list 查看各方案的要求")
    return found


def complete(incomplete: str) -> list[str]:
    """Preset names for shell completion."""
    return [n for n in PRESETS if n.startswith(incomplete)]
