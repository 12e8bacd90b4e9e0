"""The closed vocabularies: ASCII keys stored and printed in JSON, Chinese labels shown.

Standard library only, so the CLI can build its help and completions without loading
the database layer. Each enum accepts its key, its Chinese label or an alias.
"""

from __future__ import annotations

from enum import StrEnum

from dangqun_cli.errors import InvalidInput
from dangqun_cli.text import short


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members carry a Chinese label (``LABELS``) and aliases."""

    @property
    def label(self) -> str:
        return _LABELS[type(self)][self]

    @classmethod
    def parse(cls, text: str, *, what: str) -> LabelledEnum:
        """Accept the ASCII key, the Chinese label or an alias; refuse anything else."""
        word = text.strip()
        lookup = _lookup(cls)
        found = lookup.get(word) or lookup.get(word.lower())
        if found is None:
            accepted = "、".join(f"{m.label}({m.value})" for m in cls)
            if not word:
                raise InvalidInput(f"{what}不能为空", f"可用：{accepted}")
            raise InvalidInput(f"无法识别的{what}“{short(text)}”", f"可用：{accepted}")
        return found

    @classmethod
    def choices(cls) -> list[str]:
        """Every accepted word, for shell completion."""
        return [w for m in cls for w in (m.value, m.label)]


class UnitKind(LabelledEnum):
    party = "party"
    union = "union"
    league = "league"
    women = "women"
    admin = "admin"
    other = "other"


class MeetingKind(LabelledEnum):
    symposium = "symposium"
    joint = "joint"
    office = "office"
    review = "review"
    branch_congress = "branch_congress"
    branch_committee = "branch_committee"
    group = "group"
    lecture = "lecture"
    party_day = "party_day"
    other = "other"


class OpinionState(LabelledEnum):
    pending = "pending"
    rectifying = "rectifying"
    answered = "answered"
    declined = "declined"


class ItemState(LabelledEnum):
    """The stored state of a rectification item; 逾期 (overdue) is derived, never stored."""

    open = "open"
    in_progress = "in_progress"
    submitted = "submitted"
    closed = "closed"


class Per(LabelledEnum):
    """How often a cadence rule counts: 每月、每季度、每年."""

    month = "month"
    quarter = "quarter"
    year = "year"


class SummaryState(LabelledEnum):
    draft = "draft"
    final = "final"


class DayPart(LabelledEnum):
    """A part of the day given without an hour (``2010年9月6日下午``)."""

    early = "early"
    morning = "morning"
    noon = "noon"
    afternoon = "afternoon"
    evening = "evening"


_LABELS: dict[type, dict] = {
    UnitKind: {
        UnitKind.party: "党组织",
        UnitKind.union: "工会",
        UnitKind.league: "共青团",
        UnitKind.women: "妇联",
        UnitKind.admin: "行政",
        UnitKind.other: "其他",
    },
    MeetingKind: {
        MeetingKind.symposium: "座谈会",
        MeetingKind.joint: "联席会议",
        MeetingKind.office: "办公会议",
        MeetingKind.review: "总结会",
        MeetingKind.branch_congress: "支部党员大会",
        MeetingKind.branch_committee: "支委会",
        MeetingKind.group: "党小组会",
        MeetingKind.lecture: "党课",
        MeetingKind.party_day: "主题党日",
        MeetingKind.other: "其他",
    },
    OpinionState: {
        OpinionState.pending: "待处理",
        OpinionState.rectifying: "已转整改",
        OpinionState.answered: "已答复",
        OpinionState.declined: "不予采纳",
    },
    ItemState: {
        ItemState.open: "待整改",
        ItemState.in_progress: "整改中",
        ItemState.submitted: "待验收",
        ItemState.closed: "已销号",
    },
    Per: {Per.month: "每月", Per.quarter: "每季度", Per.year: "每年"},
    SummaryState: {SummaryState.draft: "草稿", SummaryState.final: "定稿"},
    DayPart: {
        DayPart.early: "凌晨",
        DayPart.morning: "上午",
        DayPart.noon: "中午",
        DayPart.afternoon: "下午",
        DayPart.evening: "晚上",
    },
}

# Words people also type for the same thing.
_ALIASES: dict[type, dict[str, str]] = {
    UnitKind: {
        "党支部": "party",
        "党委": "party",
        "党总支": "party",
        "团委": "league",
        "团支部": "league",
        "团工委": "league",
        "总工会": "union",
        "分工会": "union",
    },
    MeetingKind: {
        "联席会": "joint",
        "办公会": "office",
        "党员大会": "branch_congress",
        "支部委员会": "branch_committee",
        "党小组": "group",
        "党日": "party_day",
        "主题党日活动": "party_day",
        "党日活动": "party_day",
    },
    OpinionState: {"已转": "rectifying", "已回复": "answered", "不采纳": "declined"},
    ItemState: {
        "未整改": "open",
        "未启动": "open",
        "进行中": "in_progress",
        "正在整改": "in_progress",
        "推进中": "in_progress",
        "部分整改": "in_progress",
        "已提交": "submitted",
        "待销号": "submitted",
        "已完成": "closed",
        "已整改": "closed",
        "整改完成": "closed",
        "销号": "closed",
        "已关闭": "closed",
    },
    Per: {"月": "month", "每个月": "month", "季度": "quarter", "季": "quarter", "年": "year"},
    DayPart: {
        "早上": "morning",
        "早晨": "morning",
        "傍晚": "evening",
        "晚间": "evening",
        "夜间": "evening",
    },
}

_LOOKUPS: dict[type, dict[str, LabelledEnum]] = {}


def _lookup(cls: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    if cls not in _LOOKUPS:
        table: dict[str, LabelledEnum] = {}
        for m in cls:
            table[m.value] = m
            table[m.label] = m
        for alias, key in _ALIASES.get(cls, {}).items():
            table[alias] = cls(key)
        _LOOKUPS[cls] = table
    return _LOOKUPS[cls]


# Suggested opinion topics (free tags; these are what completion offers).
SUGGESTED_TOPICS = [
    "民主管理",
    "教学管理",
    "尊重教师",
    "和谐校园",
    "减负",
    "科学化管理",
    "作风建设",
]
