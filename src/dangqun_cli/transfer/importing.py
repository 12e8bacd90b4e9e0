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
from dangqun_cli.database.sequences import sync_sequences
from dangqun_cli.enums import ItemState, MeetingKind, OpinionState
from dangqun_cli.errors import DangqunError, InvalidInput, NotFound, NothingChanged
from dangqun_cli.fields import ITEM, MEETING, OPINION, RECORDS
from dangqun_cli.records import MAX_ID
from dangqun_cli.services import audit
from dangqun_cli.transfer.batch import ItemBatch, collector_paused
from dangqun_cli.transfer.columns import (
    IGNORED,
    LINE_SEPARATORS,
    LIST_SEPARATORS,
    TYPES,
    normalise,
    recognise,
)
from dangqun_cli.transfer.formulas import QUOTE, restore
from dangqun_cli.transfer.reading import HEADER_SCAN, Sheet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RowProblems(DangqunError):
    """Everything wrong with one row, each problem naming its field (``exc.field``)."""

    def __init__(self, problems: list[DangqunError]) -> None:
        super().__init__(problems[0].message, problems[0].hints, field=problems[0].field)
        self.problems = problems


def cell_error(key: str, message: str, hint=None) -> InvalidInput:
    """A problem with one cell: which column, what is wrong, how to fix it."""
    return InvalidInput(message, hint, field=key)


class Row:
    """One data row as it is checked: its values and every problem found in them, so that a
    row with three mistakes is reported with three, not fixed in three rounds."""

    def __init__(self, values: dict, today: dt.date) -> None:
        self.values = values
        self.today = today
        self.problems: list[DangqunError] = []
        self.failed: set[str] = set()

    def take(self, key: str, read):
        """``read(value)`` for the cell under ``key`` (None when it is empty); a refusal is
        kept against the column and gives None."""
        value = self.values.get(key)
        if value is None:
            return None
        try:
            return read(value)
        except DangqunError as exc:
            self.refuse(exc, key)
            return None

    def refuse(self, exc: DangqunError, key: str | None = None) -> None:
        for problem in getattr(exc, "problems", [exc]):
            if problem.field is None and key is not None:
                problem.field = key
            self.problems.append(problem)
            self.failed.add(problem.field or "")

    def check(self, problems) -> None:
        for problem in problems:
            self.refuse(problem)

    def ok(self, *keys: str) -> bool:
        return not self.failed.intersection(keys)

    # text() and date() read most cells of a ledger: no closure per cell.
    def text(self, field, *, required: bool | None = None) -> str | None:
        needed = field.required if required is None else required
        value = self.values.get(field.key)
        if value is None:
            if needed:
                self.refuse(
                    InvalidInput(f"{field.label}不能为空", f"请填写{field.label}", field=field.key)
                )
            return None
        try:
            return field.clean(value if type(value) is str else _as_text(value), required=needed)
        except DangqunError as exc:
            self.refuse(exc, field.key)
            return None

    def date(self, key: str, parse=dates.parse_date) -> dt.date | None:
        value = self.values.get(key)
        if value is None:
            return None
        try:
            return _as_date(value, parse, self.today)
        except DangqunError as exc:
            self.refuse(exc, key)
            return None

    def done(self) -> None:
        if self.problems:
            raise RowProblems(self.problems)


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


