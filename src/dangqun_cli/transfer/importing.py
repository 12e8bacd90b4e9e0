"""Importing a ledger: every row checked by the same rules as the commands, all or nothing.

Each data row is applied inside its own SAVEPOINT, so one bad row is reported (row,
column, what is wrong, how to fix it) without stopping the check of the others. The
caller commits only when no row failed and this is not a dry run. A row that matches a
record already there (same id, or the same natural key) updates it instead of adding a
duplicate, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from dangqun_cli import dates
from dangqun_cli.db import sync_sequences
from dangqun_cli.enums import ItemState, MeetingKind, OpinionState
from dangqun_cli.errors import DangqunError, InvalidInput, NotFound
from dangqun_cli.services import audit
from dangqun_cli.transfer.columns import (
    IGNORED,
    LINE_SEPARATORS,
    LIST_SEPARATORS,
    TYPES,
    normalise,
    recognise,
)
from dangqun_cli.transfer.formulas import restore
from dangqun_cli.transfer.reading import HEADER_SCAN, Sheet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class CellError(DangqunError):
    """A problem with one cell: which column, what is wrong, how to fix it."""

    def __init__(self, key: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.key = key


@dataclass
class RowResult:
    number: int
    action: str  # create | update | same | error
    label: str
    errors: list[tuple[str, str, str | None]] = field(default_factory=list)  # column, what, fix


@dataclass
class Report:
    kind: str
    header_row: int
    columns: dict[str, str]  # header as written → field key
    unknown: list[str]
    rows: list[RowResult]
    encoding: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.action == "error")

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


YES = {"是", "已销号", "销号", "已完成", "完成", "yes", "y", "true", "1", "√", "✓"}
NO = {"否", "未销号", "未完成", "no", "n", "false", "0", "", "×"}
ONGOING = {"长期", "长期坚持", "持续", "持续整改", "长期抓", "常态化"}


def locate(sheet: Sheet, kind: str, mapping: dict[str, str] | None) -> tuple[int, list]:
    """The header row (the first with two recognised headers) and each column's field key."""
    known = recognise(TYPES[kind], mapping)
    for number, cells in sheet.rows[:HEADER_SCAN]:
        keys = [known.get(normalise(c)) if c is not None else None for c in cells]
        if sum(1 for k in keys if k) >= 2:
            return number, keys
    wanted = "、".join(c.header for c in TYPES[kind][1:6])
    raise InvalidInput(
        f"前 {HEADER_SCAN} 行里找不到表头",
        f"表头应包括 {wanted} 等；其他写法可用 --map 表头=字段 指定",
    )


def guess_kind(sheet: Sheet) -> str:
    """items, meetings or opinions: whichever recognises the most headers."""
    best, score = "items", 0
    for kind in TYPES:
        try:
            _, keys = locate(sheet, kind, None)
        except InvalidInput:
            continue
        found = sum(1 for k in keys if k)
        if found > score:
            best, score = kind, found
    return best


def run(
    session: Session,
    sheet: Sheet,
    *,
    kind: str,
    mapping: dict[str, str] | None,
    today: dt.date,
    create_units: bool,
    progress=None,
) -> Report:
    header_row, keys = locate(sheet, kind, mapping)
    header_cells = dict(sheet.rows)[header_row]
    columns, unknown = {}, []
    for cell, key in zip(header_cells, keys, strict=False):
        name = str(cell).strip() if cell is not None else ""
        if key:
            columns[name] = key
        elif name and normalise(name) not in IGNORED:
            unknown.append(name)
    # A problem is charged to its column as the file names it; a column the file lacks is
    # named as export would write it, never by its key.
    header_of = {c.key: c.header for c in TYPES[kind]}
    header_of |= {key: name for name, key in columns.items()}
    apply = {"items": _item, "meetings": _meeting, "opinions": _opinion}[kind]
    context = Context(session, today, create_units)
    report = Report(kind, header_row, columns, unknown, [], sheet.encoding)
    for number, cells in sheet.rows:
        if number <= header_row:
            continue
        if sheet.encoding is not None:  # CSV: take off the apostrophe export put before "=…"
            cells = [restore(c) if isinstance(c, str) else c for c in cells]
        values = {
            k: _cell(v) for k, v in zip(keys, cells, strict=False) if k and _cell(v) is not None
        }
        if not values:
            continue  # blank rows and the merged space under a title are not records
        try:
            # Each apply function checks the whole row first and changes the session only
            # inside a savepoint once the row is known good, so a bad row costs no rollback.
            action, label = apply(context, values)
            # Audit as we go and let the session forget the row: a large import must not
            # pile up in memory, and a savepoint rollback expires whatever the session holds.
            audit.write_pending(session)
            if action == "create" and "id" in values:
                sync_sequences(session.connection())  # the row kept the file's number
            session.expunge_all()
            report.rows.append(RowResult(number, action, label))
        except DangqunError as exc:
            audit.discard_pending(session)
            column = header_of.get(exc.key, exc.key) if isinstance(exc, CellError) else ""
            report.rows.append(
                RowResult(number, "error", _label(values), [(column, exc.message, exc.hint)])
            )
        if progress is not None:
            progress()
    return report


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def _label(values: dict) -> str:
    for key in ("problem", "title", "text"):
        if key in values:
            return str(values[key])[:40]
    return ""


