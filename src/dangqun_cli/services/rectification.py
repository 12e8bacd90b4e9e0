"""Rectification items (整改事项) and their life, from 待整改 to 已销号.

``MOVES`` is the one place that says which action may happen in which state and what
state follows; every move is checked there, dated by the day it really happened, and
written to the item's log (``ProgressNote``) so that its history reads in order.

    待整改 open ──note──▶ 整改中 in_progress ──submit──▶ 待验收 submitted ──verify──▶ 已销号 closed
                                   ▲                              │
                                   └────────── reject ◀───────────┘
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from dangqun_cli.enums import ItemState, OpinionState
from dangqun_cli.errors import DangqunError, IllegalMove, InvalidInput
from dangqun_cli.models import (
    Extension,
    ItemOpinion,
    NoteKind,
    Opinion,
    ProgressNote,
    RectificationItem,
)
from dangqun_cli.queries.common import find_unit_id
from dangqun_cli.services import audit
from dangqun_cli.services.common import get_record
from dangqun_cli.text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HINT = "用 dangqun rectify list 查看整改事项编号"


class Action(StrEnum):
    note = "note"
    extend = "extend"
    submit = "submit"
    verify = "verify"
    reject = "reject"
    edit = "edit"


S = ItemState
MOVES: dict[Action, dict[ItemState, ItemState]] = {
    Action.note: {S.open: S.in_progress, S.in_progress: S.in_progress},
    Action.extend: {S.open: S.open, S.in_progress: S.in_progress, S.submitted: S.submitted},
    Action.submit: {S.in_progress: S.submitted},
    Action.verify: {S.submitted: S.closed},
    Action.reject: {S.submitted: S.in_progress},
    Action.edit: {S.open: S.open, S.in_progress: S.in_progress, S.submitted: S.submitted},
}

ACTION_WORDS = {
    Action.note: "记录进展（rectify note）",
    Action.extend: "延期（rectify extend）",
    Action.submit: "提交验收（rectify submit）",
    Action.verify: "验收销号（rectify verify）",
    Action.reject: "退回（rectify reject）",
    Action.edit: "修改（rectify edit）",
}


# What an import may do to an existing item to bring it to the state its row shows: move
# it forward, each move recorded as its command records it. Never back: a reject needs a
# reason and a person, and a 销号 that a spreadsheet could undo would not be one.
IMPORT_MOVES = (Action.note, Action.submit, Action.verify)


def moves_to(state: ItemState, target: ItemState) -> list[Action] | None:
    """The moves from ``state`` to ``target`` ([] when they are the same), or None."""
    path: list[Action] = []
    seen = {state}
    while state is not target:
        step = next((a for a in IMPORT_MOVES if MOVES[a].get(state) not in (None, *seen)), None)
        if step is None:
            return None
        path.append(step)
        state = MOVES[step][state]
        seen.add(state)
    return path


def next_state(item: RectificationItem, action: Action) -> ItemState:
    """The state after ``action``, or an IllegalMove naming what the current state allows."""
    allowed = MOVES[action]
    if item.state in allowed:
        return allowed[item.state]
    possible = [ACTION_WORDS[a] for a in Action if item.state in MOVES[a]]
    verb = ACTION_WORDS[action].split("（")[0]
    hint = (
        f"“{item.state.label}”的事项可以：{'、'.join(possible)}"
        if possible
        else "已销号的事项不能再变动"
    )
    if action is Action.submit and item.state is S.open:
        hint = "先用 rectify note 记录整改进展，再提交验收"
    raise IllegalMove(f"整改事项 {item.id} 当前为“{item.state.label}”，不能{verb}", hint)


@dataclass
class ItemInput:
    """What a new item is given (also one line of ``rectify add --from-file``)."""

    problem: str | None = None
    measures: str | None = None
    unit: str | None = None
    owner: str | None = None
    leader: str | None = None
    due: dt.date | None = None
    ongoing: bool = False
    opinions: list[int] = field(default_factory=list)
    source: str | None = None


def add_item(session: Session, data: ItemInput, *, on: dt.date, today: dt.date) -> int:
    """Open an item (待整改); the opinions it answers become 已转整改."""
    _check_day(on, today=today, what="立项日期")
    if data.ongoing and data.due is not None:
        raise InvalidInput("整改时限和“长期坚持”只能选一个", "有明确时限用 --due，否则用 --ongoing")
    if not data.ongoing and data.due is None:
        raise InvalidInput(
            "缺少整改时限", "用 --due 指定时限（如 2010-10-31、+30d），或用 --ongoing"
        )
    if data.due is not None and data.due < on:
        raise InvalidInput(
            f"整改时限 {data.due.isoformat()} 早于立项日期 {on.isoformat()}",
            "请检查 --due 或 --date",
        )
    if not data.unit:
        raise InvalidInput("缺少责任单位", "用 --unit 指定责任单位")
    item = RectificationItem(
        problem=clean_text(
            data.problem, field="问题", max_len=TEXT_MAX, multiline=True, required=True
        ),
        measures=clean_text(data.measures, field="整改措施", max_len=TEXT_MAX, multiline=True),
        source=clean_text(data.source, field="来源", max_len=TITLE_MAX),
        unit_id=find_unit_id(session.connection(), data.unit),
        owner=clean_text(data.owner, field="责任人", max_len=NAME_MAX, required=True),
        leader=clean_text(data.leader, field="责任领导", max_len=NAME_MAX),
        due=data.due,
        original_due=data.due,
        state=S.open,
        opened_on=on,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    for opinion_id in dict.fromkeys(data.opinions):  # once each, in the order given
        opinion = get_record(session, Opinion, opinion_id, "意见", "用 dangqun opinion list 查看")
        if on < opinion.raised_on:
            raise InvalidInput(
                f"立项日期 {on.isoformat()} 早于意见 {opinion.id} 的提出日期 "
                f"{opinion.raised_on.isoformat()}",
                "请检查 --date",
            )
        if opinion.state not in (OpinionState.pending, OpinionState.rectifying):
            raise IllegalMove(
                f"意见 {opinion.id} 当前为“{opinion.state.label}”，不能转为整改事项",
                "只有“待处理”或“已转整改”的意见可以转为整改事项",
            )
        if opinion.state is OpinionState.pending:
            opinion.state = OpinionState.rectifying
            opinion.handled_on = on
        item.opinion_links.append(ItemOpinion(opinion_id=opinion.id))
    session.add(item)
    session.flush()
    return item.id


def get_item(session: Session, item_id: int) -> RectificationItem:
    return get_record(session, RectificationItem, item_id, "整改事项", HINT)


def note(session: Session, item_id: int, text: str, *, on: dt.date, by: str, today: dt.date):
    """Record progress; the first note turns 待整改 into 整改中."""
    item = get_item(session, item_id)
    state = next_state(item, Action.note)
    _check_move_day(item, on, today)
    body = clean_text(text, field="进展内容", max_len=TEXT_MAX, multiline=True, required=True)
    _log(session, item, NoteKind.note, on, by, body)
    item.state = state
    _done(session, item, Action.note)


def extend(
    session: Session,
    item_id: int,
    to: dt.date,
    reason: str,
    *,
    on: dt.date,
    by: str,
    today: dt.date,
):
    """Move the deadline later, with a reason; the original deadline is kept."""
    item = get_item(session, item_id)
    state = next_state(item, Action.extend)
    _check_move_day(item, on, today)
    if item.due is None:
        raise IllegalMove(
            f"整改事项 {item.id} 为长期坚持，没有时限可延", "长期坚持的事项不需要延期"
        )
    if to <= item.due:
        raise InvalidInput(
            f"新的时限 {to.isoformat()} 不晚于当前时限 {item.due.isoformat()}", "延期只能延后"
        )
    if to <= on:
        raise InvalidInput(
            f"新的时限 {to.isoformat()} 已经过去（延期日期 {on.isoformat()}）", "请给出以后的日期"
        )
    why = clean_text(reason, field="延期理由", max_len=TEXT_MAX, multiline=True, required=True)
    item.extensions.append(Extension(from_due=item.due, to_due=to, reason=why, day=on, by=_by(by)))
    item.due = to
    item.state = state
    _done(session, item, Action.extend)


def submit(
    session: Session,
    item_id: int,
    result: str,
    evidence: str | None,
    *,
    on: dt.date,
    by: str,
    today: dt.date,
):
    """Submit the result for verification (整改中 → 待验收)."""
    item = get_item(session, item_id)
    state = next_state(item, Action.submit)
    _check_move_day(item, on, today)
    item.result = clean_text(
        result, field="完成情况", max_len=TEXT_MAX, multiline=True, required=True
    )
    item.evidence = clean_text(evidence, field="佐证材料", max_len=TEXT_MAX, multiline=True)
    item.submitted_on = on
    _log(session, item, NoteKind.submit, on, by, item.result)
    item.state = state
    _done(session, item, Action.submit)


def verify(session: Session, item_id: int, *, verifier: str, on: dt.date, today: dt.date):
    """Verify and close (销号): needs a submitted result and a verifier."""
    item = get_item(session, item_id)
    state = next_state(item, Action.verify)
    _check_move_day(item, on, today)
    if not item.result:
        raise IllegalMove(f"整改事项 {item.id} 没有完成情况，不能销号", "先用 rectify submit 提交")
    name = clean_text(verifier, field="验收人", max_len=NAME_MAX, required=True)
    item.verified_by = name
    item.closed_on = on
    _log(session, item, NoteKind.verify, on, name, "验收通过，予以销号")
    item.state = state
    _done(session, item, Action.verify)


def reject(session: Session, item_id: int, reason: str, *, on: dt.date, by: str, today: dt.date):
    """Send back (退回) with a reason: 待验收 → 整改中."""
    item = get_item(session, item_id)
    state = next_state(item, Action.reject)
    _check_move_day(item, on, today)
    why = clean_text(reason, field="退回理由", max_len=TEXT_MAX, multiline=True, required=True)
    _log(session, item, NoteKind.reject, on, by, why)
    item.submitted_on = None
    item.state = state
    _done(session, item, Action.reject)


def edit(session: Session, item_id: int, **changes) -> None:
    """Change the descriptive fields (problem, measures, unit, owner, leader, source)."""
    item = get_item(session, item_id)
    next_state(item, Action.edit)
    limits = {
        "problem": ("问题", TEXT_MAX, True, True),
        "measures": ("整改措施", TEXT_MAX, True, False),
        "owner": ("责任人", NAME_MAX, False, True),
        "leader": ("责任领导", NAME_MAX, False, False),
        "source": ("来源", TITLE_MAX, False, False),
    }
    for name, value in changes.items():
        if value is None:
            continue
        if name == "unit":
            item.unit_id = find_unit_id(session.connection(), value)
            continue
        label, limit, multiline, required = limits[name]
        setattr(
            item,
            name,
            clean_text(value, field=label, max_len=limit, multiline=multiline, required=required),
        )
    _done(session, item, Action.edit)


def _log(session, item, kind: NoteKind, on: dt.date, by: str, text: str) -> None:
    item.notes.append(ProgressNote(kind=kind, day=on, by=_by(by), text=text))


def _by(name: str) -> str:
    return clean_text(name, field="记录人", max_len=NAME_MAX) or "unknown"


def _done(session: Session, item: RectificationItem, action: Action) -> None:
    session.flush()
    audit.label(session, ("item", item.id), action.value)


def _check_day(on: dt.date, *, today: dt.date, what: str) -> None:
    if on > today:
        raise InvalidInput(
            f"{what} {on.isoformat()} 晚于今天", "记录已经发生的事；不写 --date 即为今天"
        )


def _check_move_day(item: RectificationItem, on: dt.date, today: dt.date) -> None:
    _check_day(on, today=today, what="日期")
    days = [n.day for n in item.notes] + [e.day for e in item.extensions]
    last = max(days, default=item.opened_on)
    if on < last:
        raise InvalidInput(
            f"日期 {on.isoformat()} 早于该事项上一次记录的日期 {last.isoformat()}",
            "按发生顺序记录；请检查 --date",
        )


# ---- bulk: rectify add --from-file --------------------------------------------------

FILE_KEYS = {
    "problem",
    "measures",
    "unit",
    "owner",
    "leader",
    "due",
    "ongoing",
    "opinions",
    "source",
    "date",
}


def add_from_lines(session: Session, text: str, *, today: dt.date) -> list[int]:
    """Add one item per JSON line of ``text``, all in the caller's transaction; the error
    names the line."""
    from dangqun_cli import dates
    from dangqun_cli.transfer import jsonl

    ids: list[int] = []
    for number, line in jsonl.lines(text):
        if not line.strip():
            continue
        try:
            record = jsonl.loads(line)
            if not isinstance(record, dict):
                raise InvalidInput("每行应是一个 JSON 对象")
            unknown = sorted(set(record) - FILE_KEYS)
            if unknown:
                raise InvalidInput(
                    f"不认识的键：{', '.join(unknown)}", f"可用的键：{', '.join(sorted(FILE_KEYS))}"
                )
            data = ItemInput(
                problem=_str(record, "problem"),
                measures=_str(record, "measures"),
                unit=_str(record, "unit"),
                owner=_str(record, "owner"),
                leader=_str(record, "leader"),
                due=dates.parse_deadline(due, today=today)
                if (due := _str(record, "due"))
                else None,
                ongoing=_bool(record, "ongoing"),
                opinions=_ids(record.get("opinions", [])),
                source=_str(record, "source"),
            )
            on = (
                dates.parse_date(_str(record, "date"), today=today) if record.get("date") else today
            )
            ids.append(add_item(session, data, on=on, today=today))
        except DangqunError as exc:
            raise type(exc)(f"第 {number} 行：{exc.message}", exc.hint) from None
    if not ids:
        raise InvalidInput("文件中没有整改事项", '每行一个 JSON 对象，例如 {"problem": …}')
    return ids


def _str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"“{key}”应为文字，收到 {json.dumps(value, ensure_ascii=False)}")


def _bool(record: dict, key: str) -> bool:
    value = record.get(key, False)
    if isinstance(value, bool):
        return value
    raise InvalidInput(f"“{key}”应为 true 或 false，收到 {json.dumps(value, ensure_ascii=False)}")


def _ids(value) -> list[int]:
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return value
    raise InvalidInput("“opinions”应为意见编号的数组，例如 [1, 2]")