@collector_paused()
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
    if kind == "items":  # the day an imported item's moves happen is its 销号时间
        header_of["on"] = header_of["closed_at"]
    apply = {"meetings": _meeting, "opinions": _opinion}.get(kind)  # items: check_item
    context = Context(session, today, create_units)
    report = Report(kind, header_row, columns, unknown, [], sheet.encoding)
    batch = ItemBatch(context) if kind == "items" else None
    for number, cells in sheet.rows:
        if number <= header_row:
            continue
        values = _values(keys, cells, csv=sheet.encoding is not None)
        if not values:
            continue  # blank rows and the merged space under a title are not records
        try:
            if batch is not None:
                # New items wait in the batch; any other row writes them first, since it may
                # be about one of them.
                plan = check_item(context, values)
                if batch.takes(plan):
                    report.rows.append(RowResult(number, "create", plan.fields["problem"][:40]))
                    if progress is not None:
                        progress()
                    continue
                batch.flush()
                with session.begin_nested():
                    action, label = _save_item(context, plan)
            else:
                # Each apply function checks the whole row first and changes the session
                # only inside a savepoint once the row is known good (no rollback needed).
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
            problems = [
                (_column(kind, p.field, header_of), p.message, p.hint_in_columns(header_of))
                for p in getattr(exc, "problems", [exc])
            ]
            report.rows.append(RowResult(number, "error", _label(values), problems))
        if progress is not None:
            progress()
    if batch is not None and not report.errors:
        batch.flush()
    return report


def _column(kind: str, key: str | None, header_of: dict[str, str]) -> str:
    """The column a problem is charged to, as the file names it (a field the ledger has no
    column for, such as a move's day, by its label)."""
    if key is None:
        return ""
    record = RECORDS[kind]
    return header_of.get(key) or (record[key].label if key in record.by_key else "")


def _values(keys: list, cells: list, *, csv: bool) -> dict:
    """A data row's non-empty cells by field key, text trimmed; a CSV cell loses the
    apostrophe export put before "=…"."""
    values = {}
    for key, value in zip(keys, cells, strict=False):
        if key is None or value is None:
            continue
        if isinstance(value, str):
            if csv and value.startswith(QUOTE):
                value = restore(value)
            value = value.strip()
            if not value:
                continue
        values[key] = value
    return values


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
    new_units: set[str] = field(default_factory=set)  # to be added (--create-units)
    way: str = "import"  # or "file" (rectify add --from-file), which has no --create-units

    opinions: dict[int, tuple] | None = None

    def known(self, kind: str, query) -> dict:
        if kind not in self.keys:
            self.keys[kind] = {tuple(row[1:]): row[0] for row in self.session.execute(query)}
        return self.keys[kind]

    def opinion(self, opinion_id: int) -> tuple | None:
        """An opinion's (state, raised_on) as the import found it, or None."""
        from dangqun_cli.models import Opinion

        if self.opinions is None:
            query = sa.select(Opinion.id, Opinion.state, Opinion.raised_on)
            self.opinions = {r.id: (r.state, r.raised_on) for r in self.session.execute(query)}
        return self.opinions.get(opinion_id)


# ---- cell readers: a cell as the field's kind, refusals naming the field --------------


def _as_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _as_date(value: Any, parse, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):  # an Excel date cell
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse(str(value), today=today)


def _text(values: dict, key: str, *, required: str | None = None) -> str | None:
    value = values.get(key)
    if value is None:
        if required:
            raise cell_error(key, f"{required}不能为空", f"请填写{required}")
        return None
    return _as_text(value)


def _date(values: dict, key: str, today: dt.date, parse=dates.parse_date) -> dt.date | None:
    value = values.get(key)
    if value is None:
        return None
    try:
        return _as_date(value, parse, today)
    except DangqunError as exc:
        raise cell_error(key, exc.message, exc.hint) from None


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
        raise cell_error(key, exc.message, exc.hint) from None


def _as_int(value: Any) -> int:
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) < 12:
        return int(text)
    raise InvalidInput(f"“{str(value)[:20]}”不是整数", "请填写数字")


def _int(values: dict, key: str) -> int | None:
    value = values.get(key)
    if value is None:
        return None
    try:
        return _as_int(value)
    except DangqunError as exc:
        raise cell_error(key, exc.message, exc.hint) from None


def _record_id(value: Any) -> int:
    number = _as_int(value)
    if not 0 < number <= MAX_ID:
        raise InvalidInput(f"编号 {number} 无效", "编号应为正整数；新记录可留空")
    return number