@dataclass
class Context:
    session: Session
    today: dt.date
    create_units: bool
    # Natural keys of the records already there, read once: a per-row look-up by text
    # would scan the table for every row of a large ledger.
    keys: dict[str, dict] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    def known(self, kind: str, query) -> dict:
        if kind not in self.keys:
            self.keys[kind] = {tuple(row[1:]): row[0] for row in self.session.execute(query)}
        return self.keys[kind]


# ---- cell readers: each names its column when it refuses -------------------------------


def _text(values: dict, key: str, *, required: str | None = None) -> str | None:
    value = values.get(key)
    if value is None:
        if required:
            raise CellError(key, f"{required}不能为空", f"请填写{required}")
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _date(values: dict, key: str, today: dt.date, parse=dates.parse_date) -> dt.date | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # an Excel date cell
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse(str(value), today=today)
    except DangqunError as exc:
        raise CellError(key, exc.message, exc.hint) from None


def _when(values: dict, key: str, today: dt.date) -> dates.When | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return dates.When(value.date())
        return dates.When(value.date(), value.time().replace(microsecond=0))
    if isinstance(value, dt.date):
        return dates.When(value)
    try:
        return dates.parse_when(str(value), today=today)
    except DangqunError as exc:
        raise CellError(key, exc.message, exc.hint) from None


def _int(values: dict, key: str) -> int | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) < 12:
        return int(text)
    raise CellError(key, f"“{str(value)[:20]}”不是整数", "请填写数字")


def _list(values: dict, key: str, *, lines: bool = False) -> list[str] | None:
    text = _text(values, key)
    if text is None:
        return None
    pattern = LINE_SEPARATORS if lines else LIST_SEPARATORS
    return [part.strip() for part in pattern.split(text) if part.strip()]


def _enum(values: dict, key: str, enum, what: str):
    text = _text(values, key)
    if text is None:
        return None
    try:
        return enum.parse(text, what=what)
    except DangqunError as exc:
        raise CellError(key, exc.message, exc.hint) from None


def _unit_id(
    ctx: Context, values: dict, key: str = "unit", *, required: bool = True, defer: bool = False
) -> int | str | None:
    """The unit's id; with ``defer``, the name of a unit still to be created (--create-units)."""
    from dangqun_cli.queries.common import find_unit_id, unit_id_by_name

    name = _text(values, key, required="责任单位" if required else None)
    if name is None:
        return None
    name = name.strip()
    if name not in ctx.units:
        found = _guard(key, lambda: unit_id_by_name(ctx.session.connection(), name))
        if found is None and not ctx.create_units:
            try:
                find_unit_id(ctx.session.connection(), name)  # for its "did you mean"
            except NotFound as exc:
                raise CellError(
                    key, exc.message, f"{exc.hint}；或加 --create-units 自动添加"
                ) from None
        if found is None:
            if defer:
                return name
            from dangqun_cli.services.units import add_unit

            return _guard(key, lambda: add_unit(ctx.session, name=name))  # cached once saved
        ctx.units[name] = found
    return ctx.units[name]


