"""The tables: SQLModel classes for every record dangqun keeps.

Records are grouped into aggregates (a meeting with its attendance and decisions);
the audit trail speaks of aggregates, so each table says which aggregate it belongs to
through ``audit_key()``. Times are the local wall-clock time the secretary typed: naive
``DateTime``/``Date``/``Time`` columns, never converted.

No ``from __future__ import annotations`` here: SQLModel resolves relationship
annotations at class creation and cannot read them as strings.
"""

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from pydantic import ConfigDict
from sqlmodel import Field, Relationship, SQLModel

from dangqun_cli.enums import (
    DayPart,
    ItemState,
    MeetingKind,
    OpinionState,
    Per,
    SummaryState,
    UnitKind,
)

# Named constraints, so that SQLite batch migrations can drop and recreate them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """Store the ASCII value (not the member name) as plain text: no native type to migrate."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class TableModel(SQLModel):
    """The base of every table. Pydantic's validator and serializer for a model are built
    only when first used (``defer_build``): table models are created without validation
    and never dumped through pydantic, so no command pays to build them (~8 ms of every
    write command's start)."""

    model_config = ConfigDict(defer_build=True)


class AttendanceRole(StrEnum):
    attendee = "attendee"  # 出席
    absentee = "absentee"  # 缺席
    invitee = "invitee"  # 列席


class Unit(TableModel, table=True):
    """单位：党组织、工会、共青团、妇联、行政部门……会议和整改事项的归属。"""

    __tablename__ = "unit"
    # Ids are never reused: the audit trail names records by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(100), unique=True)
    kind: UnitKind = Field(default=UnitKind.other, sa_type=enum_type(UnitKind))
    parent_id: int | None = Field(default=None, foreign_key="unit.id")
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    def audit_key(self) -> tuple[str, int | None]:
        return ("unit", self.id)


class Meeting(TableModel, table=True):
    """会议：座谈会、联席会议、支委会……及其会议纪要。"""

    __tablename__ = "meeting"
    # Ids are never reused: the audit trail names records by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    kind: MeetingKind = Field(sa_type=enum_type(MeetingKind), index=True)
    title: str = Field(sa_type=sa.String(200))
    date: dt.date = Field(sa_type=sa.Date, index=True)
    time: dt.time | None = Field(default=None, sa_type=sa.Time)
    part: DayPart | None = Field(default=None, sa_type=enum_type(DayPart))
    end_date: dt.date | None = Field(default=None, sa_type=sa.Date)
    end_time: dt.time | None = Field(default=None, sa_type=sa.Time)
    place: str | None = Field(default=None, sa_type=sa.String(200))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    host: str | None = Field(default=None, sa_type=sa.String(100))
    recorder: str | None = Field(default=None, sa_type=sa.String(100))
    expected: int | None = None
    present: int | None = None
    minutes: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    attendance: list["Attendance"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Attendance.position",
            "cascade": "all, delete-orphan",
        }
    )
    decisions: list["Decision"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Decision.position",
            "cascade": "all, delete-orphan",
        }
    )

    def audit_key(self) -> tuple[str, int | None]:
        return ("meeting", self.id)


class Attendance(TableModel, table=True):
    """出席、缺席、列席的人或群体（如“青年教师代表”），可注明单位；缺席注明原因；列席的外单位
    来宾只记单位名称（不登记为单位）。"""

    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    role: AttendanceRole = Field(sa_type=enum_type(AttendanceRole))
    name: str = Field(sa_type=sa.String(100))
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    # A 列席 guest's organisation when it is not a registered unit (市委组织部): text only.
    org: str | None = Field(default=None, sa_type=sa.String(100))
    reason: str | None = Field(default=None, sa_type=sa.String(200))
    position: int = 0

    def audit_key(self) -> tuple[str, int | None]:
        return ("meeting", self.meeting_id)


class Decision(TableModel, table=True):
    """决议：会议议定的事项，按顺序。"""

    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int = 0
    text: str = Field(sa_type=sa.Text)

    def audit_key(self) -> tuple[str, int | None]:
        return ("meeting", self.meeting_id)