def _split(text: str, *, lines: bool = False) -> list[str]:
    pattern = LINE_SEPARATORS if lines else LIST_SEPARATORS
    return [part.strip() for part in pattern.split(text) if part.strip()]


def _list(values: dict, key: str, *, lines: bool = False) -> list[str] | None:
    text = _text(values, key)
    return None if text is None else _split(text, lines=lines)


def _enum(values: dict, key: str, enum, what: str):
    text = _text(values, key)
    if text is None:
        return None
    try:
        return enum.parse(text, what=what)
    except DangqunError as exc:
        raise cell_error(key, exc.message, exc.hint) from None


def _unit_id(
    ctx: Context, values: dict, key: str = "unit", *, required: bool = True, defer: bool = False
) -> int | str | None:
    """The unit's id; with ``defer``, the name of a unit still to be created (--create-units)."""
    from dangqun_cli.unit_lookup import find_unit_id, unit_id_by_name

    name = _text(values, key, required="责任单位" if required else None)
    if name is None:
        return None
    name = name.strip()
    if defer and name in ctx.new_units:
        return name
    if name not in ctx.units:
        found = _guard(key, lambda: unit_id_by_name(ctx.session.connection(), name))
        if found is None and not ctx.create_units:
            try:
                find_unit_id(ctx.session.connection(), name)  # for its "did you mean"
            except NotFound as exc:
                more = "；或加 --create-units 自动添加" if ctx.way == "import" else ""
                raise cell_error(key, exc.message, f"{exc.hint}{more}") from None
        if found is None:
            if defer:
                ctx.new_units.add(name)
                return name
            from dangqun_cli.services.units import add_unit

            return _guard(key, lambda: add_unit(ctx.session, name=name))  # cached once saved
        ctx.units[name] = found
    return ctx.units[name]


def _guard(key: str, call):
    """Run a service call, charging a refusal that names no field to ``key``'s column."""
    try:
        return call()
    except DangqunError as exc:
        if exc.field is None:
            exc.field = key
        raise


# ---- items -------------------------------------------------------------------------------


@dataclass
class ItemPlan:
    """A checked item row: what to write, once every row is known good."""

    item_id: int | None
    fields: dict
    unit_ref: int | str  # a unit's id, or the name of one --create-units will add
    opinion_ids: list[int]
    original_due: dt.date | None
    progress: str | None
    stated: bool = True  # the row says the state (状态 or 是否销号), not just implies it
    dated: bool = True  # the row gives the opening date (立项时间), not just implies it

    @property
    def key(self) -> tuple:
        return (self.fields["problem"], self.unit_ref)


_ITEM_TEXTS = tuple(
    ITEM[k]
    for k in (
        "problem",
        "category",
        "measures",
        "target",
        "owner",
        "leader",
        "progress",
        "result",
        "evidence",
        "source",
        "note",
    )
)