def _guard(key: str, call):
    """Run a service call, charging its refusal to ``key``'s column."""
    try:
        return call()
    except CellError:
        raise
    except DangqunError as exc:
        raise CellError(key, exc.message, exc.hint) from None


# ---- items -------------------------------------------------------------------------------


def _item(ctx: Context, values: dict) -> tuple[str, str]:
    from dangqun_cli.models import Opinion
    from dangqun_cli.text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text

    s = ctx.session
    problem = _guard(
        "problem",
        lambda: clean_text(
            _text(values, "problem", required="问题描述"),
            field="问题描述",
            max_len=TEXT_MAX,
            multiline=True,
            required=True,
        ),
    )
    unit_ref = _unit_id(ctx, values, defer=True)
    unit_id = unit_ref if isinstance(unit_ref, int) else None
    due_text = _text(values, "due")
    ongoing = due_text is not None and "".join(due_text.split()) in ONGOING
    if "".join((_text(values, "state") or "").split()) in ONGOING:
        # 长期坚持 written as the state: a standing item, under way.
        ongoing, values = True, {**values, "state": ItemState.in_progress.value}
    due = None if ongoing else _date(values, "due", ctx.today, dates.parse_deadline)
    if due is None and not ongoing:
        raise CellError("due", "整改时限不能为空", "写日期，或写“长期坚持”")
    state = _enum(values, "state", ItemState, "整改状态")
    closed_text = _text(values, "closed")
    if closed_text is not None:
        word = closed_text.strip().lower()
        if word not in YES and word not in NO:
            raise CellError("closed", f"“{closed_text[:20]}”应为 是 或 否", "已销号写“是”")
        if word in YES:
            state = ItemState.closed
        elif state is ItemState.closed:
            raise CellError("closed", "“是否销号”为否，“状态”却是已销号", "两列请保持一致")
    result = _guard(
        "result",
        lambda: clean_text(
            _text(values, "result"), field="完成情况", max_len=TEXT_MAX, multiline=True
        ),
    )
    # A ledger that says how the work is going (整改情况) but not that it is done: 整改中.
    state = state or (ItemState.in_progress if result else ItemState.open)
    if state in (ItemState.closed, ItemState.submitted) and not result:
        raise CellError(
            "result", f"“{state.label}”的事项须写明完成情况", "填写完成情况，或改为未销号"
        )
    closed_on = _date(values, "closed_at", ctx.today) if state is ItemState.closed else None
    # A ledger without an opening date: the item was opened by its deadline (and its
    # closing) at the latest, and not after today.
    opened = _date(values, "opened_on", ctx.today) or min(
        d for d in (ctx.today, due, closed_on) if d is not None
    )
    if state is ItemState.closed:
        closed_on = closed_on or ctx.today
        if closed_on < opened:
            raise CellError("closed_at", "销号时间早于立项时间", "请检查两个日期")
    if due is not None and due < opened:
        raise CellError(
            "due", f"整改时限 {due.isoformat()} 早于立项时间 {opened.isoformat()}", "请检查日期"
        )

    def text(key, label, limit, multiline=False, required=False):
        return _guard(
            key,
            lambda: clean_text(
                _text(values, key, required=label if required else None),
                field=label,
                max_len=limit,
                multiline=multiline,
                required=required,
            ),
        )

    fields = {
        "problem": problem,
        "measures": text("measures", "整改措施", TEXT_MAX, True),
        "unit_id": unit_id,  # None while the unit is still to be created
        "owner": text("owner", "责任人", NAME_MAX, required=True),
        "leader": text("leader", "责任领导", NAME_MAX),
        "due": due,
        "state": state,
        "opened_on": opened,
        "result": result,
        "evidence": text("evidence", "佐证材料", TEXT_MAX, True),
        "submitted_on": opened if state in (ItemState.submitted, ItemState.closed) else None,
        "verified_by": (text("verified_by", "验收人", NAME_MAX) or "（台账导入）")
        if state is ItemState.closed
        else None,
        "closed_on": closed_on,
        "source": text("source", "问题来源", TITLE_MAX),
        "note": text("note", "备注", TEXT_MAX, True),
    }
    opinion_ids = []
    for word in _list(values, "opinions") or []:
        if not (word.isascii() and word.isdigit()) or s.get(Opinion, int(word)) is None:
            raise CellError(
                "opinions", f"没有编号为 {word[:20]} 的意见", "意见编号用逗号分隔，如 1,2"
            )
        opinion_ids.append(int(word))

    with s.begin_nested():  # the row is known good: now change the database
        return _save_item(ctx, values, fields, unit_ref, opinion_ids, due, opened, problem)


