"""The fields of each record: one declarative table per record type (stdlib only).

Each field says, once: its key (as in the JSON shapes), its Chinese label, what it holds
(kind, length limit, required, one line or many), the header export writes and the headers
import recognises, and the command-line option that sets it. Services clean values through
their field, so a refusal carries the field's key; the command line turns that key into
the option (``--due``), the importer into the column (“整改时限”), and so no import report
ever names an option and no command names a column.

A hint that points at a field is written with ``{key}`` placeholders (:class:`Hint`), which
each way in fills with its own name for the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangqun_cli.enums import (
    ItemState,
    LabelledEnum,
    MeetingKind,
    OpinionState,
    Per,
    SummaryState,
    UnitKind,
)
from dangqun_cli.errors import InvalidInput
from dangqun_cli.text import LINE_MAX, MINUTES_MAX, NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text

TOPIC_MAX = 50  # a category or topic: a few words
EMPTY = "（空）"  # how a value that is not there is shown


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # the field's name in messages
    kind: str = "text"  # text | date | when | moment | int | list (of names) | lines | bool | enum
    limit: int | None = None  # characters, for text
    required: bool = False
    multiline: bool = False
    header: str = ""  # what export writes (the label unless said otherwise)
    aliases: tuple[str, ...] = ()  # what else import recognises
    flag: str | None = None  # the command-line option that sets it
    column: bool = True  # a column of the CSV/XLSX ledger
    # Where the record keeps it: the columns (or the children) of its stored values, as the
    # audit trail's before/after spell them (the key unless said otherwise).
    stored: tuple[str, ...] = ()
    enum: type[LabelledEnum] | None = None  # an enum field's vocabulary
    refers: str | None = None  # a stored number of this kind of record (records.KINDS)

    def __post_init__(self) -> None:
        if not self.header:
            object.__setattr__(self, "header", self.label)
        if not self.stored:
            object.__setattr__(self, "stored", (self.key,))

    def clean(self, value: str | None, *, required: bool | None = None) -> str | None:
        """The value as stored (text.clean_text under this field's rules); a refusal
        names this field."""
        try:
            return clean_text(
                value,
                field=self.label,
                max_len=self.limit or TEXT_MAX,
                multiline=self.multiline,
                required=self.required if required is None else required,
            )
        except InvalidInput as exc:
            raise InvalidInput(exc.message, exc.hint, field=self.key) from None


class Record:
    """The fields of one record type, by key and in ledger column order."""

    def __init__(self, name: str, *fields: Field) -> None:
        self.name = name
        self.fields = fields
        self.by_key = {f.key: f for f in fields}
        self.by_stored: dict[str, Field] = {}
        for f in fields:
            for name in f.stored:
                self.by_stored.setdefault(name, f)

    def __getitem__(self, key: str) -> Field:
        return self.by_key[key]

    @property
    def columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.column)

    def clean(self, key: str, value: str | None, **kwargs) -> str | None:
        return self.by_key[key].clean(value, **kwargs)

    def hint(self, template: str, *, columns: str | None = None) -> Hint:
        return Hint(self, template, columns)


class Hint:
    """A hint that names fields: ``{due}`` becomes ``--due`` on the command line and
    “整改时限” in an import report. Templates are constants (never user text)."""

    def __init__(self, record: Record, template: str, columns: str | None = None) -> None:
        self.record = record
        self.template = template
        self.columns = columns or template  # where an import report needs other words

    def as_options(self) -> str:
        return self.template.format_map(
            {k: f.flag or f"“{f.label}”" for k, f in self.record.by_key.items()}
        )

    def as_columns(self, header_of: dict[str, str] | None = None) -> str:
        header_of = header_of or {}
        return self.columns.format_map(
            {k: f"“{header_of.get(k, f.header)}”" for k, f in self.record.by_key.items()}
        )

    def __str__(self) -> str:
        return self.as_options()


CREATED = Field("created_at", "创建时间", "moment", column=False)

ITEM = Record(
    "整改事项",
    Field("id", "编号", "int", aliases=("ID", "事项编号")),
    Field(
        "problem",
        "问题描述",
        limit=TEXT_MAX,
        required=True,
        multiline=True,
        aliases=("问题", "存在问题", "存在的问题", "整改问题", "问题清单"),
        flag="--problem",
    ),
    Field(
        "measures",
        "整改措施",
        limit=TEXT_MAX,
        multiline=True,
        aliases=("措施", "具体措施", "整改举措"),
        flag="--measures",
    ),
    Field(
        "unit",
        "责任单位",
        limit=NAME_MAX,
        required=True,
        aliases=("牵头单位", "责任部门", "责任科室", "整改单位", "牵头部门"),
        flag="--unit",
        stored=("unit_id",),
        refers="unit",
    ),
    Field(
        "owner",
        "责任人",
        limit=NAME_MAX,
        required=True,
        aliases=("具体责任人", "整改责任人"),
        flag="--owner",
    ),
    Field("leader", "责任领导", limit=NAME_MAX, aliases=("分管领导", "牵头领导"), flag="--leader"),
    Field(
        "due",
        "整改时限",
        "date",
        aliases=("完成时限", "时限", "完成期限", "整改期限"),
        flag="--due",
    ),
    Field(
        "opened_on", "立项时间", "date", aliases=("提出时间", "立项日期", "发现时间"), flag="--date"
    ),
    Field("state", "整改状态", "enum", header="状态", aliases=("进展状态",), enum=ItemState),
    Field(
        "result",
        "完成情况",
        limit=TEXT_MAX,
        multiline=True,
        aliases=("整改情况", "整改结果", "整改完成情况"),
        flag="--result",
    ),
    Field(
        "evidence",
        "佐证材料",
        limit=TEXT_MAX,
        multiline=True,
        aliases=("佐证", "证明材料"),
        flag="--evidence",
    ),
    Field("closed", "是否销号", "bool", aliases=("销号情况", "销号")),
    Field("closed_at", "销号时间", "date", aliases=("完成时间", "销号日期"), stored=("closed_on",)),
    Field("verified_by", "验收人", limit=NAME_MAX, aliases=("销号人",), flag="--by"),
    Field("source", "问题来源", limit=TITLE_MAX, aliases=("来源",), flag="--source"),
    Field(
        "opinions",
        "意见编号",
        "list",
        aliases=("对应意见",),
        flag="--from-opinion",
        stored=("opinion_links",),
    ),
    Field("note", "备注", limit=TEXT_MAX, multiline=True, aliases=("说明",)),
    # Columns added later go at the end: a script that reads the columns by position
    # keeps working.
    Field(
        "category",
        "问题类别",
        limit=TOPIC_MAX,
        aliases=("问题类型", "问题分类", "问题性质"),
        flag="--category",
    ),
    Field(
        "target",
        "整改目标",
        limit=TEXT_MAX,
        multiline=True,
        aliases=("目标", "整改要求", "预期目标"),
        flag="--target",
    ),
    Field(
        "partners",
        "配合单位",
        "list",
        limit=TITLE_MAX,
        aliases=("协办单位", "配合部门", "协同单位", "参与单位"),
        flag="--partners",
    ),
    Field("original_due", "原定时限", "date", aliases=("原整改时限", "原时限")),
    Field(
        "progress",
        "整改进展",
        limit=TEXT_MAX,
        multiline=True,
        aliases=("进展情况", "推进情况", "工作进展", "最新进展"),
    ),
    Field("submitted_on", "提交验收时间", "date", aliases=("提交时间", "提交验收日期")),
    # Not columns: what a command is given besides the record's own fields.
    Field("ongoing", "长期坚持", "bool", flag="--ongoing", column=False),
    Field("on", "日期", "date", flag="--date", column=False),
    Field("text", "进展内容", limit=TEXT_MAX, multiline=True, column=False),
    Field("by", "记录人", limit=NAME_MAX, flag="--by", column=False),
    Field(
        "extend_reason", "延期理由", limit=TEXT_MAX, multiline=True, flag="--reason", column=False
    ),
    Field(
        "reject_reason", "退回理由", limit=TEXT_MAX, multiline=True, flag="--reason", column=False
    ),
    # 回头看 (rectify recheck): what was found, or why the fix did not hold, and who looked.
    Field(
        "recheck_result", "复查情况", limit=TEXT_MAX, multiline=True, flag="--result", column=False
    ),
    Field(
        "recheck_reason",
        "未见成效的理由",
        limit=TEXT_MAX,
        multiline=True,
        flag="--reason",
        column=False,
    ),
    Field("recheck_by", "复查人", limit=NAME_MAX, flag="--by", column=False),
    # Not columns: what the record keeps besides (the audit trail's before and after).
    Field("notes", "进展记录", "list", column=False),
    Field("extensions", "延期记录", "list", column=False),
    Field("rechecks", "回头看记录", "list", column=False),
    Field("attachments", "附件", "list", column=False),
    # A file attached as evidence (rectify attach): its name, as the file system had it.
    Field("file_name", "附件文件名", limit=TITLE_MAX, column=False),
    CREATED,
)

MEETING = Record(
    "会议",
    Field("id", "编号", "int", aliases=("ID", "会议编号")),
    Field(
        "kind", "会议类型", "enum", aliases=("类型", "会议类别"), flag="--kind", enum=MeetingKind
    ),
    Field(
        "title",
        "会议主题",
        limit=TITLE_MAX,
        required=True,
        aliases=("主题", "议题", "会议名称"),
        flag="--title",
    ),
    Field(
        "date",
        "时间",
        "when",
        aliases=("会议时间", "日期", "召开时间"),
        flag="--date",
        stored=("date", "time", "part"),
    ),
    Field("end", "结束时间", "when", flag="--end", stored=("end_date", "end_time")),
    Field("place", "地点", limit=TITLE_MAX, aliases=("会议地点",), flag="--place"),
    Field(
        "unit",
        "单位",
        limit=NAME_MAX,
        aliases=("主办单位", "组织单位"),
        flag="--unit",
        stored=("unit_id",),
        refers="unit",
    ),
    Field("host", "主持人", limit=NAME_MAX, flag="--host"),
    Field("recorder", "记录人", limit=NAME_MAX, flag="--recorder"),
    Field("attendees", "出席", "list", aliases=("出席人员", "参会人员"), flag="--attendee"),
    Field("invitees", "列席", "list", aliases=("列席人员",), flag="--invitee"),
    Field("absentees", "缺席", "list", aliases=("缺席人员",), flag="--absent"),
    Field("expected", "应到人数", "int", aliases=("应到",), flag="--expected"),
    Field("present", "实到人数", "int", aliases=("实到",), flag="--present"),
    Field(
        "minutes",
        "会议纪要",
        limit=MINUTES_MAX,
        multiline=True,
        aliases=("纪要", "会议内容", "内容"),
        flag="--minutes",
    ),
    Field(
        "decisions",
        "决议",
        "lines",
        limit=LINE_MAX,
        aliases=("会议决议", "决定事项"),
        flag="--decision",
    ),
    # Not columns: what the record keeps besides (the audit trail's before and after).
    Field("attendance", "参会人员", "list", column=False),
    CREATED,
)

OPINION = Record(
    "意见",
    Field("id", "编号", "int", aliases=("ID", "意见编号")),
    Field("meeting_id", "会议编号", "int", flag="--meeting", refers="meeting"),
    Field("source", "来源", limit=TITLE_MAX, aliases=("意见来源", "渠道"), flag="--source"),
    Field(
        "by",
        "提出人",
        limit=NAME_MAX,
        aliases=("提出者", "反映人"),
        flag="--by",
        stored=("raised_by",),
    ),
    Field("topic", "类别", limit=TOPIC_MAX, aliases=("意见类别", "分类"), flag="--topic"),
    Field(
        "text",
        "意见内容",
        limit=TEXT_MAX,
        required=True,
        multiline=True,
        aliases=("意见建议", "内容", "意见"),
    ),
    Field("state", "状态", "enum", aliases=("处理状态", "办理状态"), enum=OpinionState),
    Field(
        "reply",
        "答复内容",
        limit=TEXT_MAX,
        multiline=True,
        header="答复",
        aliases=("答复意见",),
    ),
    Field(
        "reason",
        "不予采纳的理由",
        limit=TEXT_MAX,
        multiline=True,
        header="不予采纳理由",
        aliases=("理由",),
        flag="--reason",
    ),
    Field("raised_on", "提出时间", "date", aliases=("提出日期",), flag="--date"),
    Field("handled_on", "处理时间", "date", aliases=("答复时间", "处理日期"), flag="--date"),
    Field(
        "unit",
        "提出单位",
        limit=NAME_MAX,
        aliases=("反映单位", "意见单位"),
        flag="--unit",
        stored=("unit_id",),
        refers="unit",
    ),
    CREATED,
)

RECORDS = {"items": ITEM, "meetings": MEETING, "opinions": OPINION}

# The other kinds of record, as the audit trail and ``log verify`` name their fields.
UNIT = Record(
    "单位",
    Field("id", "编号", "int"),
    Field("name", "名称", limit=NAME_MAX),
    Field("kind", "类型", "enum", enum=UnitKind),
    Field("parent_id", "上级单位", "int", refers="unit"),
    Field("note", "备注", limit=TEXT_MAX, multiline=True),
    CREATED,
)
RULE = Record(
    "制度要求",
    Field("id", "编号", "int"),
    Field("kind", "会议类型", "enum", enum=MeetingKind),
    Field("unit_id", "单位", "int", refers="unit"),
    Field("min_count", "至少召开次数", "int"),
    Field("per", "周期", "enum", enum=Per),
    CREATED,
)
SUMMARY = Record(
    "工作总结",
    Field("id", "编号", "int"),
    Field("title", "标题", limit=TITLE_MAX),
    Field("period_key", "期间"),
    Field("period_start", "期间开始", "date"),
    Field("period_end", "期间结束（不含当日）", "date"),
    Field("unit_id", "单位", "int", refers="unit"),
    Field("facts", "统计数据", "list"),  # a JSON document: shown as changed, not spelled out
    Field("narrative", "补写的文字", multiline=True),
    Field("state", "状态", "enum", enum=SummaryState),
    Field("finalized_at", "定稿时间", "moment"),
    Field("anchor_entry", "校验码（操作记录序号）", "int"),
    Field("anchor_hash", "校验码（哈希）"),
    CREATED,
)
SETTING = Record(
    "设置", Field("id", "编号", "int"), Field("name", "设置项"), Field("value", "值"), CREATED
)
# A template keeps the fields of a meeting that recur (meeting template add): the same
# fields, so that its refusals and its log name them as meeting add does.
TEMPLATE_KEYS = ("kind", "title", "place", "unit", "host", "recorder", "attendees", "invitees")
TEMPLATE = Record(
    "会议模板",
    Field("id", "编号", "int"),
    Field("name", "模板名称", limit=NAME_MAX),
    *(MEETING[key] for key in (*TEMPLATE_KEYS, "expected")),
    CREATED,
)

# Each kind of record (records.KINDS) by its key.
STORED = {
    "unit": UNIT,
    "meeting": MEETING,
    "opinion": OPINION,
    "item": ITEM,
    "summary": SUMMARY,
    "rule": RULE,
    "setting": SETTING,
    "template": TEMPLATE,
}


def shown(field: Field, data: dict) -> str | None:
    """The value ``data`` (a record's stored values) holds for ``field``, as a person reads
    it: Chinese dates and labels, ``单位 3`` for a number of another record; None for a
    list or a document, which is only said to have changed."""
    values = [data.get(name) for name in field.stored]
    first = values[0]
    if field.kind == "list" or isinstance(first, list | dict):
        return None
    if first is None or first == "":
        return EMPTY
    import datetime as dt

    from dangqun_cli import dates

    try:
        if field.kind == "when":
            part = dates.DayPart(values[2]) if len(values) > 2 and values[2] else None
            time = dt.time.fromisoformat(values[1]) if values[1] else None
            return dates.When(dt.date.fromisoformat(first), time, part).label()
        if field.kind == "moment":
            return dates.format_moment(dt.datetime.fromisoformat(first))
        if field.kind == "date":
            return dates.format_date(dt.date.fromisoformat(first))
        if field.enum is not None:
            return field.enum(first).label
    except (TypeError, ValueError):  # a value changed outside dangqun: shown as stored
        return str(first)
    if field.kind == "bool":
        return "是" if first else "否"
    if field.refers is not None:
        from dangqun_cli.records import NAMES

        return f"{NAMES[field.refers]} {first}"
    return str(first)


def differences(kind: str, before: dict, after: dict) -> list[tuple[Field, str | None, str | None]]:
    """The fields whose stored values differ, in the record's field order, each with its
    value before and after (:func:`shown`). A stored value no field claims (a column added
    without a label: a test forbids it) is still listed, as 其他内容."""
    record = STORED[kind]
    names = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    fields: list[Field] = []
    for name in names:
        field = record.by_stored.get(name) or Field(name, "其他内容")
        if field not in fields:
            fields.append(field)
    order = {f.key: i for i, f in enumerate(record.fields)}
    fields.sort(key=lambda f: order.get(f.key, len(order)))
    return [(f, shown(f, before), shown(f, after)) for f in fields]


def named(kind: str, data: dict | None, width: int = 30) -> str:
    """What a record is called, from its stored values: a unit's name, a meeting's title,
    an opinion's text … (records.Kind.label), as a person reads it and shortened."""
    from dangqun_cli.records import BY_KEY
    from dangqun_cli.text import short

    if not data or kind not in BY_KEY:
        return ""
    column = BY_KEY[kind].label
    field = STORED[kind].by_stored.get(column) or Field(column, column)
    value = shown(field, data)
    return short(" ".join(value.split()), width) if value and value != EMPTY else ""