def check_item(ctx: Context, values: dict) -> ItemPlan:
    """Every problem of an item row, or what it asks for; reads, never writes."""
    from dangqun_cli.services import rectification as rect

    row = Row(values, ctx.today)
    texts = {f.key: row.text(f) for f in _ITEM_TEXTS}
    verified_by = row.text(ITEM["verified_by"], required=False)
    if values.get("unit") is None:
        row.refuse(cell_error("unit", "责任单位不能为空", "请填写责任单位"))
    unit_ref = row.take("unit", lambda _: _unit_id(ctx, values, defer=True))
    partners = row.take("partners", lambda v: rect.clean_partners(_split(_as_text(v))))
    due_text = _text(values, "due")
    ongoing = due_text is not None and "".join(due_text.split()) in ONGOING
    if "".join((_text(values, "state") or "").split()) in ONGOING:
        # 长期坚持 written as the state: a standing item, under way.
        ongoing, values = True, {**values, "state": ItemState.in_progress.value}
        row.values = values
    due = None if ongoing else row.date("due", dates.parse_deadline)
    original_due = row.date("original_due", dates.parse_deadline)
    state = row.take("state", lambda v: ItemState.parse(_as_text(v), what="整改状态"))
    closed_text = _text(values, "closed")
    if closed_text is not None:
        word = closed_text.strip().lower()
        if word not in YES and word not in NO:
            row.refuse(cell_error("closed", f"“{closed_text[:20]}”应为 是 或 否", "已销号写“是”"))
        elif word in YES:
            state = ItemState.closed
        elif state is ItemState.closed:
            row.refuse(cell_error("closed", "“是否销号”为否，“状态”却是已销号", "两列请保持一致"))
    progress, result = texts["progress"], texts["result"]
    # A ledger that says how the work is going but not that it is done: 整改中. A closed
    # row's 整改进展 is what was done, when the ledger has no 完成情况 column.
    if row.ok("state", "closed"):
        state = state or (ItemState.in_progress if result or progress else ItemState.open)
    if state in (ItemState.submitted, ItemState.closed) and not result:
        result = progress
    elif state is ItemState.open and progress:
        state = ItemState.in_progress  # progress recorded: under way, as `rectify note` does
    closed_on = row.date("closed_at") if state is ItemState.closed else None
    submitted_on = row.date("submitted_on")
    given_opened = row.date("opened_on")
    # A ledger without an opening date: the item was opened by its deadline (and its
    # closing) at the latest, and not after today.
    opened = given_opened or min(d for d in (ctx.today, due, closed_on) if d is not None)
    if state is ItemState.closed:
        closed_on = closed_on or ctx.today
    if state in (ItemState.submitted, ItemState.closed):
        submitted_on = submitted_on or closed_on or ctx.today
    if row.ok("due", "opened_on"):
        row.check(
            p
            for p in rect.opening_problems(opened=opened, due=due, ongoing=ongoing, today=ctx.today)
            if row.ok("due") or p.field != "due"
        )
    if state is not None and row.ok("closed_at", "opened_on"):
        row.check(rect.state_problems(state, result=result, opened=opened, closed=closed_on))
    if original_due is not None and due is not None and original_due > due:
        row.refuse(
            cell_error(
                "original_due",
                f"原定时限 {original_due.isoformat()} 晚于整改时限 {due.isoformat()}",
                "延期只会把时限延后；请检查两个日期",
            )
        )
    item_id = row.take("id", _record_id)
    opinion_ids = []
    for word in row.take("opinions", lambda v: _split(_as_text(v))) or []:
        known = ctx.opinion(int(word)) if word.isascii() and word.isdigit() else None
        if known is None:
            row.refuse(
                cell_error(
                    "opinions",
                    f"没有编号为 {word[:20]} 的意见",
                    "先导入意见、再导入整改事项（或用 export all 整本导出导入）；"
                    "意见编号用逗号分隔，如 1,2",
                )
            )
        elif (problem := rect.take_up_problem(int(word), *known, opened)) is not None:
            row.refuse(problem)
        else:
            opinion_ids.append(int(word))
    row.done()

    fields = {
        **{k: v for k, v in texts.items() if k != "progress"},
        "result": result,
        "unit_id": unit_ref if isinstance(unit_ref, int) else None,  # None: still to create
        "partners": partners,
        "due": due,
        "state": state,
        "opened_on": opened,
        "submitted_on": submitted_on if state in (ItemState.submitted, ItemState.closed) else None,
        "verified_by": (verified_by or "（台账导入）") if state is ItemState.closed else None,
        "closed_on": closed_on,
    }
    stated = values.get("state") is not None or closed_text is not None
    dated = given_opened is not None
    return ItemPlan(item_id, fields, unit_ref, opinion_ids, original_due, progress, stated, dated)