def _save_item(ctx, values, fields, unit_ref, opinion_ids, due, opened, problem):
    from dangqun_cli.models import ItemOpinion, Opinion, RectificationItem

    s = ctx.session
    if isinstance(unit_ref, str):
        from dangqun_cli.services.units import add_unit

        unit_id = fields["unit_id"] = add_unit(s, name=unit_ref)
    else:
        unit_id = unit_ref
    existing = None
    item_id = _int(values, "id")
    if item_id is not None and not 0 < item_id < 2**63:
        raise CellError("id", f"编号 {item_id} 无效", "编号应为正整数；新事项可留空")
    if item_id is not None:
        existing = s.get(RectificationItem, item_id)
    keys = ctx.known(
        "items",
        sa.select(RectificationItem.id, RectificationItem.problem, RectificationItem.unit_id),
    )
    if existing is None and (problem, unit_id) in keys:
        existing = s.get(RectificationItem, keys[(problem, unit_id)])
    if existing is None:
        record = RectificationItem(
            **fields,
            id=item_id,  # an exported ledger comes back under the same numbers
            original_due=due,
            created_at=dt.datetime.now().replace(microsecond=0),
            opinion_links=[],
            notes=[],
            extensions=[],
        )
        s.add(record)
        s.flush()
        keys[(problem, unit_id)] = record.id
        action = "create"
    else:
        record = existing
        action = _update_item(ctx, record, fields, due)
    linked = {link.opinion_id for link in record.opinion_links}
    for oid in opinion_ids:
        if oid not in linked:
            record.opinion_links.append(ItemOpinion(opinion_id=oid))
            opinion = s.get(Opinion, oid)
            if opinion.state is OpinionState.pending:
                opinion.state = OpinionState.rectifying
                opinion.handled_on = opened
            action = "update" if action == "same" else action
    return action, problem[:40]


# Set only by the moves that reach a state (submit, verify), never by a row directly.
_MOVE_FIELDS = ("state", "submitted_on", "verified_by", "closed_on")


def _update_item(ctx: Context, record, fields: dict, due) -> str:
    """Bring an existing item to what its row says: its fields as ``rectify edit`` would,
    its state only by the moves the commands make (services/rectification.py)."""
    from dangqun_cli.services import rectification as rect

    target = fields["state"]
    moves = rect.moves_to(record.state, target)
    if moves is None:
        raise CellError(
            "state",
            f"整改事项 {record.id} 当前为“{record.state.label}”，不能通过导入改为“{target.label}”",
            "导入只能把事项往前推进；退回请用 dangqun rectify reject"
            if record.state is not ItemState.closed
            else "已销号的事项不再变动；确需重新整改，请新增一条事项",
        )
    moving = ("result", "evidence") if moves else ()  # submit records them
    changed = {
        k: v
        for k, v in fields.items()
        if k not in _MOVE_FIELDS and k not in moving and getattr(record, k) != v
    }
    if record.original_due is None and due is not None:
        changed["original_due"] = due
    if record.state is ItemState.closed and changed:
        key = next(iter(changed))
        raise CellError(
            key if key in fields else "due",
            f"整改事项 {record.id} 已销号，不能通过导入修改",
            "已销号的事项不再变动；确需重新整改，请新增一条事项",
        )
    for k, v in changed.items():
        setattr(record, k, v)
    by = ctx.session.info.get("actor") or "（台账导入）"
    day = fields["closed_on"] or ctx.today
    steps = {
        rect.Action.note: lambda: rect.note(
            ctx.session,
            record.id,
            fields["result"] or "（台账导入）",
            on=day,
            by=by,
            today=ctx.today,
        ),
        rect.Action.submit: lambda: rect.submit(
            ctx.session,
            record.id,
            fields["result"],
            fields["evidence"],
            on=day,
            by=by,
            today=ctx.today,
        ),
        rect.Action.verify: lambda: rect.verify(
            ctx.session, record.id, verifier=fields["verified_by"], on=day, today=ctx.today
        ),
    }
    for move in moves:
        _guard("state", steps[move])
    return "update" if changed or moves else "same"