class Opinion(TableModel, table=True):
    """意见建议：在会上（或其他渠道）提出的意见，及其处理结果。"""

    __tablename__ = "opinion"
    # Ids are never reused: the audit trail names records by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    source: str | None = Field(default=None, sa_type=sa.String(200))
    raised_by: str | None = Field(default=None, sa_type=sa.String(100))
    topic: str | None = Field(default=None, sa_type=sa.String(50), index=True)
    text: str = Field(sa_type=sa.Text)
    state: OpinionState = Field(
        default=OpinionState.pending, sa_type=enum_type(OpinionState), index=True
    )
    reply: str | None = Field(default=None, sa_type=sa.Text)
    reason: str | None = Field(default=None, sa_type=sa.Text)
    raised_on: dt.date = Field(sa_type=sa.Date, index=True)
    handled_on: dt.date | None = Field(default=None, sa_type=sa.Date)
    created_at: dt.datetime = Field(sa_type=sa.DateTime())
    # The unit that raised it (its people), which need not be the meeting's unit.
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)

    def audit_key(self) -> tuple[str, int | None]:
        return ("opinion", self.id)


# What the summary reads of an item besides its state and deadline (reports/summary.py).
_SUMMARY_COLUMNS = ("opened_on", "closed_on", "unit_id")


class RectificationItem(TableModel, table=True):
    """整改事项：问题、整改措施、责任单位和责任人、时限，直至验收销号。"""

    __tablename__ = "rectification_item"
    __table_args__ = (
        # Lists of what is still open sort by deadline; this index holds only those rows,
        # so "overdue first" reads the first page without touching closed items. With the
        # dates and the unit after the deadline it covers what the summary counts of them
        # (migration 0012): its figures are read from the index alone.
        # Both partial indexes are partial on PostgreSQL too (the migrations say so); only
        # SQLite's condition is named here, because naming a dialect's option imports that
        # dialect, and PostgreSQL's would cost every SQLite write command ~40 ms.
        sa.Index(
            "ix_rectification_item_pending_due",
            *("due", *_SUMMARY_COLUMNS),
            sqlite_where=sa.text("state != 'closed'"),
        ),
        # 待验收 and the other open states by deadline, open items only (status; migration
        # 0011), covering the summary's columns too (0012).
        sa.Index(
            "ix_rectification_item_open_state_due",
            *("state", "due", *_SUMMARY_COLUMNS),
            sqlite_where=sa.text("state != 'closed'"),
        ),
        # Items by closing date, with what the summary counts of those closed in or after a
        # period (0012: it was the closing date alone).
        sa.Index(
            "ix_rectification_item_closed_on", "closed_on", "state", "due", "opened_on", "unit_id"
        ),
        sa.Index("ix_rectification_item_unit_state", "unit_id", "state"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    problem: str = Field(sa_type=sa.Text)
    measures: str | None = Field(default=None, sa_type=sa.Text)
    source: str | None = Field(default=None, sa_type=sa.String(200))
    unit_id: int = Field(foreign_key="unit.id")
    # 问题类别, 整改目标 and 配合单位 as the office's own ledger writes them (migration 0007).
    category: str | None = Field(default=None, sa_type=sa.String(50), index=True)
    target: str | None = Field(default=None, sa_type=sa.Text)
    partners: str | None = Field(default=None, sa_type=sa.String(200))
    owner: str = Field(sa_type=sa.String(100), index=True)
    leader: str | None = Field(default=None, sa_type=sa.String(100))
    due: dt.date | None = Field(default=None, sa_type=sa.Date)
    original_due: dt.date | None = Field(default=None, sa_type=sa.Date)
    state: ItemState = Field(default=ItemState.open, sa_type=enum_type(ItemState), index=True)
    opened_on: dt.date = Field(sa_type=sa.Date, index=True)
    result: str | None = Field(default=None, sa_type=sa.Text)
    evidence: str | None = Field(default=None, sa_type=sa.Text)
    submitted_on: dt.date | None = Field(default=None, sa_type=sa.Date)
    verified_by: str | None = Field(default=None, sa_type=sa.String(100))
    closed_on: dt.date | None = Field(default=None, sa_type=sa.Date)  # indexed above
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    opinion_links: list["ItemOpinion"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "ItemOpinion.opinion_id",
            "cascade": "all, delete-orphan",
        }
    )
    notes: list["ProgressNote"] = Relationship(
        sa_relationship_kwargs={"order_by": "ProgressNote.id", "cascade": "all, delete-orphan"}
    )
    extensions: list["Extension"] = Relationship(
        sa_relationship_kwargs={"order_by": "Extension.id", "cascade": "all, delete-orphan"}
    )
    rechecks: list["Recheck"] = Relationship(
        sa_relationship_kwargs={"order_by": "Recheck.id", "cascade": "all, delete-orphan"}
    )
    # 佐证材料 as files (migration 0015): part of the item's record, so its audit entry
    # names each file by name, size and sha256 (the bytes are in AttachmentBlob).
    attachments: list["Attachment"] = Relationship(
        sa_relationship_kwargs={"order_by": "Attachment.id", "cascade": "all, delete-orphan"}
    )

    @property
    def ongoing(self) -> bool:
        """长期坚持: an item with no fixed end."""
        return self.due is None

    def audit_key(self) -> tuple[str, int | None]:
        return ("item", self.id)


class ItemOpinion(TableModel, table=True):
    """整改事项所回应的意见（多对多）。"""

    __tablename__ = "item_opinion"

    item_id: int = Field(foreign_key="rectification_item.id", primary_key=True, ondelete="CASCADE")
    opinion_id: int = Field(foreign_key="opinion.id", primary_key=True, index=True)

    def audit_key(self) -> tuple[str, int | None]:
        return ("item", self.item_id)


class NoteKind(StrEnum):
    note = "note"  # 进展
    submit = "submit"  # 提交验收（完成情况）
    reject = "reject"  # 退回（验收不通过的理由）
    verify = "verify"  # 验收销号


class ProgressNote(TableModel, table=True):
    """进展记录：某日、由谁记录的整改进展，以及提交、退回、销号，按发生顺序。"""

    __tablename__ = "progress_note"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="rectification_item.id", index=True, ondelete="CASCADE")
    kind: NoteKind = Field(default=NoteKind.note, sa_type=enum_type(NoteKind))
    day: dt.date = Field(sa_type=sa.Date)
    by: str = Field(sa_type=sa.String(100))
    text: str = Field(sa_type=sa.Text)

    def audit_key(self) -> tuple[str, int | None]:
        return ("item", self.item_id)


