"""The columns of the ledgers offices keep in Excel, and the headers they write them under.

One table per record type says, for each field, the header dangqun writes on export and
the headers it recognises on import (the usual Chinese variants, and the English key).
Export then import reads back what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # the English key, as in the JSON shapes
    header: str  # what export writes
    aliases: tuple[str, ...] = ()  # what else import recognises
    kind: str = "text"  # text | date | when | int | list (of names) | lines | bool | enum


ITEMS = (
    Column("id", "编号", ("ID", "事项编号"), "int"),
    Column(
        "problem", "问题描述", ("问题", "存在问题", "存在的问题", "整改问题", "问题清单"), "text"
    ),
    Column("measures", "整改措施", ("措施", "具体措施", "整改举措"), "text"),
    Column("unit", "责任单位", ("牵头单位", "责任部门", "责任科室", "整改单位"), "text"),
    Column("owner", "责任人", ("具体责任人", "整改责任人"), "text"),
    Column("leader", "责任领导", ("分管领导", "牵头领导"), "text"),
    Column("due", "整改时限", ("完成时限", "时限", "完成期限", "整改期限"), "date"),
    Column("opened_on", "立项时间", ("提出时间", "立项日期", "发现时间"), "date"),
    Column("state", "状态", ("整改状态", "进展状态"), "enum"),
    Column("result", "完成情况", ("整改情况", "整改结果", "整改完成情况"), "text"),
    Column("evidence", "佐证材料", ("佐证", "证明材料"), "text"),
    Column("closed", "是否销号", ("销号情况", "销号"), "bool"),
    Column("closed_at", "销号时间", ("完成时间", "销号日期"), "date"),
    Column("verified_by", "验收人", ("销号人",), "text"),
    Column("source", "问题来源", ("来源",), "text"),
    Column("opinions", "意见编号", ("对应意见",), "list"),
    Column("note", "备注", ("说明",), "text"),
)

MEETINGS = (
    Column("id", "编号", ("ID", "会议编号"), "int"),
    Column("kind", "会议类型", ("类型", "会议类别"), "enum"),
    Column("title", "会议主题", ("主题", "议题", "会议名称"), "text"),
    Column("date", "时间", ("会议时间", "日期", "召开时间"), "when"),
    Column("end", "结束时间", (), "when"),
    Column("place", "地点", ("会议地点",), "text"),
    Column("unit", "单位", ("主办单位", "组织单位"), "text"),
    Column("host", "主持人", (), "text"),
    Column("recorder", "记录人", (), "text"),
    Column("attendees", "出席", ("出席人员", "参会人员"), "list"),
    Column("invitees", "列席", ("列席人员",), "list"),
    Column("absentees", "缺席", ("缺席人员",), "list"),
    Column("expected", "应到人数", ("应到",), "int"),
    Column("present", "实到人数", ("实到",), "int"),
    Column("minutes", "会议纪要", ("纪要", "会议内容", "内容"), "text"),
    Column("decisions", "决议", ("会议决议", "决定事项"), "lines"),
)

OPINIONS = (
    Column("id", "编号", ("ID", "意见编号"), "int"),
    Column("meeting_id", "会议编号", (), "int"),
    Column("source", "来源", ("意见来源", "渠道"), "text"),
    Column("by", "提出人", ("提出者", "反映人"), "text"),
    Column("topic", "类别", ("意见类别", "分类"), "text"),
    Column("text", "意见内容", ("意见建议", "内容", "意见"), "text"),
    Column("state", "状态", ("处理状态", "办理状态"), "enum"),
    Column("reply", "答复", ("答复内容", "答复意见"), "text"),
    Column("reason", "不予采纳理由", ("理由",), "text"),
    Column("raised_on", "提出时间", ("提出日期",), "date"),
    Column("handled_on", "处理时间", ("答复时间", "处理日期"), "date"),
)

TYPES = {"items": ITEMS, "meetings": MEETINGS, "opinions": OPINIONS}
TYPE_WORDS = {
    "items": "items", "整改": "items", "整改事项": "items", "台账": "items", "整改台账": "items",
    "meetings": "meetings", "会议": "meetings",
    "opinions": "opinions", "意见": "opinions", "意见建议": "opinions",
}  # fmt: skip
IGNORED = {"序号", "no", "#"}  # row numbers written by hand or by export

# Several names in a cell: one per line, or separated like this. Decisions, which are
# sentences with commas of their own, go one per line.
LIST_SEPARATORS = re.compile(r"[\n；;、，,]+")
LINE_SEPARATORS = re.compile(r"\n+")


def normalise(header: str) -> str:
    """Headers as people type them: spaces, line breaks, ＊必填 marks and （单位） notes go."""
    text = re.sub(r"\s+", "", str(header or ""))
    text = re.sub(r"[（(][^）)]*[）)]$", "", text).strip("*＊:：")
    return text.lower()


def recognise(columns: tuple[Column, ...], extra: dict[str, str] | None = None) -> dict:
    """Normalised header → column key, from the table and the user's ``--map``."""
    found: dict[str, str] = {}
    for col in columns:
        for name in (col.header, col.key, *col.aliases):
            found[normalise(name)] = col.key
    for header, key in (extra or {}).items():
        found[normalise(header)] = key
    return found