def _save_item(ctx: Context, plan: ItemPlan) -> tuple[str, str]:
    """Bring the existing item a row names to what the row says (new items are the
    batch's, transfer/batch.py)."""
    from dangqun_cli.models import ItemOpinion, Opinion, RectificationItem
    from dangqun_cli.services import rectification as rect

    s = ctx.session
    item_id, fields, unit_ref = plan.item_id, plan.fields, plan.unit_ref
    opinion_ids, original_due, progress = plan.opinion_ids, plan.original_due, plan.progress
    problem = fields["problem"]
    if isinstance(unit_ref, str):
        from dangqun_cli.services.units import add_unit

        if unit_ref not in ctx.units:
            ctx.units[unit_ref] = add_unit(s, name=unit_ref)
            ctx.new_units.discard(unit_ref)
        unit_id = fields["unit_id"] = ctx.units[unit_ref]
    else:
        unit_id = unit_ref
    existing = s.get(RectificationItem, item_id) if item_id is not None else None
    keys = ctx.known(
        "items",
        sa.select(RectificationItem.id, RectificationItem.problem, RectificationItem.unit_id),
    )
    if existing is None and (problem, unit_id) in keys:
        existing = s.get(RectificationItem, keys[(problem, unit_id)])
    if existing is None:  # batch.takes() keeps every new item: this row names one there
        raise RuntimeError(f"import: no item for row {problem[:20]!r}")
    record = existing
    if not plan.dated:  # a ledger without 立项时间 leaves the item's opening date alone
        fields = {**fields, "opened_on": record.opened_on}
    if not plan.stated and rect.moves_to(record.state, fields["state"]) is None:
        fields = {**fields, "state": record.state}  # a row silent on the state keeps it
        for key in _MOVE_FIELDS[1:]:
            fields[key] = getattr(record, key)
    action = _update_item(ctx, record, fields, original_due, progress)
    # The links are read only for a row that names opinions: a re-imported ledger's rows
    # mostly name none, and each read is a query.
    linked = {link.opinion_id for link in record.opinion_links} if opinion_ids else set()
    for oid in opinion_ids:
        if oid not in linked:
            _guard("opinions", lambda oid=oid: rect.take_up(s.get(Opinion, oid), record.opened_on))
            record.opinion_links.append(ItemOpinion(opinion_id=oid))
            action = "update" if action == "same" else action
    return action, problem[:40]


# Set only by the moves that reach a state (note, submit, verify), never by a row directly;
# the deadline moves only by ``rectify extend``, which needs a reason.
_MOVE_FIELDS = ("state", "submitted_on", "verified_by", "closed_on")