# ---- meetings ----------------------------------------------------------------------------


def _meeting(ctx: Context, values: dict) -> tuple[str, str]:
    with ctx.session.begin_nested():  # a meeting is checked by the service as it is built
        return _meeting_row(ctx, values)


def _meeting_row(ctx: Context, values: dict) -> tuple[str, str]:
    from dangqun_cli.models import Meeting
    from dangqun_cli.services import meetings

    kind = _enum(values, "kind", MeetingKind, "会议类型")
    if kind is None:
        raise CellError("kind", "会议类型不能为空", "如 座谈会、联席会议")
    title = _text(values, "title", required="会议主题")
    when = _when(values, "date", ctx.today)
    if when is None:
        raise CellError("date", "会议时间不能为空", "如 2010年9月6日下午3点")
    unit = _text(values, "unit")
    if unit is not None:
        _unit_id(ctx, values, "unit")
    for key in ("attendees", "invitees"):  # NAME@UNIT: the unit must exist (or be created)
        for person in _list(values, key) or []:
            if "@" in person and person.split("@", 1)[1].strip():
                _unit_id(ctx, {key: person.split("@", 1)[1].strip()}, key)
    data = meetings.MeetingInput(
        kind=kind,
        title=title,
        when=when,
        end=_when(values, "end", ctx.today),
        place=_text(values, "place") or "",
        unit=unit or "",
        host=_text(values, "host") or "",
        recorder=_text(values, "recorder") or "",
        attendees=[meetings.parse_attendee(p) for p in _list(values, "attendees") or []],
        absentees=[meetings.parse_absentee(p) for p in _list(values, "absentees") or []],
        invitees=[meetings.parse_attendee(p) for p in _list(values, "invitees") or []],
        expected=_int(values, "expected"),
        present=_int(values, "present"),
        minutes=_text(values, "minutes") or "",
        decisions=_list(values, "decisions", lines=True) or [],
    )
    s = ctx.session
    meeting_id = _int(values, "id")
    if meeting_id is not None and not 0 < meeting_id < 2**63:
        raise CellError("id", f"编号 {meeting_id} 无效", "编号应为正整数；新会议可留空")
    existing = s.get(Meeting, meeting_id) if meeting_id else None
    keys = ctx.known("meetings", sa.select(Meeting.id, Meeting.kind, Meeting.title, Meeting.date))
    key = (kind, title.strip(), when.date)
    if existing is None and key in keys:
        existing = s.get(Meeting, keys[key])
    if existing is None:
        keys[key] = _guard("title", lambda: meetings.add_meeting(s, data, record_id=meeting_id))
        return "create", title[:40]
    before = _snapshot(s, existing)
    _guard("title", lambda: meetings.edit_meeting(s, existing.id, data))
    return ("same" if _snapshot(s, existing) == before else "update"), title[:40]


def _snapshot(session, record) -> dict:
    from dangqun_cli.services.audit import snapshot

    session.flush()
    return snapshot(record.audit_key()[0], record)


# ---- opinions ----------------------------------------------------------------------------


def _opinion(ctx: Context, values: dict) -> tuple[str, str]:
    with ctx.session.begin_nested():
        return _opinion_row(ctx, values)