class Extension(TableModel, table=True):
    """延期：从哪天延到哪天、理由、谁批准，原时限保留。"""

    __tablename__ = "extension"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="rectification_item.id", index=True, ondelete="CASCADE")
    from_due: dt.date = Field(sa_type=sa.Date)
    to_due: dt.date = Field(sa_type=sa.Date)
    reason: str = Field(sa_type=sa.Text)
    day: dt.date = Field(sa_type=sa.Date, index=True)
    by: str = Field(sa_type=sa.String(100))

    def audit_key(self) -> tuple[str, int | None]:
        return ("item", self.item_id)


class Recheck(TableModel, table=True):
    """回头看：销号后（设置 recheck.days，默认 90 天）再看整改成效是否巩固——哪天、谁看的、
    看到了什么；未见成效的写明理由，事项重新回到“整改中”。"""

    __tablename__ = "recheck"
    __table_args__ = (
        # status: which closed items still wait for a re-check that held (migration 0014).
        sa.Index("ix_recheck_item_effective_day", "item_id", "effective", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="rectification_item.id", ondelete="CASCADE")
    day: dt.date = Field(sa_type=sa.Date, index=True)  # the summary counts a period's
    effective: bool
    result: str | None = Field(default=None, sa_type=sa.Text)
    reason: str | None = Field(default=None, sa_type=sa.Text)
    by: str = Field(sa_type=sa.String(100))
    created_at: dt.datetime = Field(sa_type=sa.DateTime())


class AttachmentBlob(TableModel, table=True):
    """附件的文件内容：按 sha256 存放，相同的文件只存一份。不属于任何一条记录的操作记录
    （操作记录只记下附件的 sha256），也从不删除：撤销一次删除时，附件的内容仍在。"""

    __tablename__ = "attachment_blob"

    sha256: str = Field(primary_key=True, sa_type=sa.String(64))
    content: bytes = Field(sa_type=sa.LargeBinary)


class Attachment(TableModel, table=True):
    """附件：整改事项的佐证材料文件（公示栏照片、扫描件），文件名、大小、sha256，
    何时由谁添加；内容在 AttachmentBlob 中。"""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="rectification_item.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=sa.String(200))
    size: int
    sha256: str = Field(foreign_key="attachment_blob.sha256", index=True, sa_type=sa.String(64))
    at: dt.datetime = Field(sa_type=sa.DateTime())
    by: str = Field(sa_type=sa.String(100))

    def audit_key(self) -> tuple[str, int | None]:
        return ("item", self.item_id)


class CadenceRule(TableModel, table=True):
    """制度要求：某类会议在某单位（或全部）每月/每季度/每年至少召开几次。"""

    __tablename__ = "cadence_rule"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    kind: MeetingKind = Field(sa_type=enum_type(MeetingKind))
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    min_count: int
    per: Per = Field(sa_type=enum_type(Per))
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    def audit_key(self) -> tuple[str, int | None]:
        return ("rule", self.id)


class WorkSummary(TableModel, table=True):
    """工作总结：某期间（某单位）的总结，生成的数字加秘书自己写的段落；草稿或定稿。"""

    __tablename__ = "work_summary"
    __table_args__ = (
        sa.Index("ix_work_summary_period", "period_key", "unit_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    period_key: str = Field(sa_type=sa.String(40))
    period_start: dt.date = Field(sa_type=sa.Date)
    period_end: dt.date = Field(sa_type=sa.Date)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    title: str = Field(sa_type=sa.String(200))
    facts: str = Field(sa_type=sa.Text)
    narrative: str | None = Field(default=None, sa_type=sa.Text)
    state: SummaryState = Field(default=SummaryState.draft, sa_type=enum_type(SummaryState))
    created_at: dt.datetime = Field(sa_type=sa.DateTime())
    finalized_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime())
    # The audit chain's head when the summary was finalised (操作记录校验码): printed on the
    # paper copy, it lets anyone check later that the history up to that day is unchanged.
    anchor_entry: int | None = Field(default=None)
    anchor_hash: str | None = Field(default=None, sa_type=sa.String(64))

    def audit_key(self) -> tuple[str, int | None]:
        return ("summary", self.id)


class Setting(TableModel, table=True):
    """设置：这个办公室自己的几项设置（单位名称、总结标题模板……），存在数据库里，
    共用一个数据库的人看到同样的设置。可设的键只在 settings.py 里写一次。"""

    __tablename__ = "setting"
    # Ids are never reused: the audit trail names records by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(40), unique=True)
    value: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    def audit_key(self) -> tuple[str, int | None]:
        return ("setting", self.id)


class MeetingTemplate(TableModel, table=True):
    """会议模板：每月照例召开的支委会、座谈会……的类型、主题、单位、地点、主持人、记录人、
    出席和列席名单与应到人数；记录会议时（meeting add --template）填入命令行未给出的项。"""

    __tablename__ = "meeting_template"
    # Ids are never reused: the audit trail names records by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(100), unique=True)
    kind: MeetingKind | None = Field(default=None, sa_type=enum_type(MeetingKind))
    title: str | None = Field(default=None, sa_type=sa.String(200))
    place: str | None = Field(default=None, sa_type=sa.String(200))
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    host: str | None = Field(default=None, sa_type=sa.String(100))
    recorder: str | None = Field(default=None, sa_type=sa.String(100))
    # One person a line, 姓名@单位 as --attendee and --invitee take them: a template is read
    # back as the command line it stands for, and a list of names needs no table of its own.
    attendees: str | None = Field(default=None, sa_type=sa.Text)
    invitees: str | None = Field(default=None, sa_type=sa.Text)
    expected: int | None = None
    created_at: dt.datetime = Field(sa_type=sa.DateTime())

    def audit_key(self) -> tuple[str, int | None]:
        return ("template", self.id)


class AuditEntry(TableModel, table=True):
    """操作记录：谁在何时对哪条记录做了什么，改动前后的值。只追加，不修改。"""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_record", "record_type", "record_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_type=sa.DateTime(), index=True)
    actor: str = Field(sa_type=sa.String(100))
    record_type: str = Field(sa_type=sa.String(20))
    record_id: int
    action: str = Field(sa_type=sa.String(20))
    before: str | None = Field(default=None, sa_type=sa.Text)
    after: str | None = Field(default=None, sa_type=sa.Text)
    source: str | None = Field(default=None, sa_type=sa.String(200))  # e.g. the imported file
    # A hash over this entry and the previous entry's hash (chain.py): the trail is a
    # chain, so an entry altered, inserted or removed behind dangqun's back breaks it.
    hash: str | None = Field(default=None, sa_type=sa.String(64))
    # The id of the first entry its command wrote (migration 0016): the entries of one
    # command, which ``undo`` reverts together. None for entries written before; the hash
    # covers it when set.
    command: int | None = Field(default=None)


class LedgerMeta(TableModel, table=True):
    """关于这份台账本身的几项设置：台账编号（找到本机保存的密钥）、密钥校验值。"""

    __tablename__ = "ledger_meta"

    name: str = Field(primary_key=True, sa_type=sa.String(40))
    value: str = Field(sa_type=sa.String(200))