def _update_item(ctx: Context, record, fields: dict, original_due, progress) -> str:
    """Bring an existing item to what its row says: its fields as ``rectify edit`` would,
    its state only by the moves the commands make (services/rectification.py)."""
    from dangqun_cli.services import rectification as rect

    target = fields["state"]
    moves = rect.moves_to(record.state, target)
    if moves is None:
        raise cell_error(
            "state",
            f"整改事项 {record.id} 当前为“{record.state.label}”，不能通过导入改为“{target.label}”",
            "导入只能把事项往前推进；退回请用 dangqun rectify reject"
            if record.state is not ItemState.closed
            else "已销号的事项不再变动；确需重新整改，请新增一条事项",
        )
    new_progress = None
    if progress and progress != record.result:  # the notes are read only when it may matter
        latest = next((n.text for n in reversed(record.notes) if n.kind == "note"), None)
        new_progress = progress if progress != latest else None
    if new_progress and not moves and record.state in rect.MOVES[rect.Action.note]:
        moves = [rect.Action.note]
    elif new_progress and rect.Action.note not in moves and not fields["result"]:
        raise cell_error(
            "progress",
            f"整改事项 {record.id} 当前为“{record.state.label}”，不能再记录进展",
            "已提交验收或已销号的事项不再记录进展",
        )
    moving = ("result", "evidence") if moves else ()  # submit records them
    changed = {
        k: v
        for k, v in fields.items()
        if k not in _MOVE_FIELDS and k not in moving and getattr(record, k) != v
    }
    if record.state is ItemState.closed and changed:
        key = next(iter(changed))
        raise cell_error(
            key,
            f"整改事项 {record.id} 已销号，不能通过导入修改",
            "已销号的事项不再变动；确需重新整改，请新增一条事项",
        )
    changed.pop("due", None)
    problems = []
    if record.due != fields["due"]:
        problems.append(
            cell_error(
                "due",
                f"整改事项 {record.id} 的时限是 {_day(record.due)}，"
                f"导入不能改为 {_day(fields['due'])}",
                "延期请用 dangqun rectify extend（写明理由），时限不会被表格改动",
            )
        )
    if original_due is not None and record.original_due not in (None, original_due):
        problems.append(
            cell_error(
                "original_due",
                f"整改事项 {record.id} 的原定时限是 {_day(record.original_due)}，不能通过导入修改",
                "原定时限是立项时的时限，保留不变",
            )
        )
    if problems:
        raise RowProblems(problems)
    if record.original_due is None and fields["due"] is not None:
        changed["original_due"] = original_due or fields["due"]
    for k, v in changed.items():
        setattr(record, k, v)
    by = ctx.session.info.get("actor") or "（台账导入）"
    day = fields["closed_on"] or ctx.today
    steps = {
        rect.Action.note: lambda: rect.note(
            ctx.session,
            record.id,
            new_progress or fields["result"] or "（台账导入）",
            on=fields["submitted_on"] or day if rect.Action.submit in moves else day,
            by=by,
            today=ctx.today,
        ),
        rect.Action.submit: lambda: rect.submit(
            ctx.session,
            record.id,
            fields["result"],
            fields["evidence"],
            on=fields["submitted_on"] or day,
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


def _day(day: dt.date | None) -> str:
    return "长期坚持" if day is None else day.isoformat()


# ---- meetings ----------------------------------------------------------------------------


def _meeting(ctx: Context, values: dict) -> tuple[str, str]:
    try:
        with ctx.session.begin_nested():  # a meeting is checked by the service as it is built
            return _meeting_row(ctx, values)
    except _Same as same:  # the row holds what the meeting holds: rolled back, nothing noted
        audit.discard_pending(ctx.session)
        return "same", same.label


class _Same(Exception):
    def __init__(self, label: str) -> None:
        self.label = label


def _meeting_row(ctx: Context, values: dict) -> tuple[str, str]:
    from dangqun_cli.models import Meeting
    from dangqun_cli.services import meetings

    row = Row(values, ctx.today)
    kind = row.take("kind", lambda v: MeetingKind.parse(_as_text(v), what="会议类型"))
    if values.get("kind") is None:
        row.refuse(cell_error("kind", "会议类型不能为空", "如 座谈会、联席会议"))
    title = row.text(MEETING["title"])
    when = row.take("date", lambda v: _when({"date": v}, "date", ctx.today))
    if values.get("date") is None:
        row.refuse(cell_error("date", "会议时间不能为空", "如 2010年9月6日下午3点"))
    end = row.take("end", lambda v: _when({"end": v}, "end", ctx.today))
    unit = row.take("unit", lambda v: _as_text(v))
    if unit is not None:
        row.take("unit", lambda _: _unit_id(ctx, values, "unit"))
    people = {}
    for key in ("attendees", "invitees", "absentees"):
        people[key] = row.take(key, lambda v: _split(_as_text(v))) or []
    # 姓名@单位 of who attended or was absent: the unit must exist (or be created). A 列席
    # guest's may be an organisation from outside, kept as text (services.meetings).
    for key, parse in (
        ("attendees", meetings.parse_attendee),
        ("absentees", meetings.parse_absentee),
    ):
        for person in people[key]:
            named = parse(person).unit
            if named:
                row.take(key, lambda _, k=key, u={key: named}: _unit_id(ctx, u, k))
    expected = row.take("expected", _as_int)
    present = row.take("present", _as_int)
    meeting_id = row.take("id", _record_id)
    row.done()
    data = meetings.MeetingInput(
        kind=kind,
        title=title,
        when=when,
        end=end,
        place=_text(values, "place") or "",
        unit=unit or "",
        host=_text(values, "host") or "",
        recorder=_text(values, "recorder") or "",
        attendees=[meetings.parse_attendee(p) for p in people["attendees"]],
        absentees=[meetings.parse_absentee(p) for p in people["absentees"]],
        invitees=[meetings.parse_attendee(p) for p in people["invitees"]],
        expected=expected,
        present=present,
        minutes=_text(values, "minutes") or "",
        decisions=_list(values, "decisions", lines=True) or [],
    )
    s = ctx.session
    existing = s.get(Meeting, meeting_id) if meeting_id else None
    keys = ctx.known("meetings", sa.select(Meeting.id, Meeting.kind, Meeting.title, Meeting.date))
    key = (kind, title.strip(), when.date)
    if existing is None and key in keys:
        existing = s.get(Meeting, keys[key])
    if existing is None:
        keys[key] = _guard("title", lambda: meetings.add_meeting(s, data, record_id=meeting_id))
        return "create", title[:40]
    try:
        _guard("title", lambda: meetings.edit_meeting(s, existing.id, data))
    except NothingChanged:
        raise _Same(title[:40]) from None
    return "update", title[:40]


# ---- opinions ----------------------------------------------------------------------------


def _opinion(ctx: Context, values: dict) -> tuple[str, str]:
    with ctx.session.begin_nested():
        return _opinion_row(ctx, values)


def _opinion_row(ctx: Context, values: dict) -> tuple[str, str]:
    from dangqun_cli.models import Meeting, Opinion
    from dangqun_cli.services import opinions

    s = ctx.session
    row = Row(values, ctx.today)
    text = row.text(OPINION["text"])
    meeting_id = row.take("meeting_id", _as_int)
    meeting = None
    if meeting_id is not None:
        meeting = s.get(Meeting, meeting_id) if 0 < meeting_id <= MAX_ID else None
        if meeting is None:
            row.refuse(
                cell_error(
                    "meeting_id", f"没有编号为 {meeting_id} 的会议", "先导入会议，或留空并写来源"
                )
            )
    source = row.text(OPINION["source"])
    if meeting is None and not source and row.ok("meeting_id", "source"):
        row.refuse(
            cell_error(
                "source", "会议编号和来源至少写一个", "不是会上提出的意见，写明来源（如 意见箱）"
            )
        )
    state = row.take("state", lambda v: OpinionState.parse(_as_text(v), what="意见状态"))
    state = state or OpinionState.pending
    fields = {
        "meeting_id": meeting.id if meeting else None,
        "source": source,
        "raised_by": row.text(OPINION["by"]),
        "topic": row.text(OPINION["topic"]),
        "text": text,
        "state": state,
        "reply": row.text(OPINION["reply"]),
        "reason": row.text(OPINION["reason"]),
        "raised_on": row.date("raised_on") or (meeting.date if meeting else ctx.today),
        "handled_on": row.date("handled_on"),
        "unit_id": row.take("unit", lambda _: _unit_id(ctx, values, required=False)),
    }
    if row.ok("state"):
        row.check(opinions.state_problems(state, reply=fields["reply"], reason=fields["reason"]))
    opinion_id = row.take("id", _record_id)
    row.done()
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
            raise cell_error(
                "state",
                f"意见 {record.id} 当前为“{record.state.label}”，不能通过导入改为“{target.label}”",
                "转为整改由整改事项的“意见编号”完成；已处理的意见不再改回"
                if target is not OpinionState.answered
                else "只有待处理或已答复的意见可以答复",
            )
    elif key := next(
        (k for k in _OPINION_MOVE_FIELDS if fields[k] and getattr(record, k) != fields[k]), None
    ):
        raise cell_error(
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