def _opinion_row(ctx: Context, values: dict) -> tuple[str, str]:
    from dangqun_cli.models import Meeting, Opinion
    from dangqun_cli.text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text

    s = ctx.session
    text = _guard(
        "text",
        lambda: clean_text(
            _text(values, "text", required="意见内容"),
            field="意见内容",
            max_len=TEXT_MAX,
            multiline=True,
            required=True,
        ),
    )
    meeting_id = _int(values, "meeting_id")
    meeting = None
    if meeting_id is not None:
        meeting = s.get(Meeting, meeting_id) if 0 < meeting_id < 2**63 else None
        if meeting is None:
            raise CellError(
                "meeting_id", f"没有编号为 {meeting_id} 的会议", "先导入会议，或留空并写来源"
            )
    source = _guard(
        "source", lambda: clean_text(_text(values, "source"), field="来源", max_len=TITLE_MAX)
    )
    if meeting is None and not source:
        raise CellError(
            "source", "会议编号和来源至少写一个", "不是会上提出的意见，写明来源（如 意见箱）"
        )
    state = _enum(values, "state", OpinionState, "意见状态") or OpinionState.pending
    fields = {
        "meeting_id": meeting.id if meeting else None,
        "source": source,
        "raised_by": _guard(
            "by", lambda: clean_text(_text(values, "by"), field="提出人", max_len=NAME_MAX)
        ),
        "topic": _guard(
            "topic", lambda: clean_text(_text(values, "topic"), field="类别", max_len=50)
        ),
        "text": text,
        "state": state,
        "reply": _guard(
            "reply",
            lambda: clean_text(
                _text(values, "reply"), field="答复", max_len=TEXT_MAX, multiline=True
            ),
        ),
        "reason": _guard(
            "reason",
            lambda: clean_text(
                _text(values, "reason"), field="理由", max_len=TEXT_MAX, multiline=True
            ),
        ),
        "raised_on": _date(values, "raised_on", ctx.today)
        or (meeting.date if meeting else ctx.today),
        "handled_on": _date(values, "handled_on", ctx.today),
    }
    if state is OpinionState.answered and not fields["reply"]:
        raise CellError("reply", "“已答复”的意见须写明答复", "填写答复，或改为待处理")
    if state is OpinionState.declined and not fields["reason"]:
        raise CellError("reason", "“不予采纳”的意见须写明理由", "填写理由")
    opinion_id = _int(values, "id")
    if opinion_id is not None and not 0 < opinion_id < 2**63:
        raise CellError("id", f"编号 {opinion_id} 无效", "编号应为正整数；新意见可留空")
    existing = s.get(Opinion, opinion_id) if opinion_id else None
    keys = ctx.known(
        "opinions",
        sa.select(
            Opinion.id,
            Opinion.text,
            Opinion.meeting_id,
            sa.case((Opinion.meeting_id.is_(None), Opinion.source), else_=None),
        ),
    )
    key = (text, fields["meeting_id"], None if meeting else fields["source"])
    if existing is None and key in keys:
        existing = s.get(Opinion, keys[key])
    if existing is None:
        record = Opinion(
            **fields, id=opinion_id, created_at=dt.datetime.now().replace(microsecond=0)
        )
        s.add(record)
        s.flush()
        keys[key] = record.id
        return "create", text[:40]
    return _update_opinion(ctx, existing, fields), text[:40]


# Changed only by the moves that reach a state (opinion reply, opinion decline).
_OPINION_MOVE_FIELDS = ("state", "reply", "reason", "handled_on")


def _update_opinion(ctx: Context, record, fields: dict) -> str:
    """Bring an existing opinion to what its row says: its state, reply and reason only by
    the moves the commands make (services/opinions.py)."""
    from dangqun_cli.services import opinions

    target = fields["state"]
    move = None
    if target is not record.state or (
        target is OpinionState.answered and fields["reply"] != record.reply
    ):
        move = opinions.move_to(record.state, target)
        if move is None:
            raise CellError(
                "state",
                f"意见 {record.id} 当前为“{record.state.label}”，不能通过导入改为“{target.label}”",
                "转为整改由整改事项的“意见编号”完成；已处理的意见不再改回"
                if target is not OpinionState.answered
                else "只有待处理或已答复的意见可以答复",
            )
    elif key := next(
        (k for k in _OPINION_MOVE_FIELDS if fields[k] and getattr(record, k) != fields[k]), None
    ):
        raise CellError(
            key,
            f"意见 {record.id} 已是“{record.state.label}”，导入不能改它的答复、理由或处理时间",
            "答复可用 dangqun opinion reply 更正",
        )
    changed = {
        k: v for k, v in fields.items() if k not in _OPINION_MOVE_FIELDS and getattr(record, k) != v
    }
    for k, v in changed.items():
        setattr(record, k, v)
    if move is not None:
        day = fields["handled_on"] or ctx.today
        if move is opinions.Action.reply:
            _guard("reply", lambda: opinions.reply(ctx.session, record.id, fields["reply"], on=day))
        else:
            _guard(
                "reason",
                lambda: opinions.decline(ctx.session, record.id, fields["reason"], on=day),
            )
    return "update" if changed or move else "same"
