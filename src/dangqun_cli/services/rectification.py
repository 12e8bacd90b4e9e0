"""Rectification items (整改事项) and their life, from 待整改 to 已销号.

``MOVES`` is the one place that says which action may happen in which state and what
state follows; every move is checked there, dated by the day it really happened, and
written to the item's log (``ProgressNote``) so that its history reads in order.

    待整改 open ──note──▶ 整改中 in_progress ──submit──▶ 待验收 submitted ──verify──▶ 已销号 closed
                                   ▲                              │                       │
                                   ├────────── reject ◀───────────┘                       │
                                   └──────── recheck, not effective (回头看未见成效) ◀──────┘

A closed item is re-checked (回头看) some days after its 销号 (setting ``recheck.days``): a
re-check that held leaves it closed; one that did not reopens it, and it is closed again
by the usual submit and verify.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from dangqun_cli.enums import ItemState, OpinionState
from dangqun_cli.errors import DangqunError, IllegalMove, InvalidInput
from dangqun_cli.fields import ITEM
from dangqun_cli.models import (
    Extension,
    ItemOpinion,
    NoteKind,
    Opinion,
    ProgressNote,
    Recheck,
    RectificationItem,
)
from dangqun_cli.records import get_record
from dangqun_cli.services import audit
from dangqun_cli.unit_lookup import find_unit_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Action(StrEnum):
    note = "note"
    extend = "extend"
    submit = "submit"
    verify = "verify"
    reject = "reject"
    edit = "edit"
    recheck = "recheck"  # 回头看：整改成效巩固
    reopen = "reopen"  # 回头看：未见成效，重新整改


S = ItemState
MOVES: dict[Action, dict[ItemState, ItemState]] = {
    Action.note: {S.open: S.in_progress, S.in_progress: S.in_progress},
    Action.extend: {S.open: S.open, S.in_progress: S.in_progress, S.submitted: S.submitted},
    Action.submit: {S.in_progress: S.submitted},
    Action.verify: {S.submitted: S.closed},
    Action.reject: {S.submitted: S.in_progress},
    Action.edit: {S.open: S.open, S.in_progress: S.in_progress, S.submitted: S.submitted},
    Action.recheck: {S.closed: S.closed},
    Action.reopen: {S.closed: S.in_progress},
}

ACTION_WORDS = {
    Action.note: "记录进展（rectify note）",
    Action.extend: "延期（rectify extend）",
    Action.submit: "提交验收（rectify submit）",
    Action.verify: "验收销号（rectify verify）",
    Action.reject: "退回（rectify reject）",
    Action.edit: "修改（rectify edit）",
    Action.recheck: "回头看（rectify recheck）",
    Action.reopen: "回头看（rectify recheck --not-effective）",
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
    if action in (Action.recheck, Action.reopen):
        hint = "回头看的是已销号的事项：先提交验收（rectify submit）并验收销号（rectify verify）"
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
    category: str | None = None
    target: str | None = None
    partners: list[str] | None = None


def opening_problems(
    *, opened: dt.date, due: dt.date | None, ongoing: bool, today: dt.date
) -> list[InvalidInput]:
    """What is wrong with a new item's dates: the rules every way in checks (``rectify add``,
    ``--from-file``, import), each problem naming its field."""
    found = []
    if opened > today:
        found.append(
            InvalidInput(
                f"立项日期 {opened.isoformat()} 晚于今天",
                ITEM.hint(
                    "记录已经发生的事；不写 {opened_on} 即为今天",
                    columns="记录已经发生的事，请检查{opened_on}",
                ),
                field="opened_on",
            )
        )
    if ongoing and due is not None:
        found.append(
            InvalidInput(
                "整改时限和“长期坚持”只能选一个",
                ITEM.hint("有明确时限用 {due}，否则用 {ongoing}"),
                field="due",
            )
        )
    elif not ongoing and due is None:
        found.append(
            InvalidInput(
                "缺少整改时限",
                ITEM.hint(
                    "用 {due} 指定时限（如 2010-10-31、+30d），或用 {ongoing}",
                    columns="在{due}写日期（如 2010-10-31、12月31日前），或写“长期坚持”",
                ),
                field="due",
            )
        )
    elif due is not None and due < opened:
        found.append(
            InvalidInput(
                f"整改时限 {due.isoformat()} 早于立项日期 {opened.isoformat()}",
                ITEM.hint("请检查 {due} 或 {opened_on}"),
                field="due",
            )
        )
    return found


def state_problems(
    state: ItemState, *, result: str | None, opened: dt.date, closed: dt.date | None
) -> list[InvalidInput]:
    """What a record needs to stand in ``state`` (an imported item may start in any state)."""
    found = []
    if state in (S.submitted, S.closed) and not result:
        found.append(
            InvalidInput(
                f"“{state.label}”的事项须写明完成情况",
                ITEM.hint("填写{result}，或改为未销号"),
                field="result",
            )
        )
    if state is S.closed and closed is not None and closed < opened:
        found.append(
            InvalidInput(
                f"销号时间 {closed.isoformat()} 早于立项时间 {opened.isoformat()}",
                ITEM.hint("请检查{closed_at}和{opened_on}"),
                field="closed_at",
            )
        )
    return found


def first(problems: list[InvalidInput]) -> None:
    """Raise the first problem, for the ways in that stop at one (a command)."""
    if problems:
        raise problems[0]


def add_item(session: Session, data: ItemInput, *, on: dt.date, today: dt.date) -> int:
    """Open an item (待整改); the opinions it answers become 已转整改."""
    first(opening_problems(opened=on, due=data.due, ongoing=data.ongoing, today=today))
    if not data.unit:
        raise InvalidInput("缺少责任单位", ITEM.hint("用 {unit} 指定责任单位"), field="unit")
    item = RectificationItem(
        problem=ITEM.clean("problem", data.problem),
        category=ITEM.clean("category", data.category),
        measures=ITEM.clean("measures", data.measures),
        target=ITEM.clean("target", data.target),
        source=ITEM.clean("source", data.source),
        unit_id=find_unit_id(session.connection(), data.unit),
        partners=clean_partners(data.partners),
        owner=ITEM.clean("owner", data.owner),
        leader=ITEM.clean("leader", data.leader),
        due=data.due,
        original_due=data.due,
        state=S.open,
        opened_on=on,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    for opinion_id in dict.fromkeys(data.opinions):  # once each, in the order given
        opinion = get_record(session, Opinion, opinion_id)
        take_up(opinion, on)
        item.opinion_links.append(ItemOpinion(opinion_id=opinion.id))
    session.add(item)
    session.flush()
    return item.id


PARTNERS_JOIN = "、"


def clean_partners(names: list[str] | None) -> str | None:
    """配合单位 as stored: the names, once each, joined by 、 (they need not be units here)."""
    if not names:
        return None
    kept = [n for n in (ITEM.clean("partners", name) for name in names) if n]
    return ITEM.clean("partners", PARTNERS_JOIN.join(dict.fromkeys(kept)))


def take_up(opinion: Opinion, on: dt.date) -> None:
    """An item answers ``opinion`` from ``on``: 待处理 becomes 已转整改."""
    first([p for p in [take_up_problem(opinion.id, opinion.state, opinion.raised_on, on)] if p])
    if opinion.state is OpinionState.pending:
        opinion.state = OpinionState.rectifying
        opinion.handled_on = on


def take_up_problem(
    opinion_id: int, state: OpinionState, raised_on: dt.date, on: dt.date
) -> DangqunError | None:
    """Why an item opened on ``on`` cannot answer this opinion, or None."""
    if on < raised_on:
        return InvalidInput(
            f"立项日期 {on.isoformat()} 早于意见 {opinion_id} 的提出日期 {raised_on.isoformat()}",
            ITEM.hint("请检查 {opened_on}"),
            field="opened_on",
        )
    if state not in (OpinionState.pending, OpinionState.rectifying):
        return IllegalMove(
            f"意见 {opinion_id} 当前为“{state.label}”，不能转为整改事项",
            "只有“待处理”或“已转整改”的意见可以转为整改事项",
            field="opinions",
        )
    return None


def get_item(session: Session, item_id: int) -> RectificationItem:
    return get_record(session, RectificationItem, item_id)


def note(session: Session, item_id: int, text: str, *, on: dt.date, by: str, today: dt.date):
    """Record progress; the first note turns 待整改 into 整改中."""
    item = get_item(session, item_id)
    state = next_state(item, Action.note)
    _check_move_day(item, on, today)
    body = ITEM.clean("text", text, required=True)
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
    why = ITEM.clean("extend_reason", reason, required=True)
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
    item.result = ITEM.clean("result", result, required=True)
    item.evidence = ITEM.clean("evidence", evidence)
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
    name = ITEM.clean("verified_by", verifier, required=True)
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
    why = ITEM.clean("reject_reason", reason, required=True)
    _log(session, item, NoteKind.reject, on, by, why)
    item.submitted_on = None
    item.state = state
    _done(session, item, Action.reject)


def recheck(
    session: Session,
    item_id: int,
    *,
    result: str | None,
    reason: str | None,
    effective: bool,
    by: str,
    on: dt.date,
    today: dt.date,
) -> int:
    """回头看: record what a re-check of a closed item found. One that held (``effective``,
    with its ``result``) leaves the item closed; one that did not (with its ``reason``)
    reopens it (已销号 → 整改中) until it is submitted and verified again. Returns the
    re-check's id."""
    item = get_item(session, item_id)
    state = next_state(item, Action.recheck if effective else Action.reopen)
    if item.closed_on is not None and on < item.closed_on:
        raise InvalidInput(
            f"复查日期 {on.isoformat()} 早于销号日期 {item.closed_on.isoformat()}",
            ITEM.hint("回头看在销号之后；请检查 {on}"),
            field="on",
        )
    _check_move_day(item, on, today)
    name = ITEM.clean("recheck_by", by, required=True)
    found = ITEM.clean("recheck_result", result, required=True) if effective else None
    why = None if effective else ITEM.clean("recheck_reason", reason, required=True)
    row = Recheck(
        day=on,
        effective=effective,
        result=found,
        reason=why,
        by=name,
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    item.rechecks.append(row)
    if not effective:
        # Open again: the 销号 that did not hold is undone (the item's history and the
        # audit trail keep it); the next submit and verify close it anew.
        item.submitted_on = None
        item.verified_by = None
        item.closed_on = None
    item.state = state
    _done(session, item, Action.recheck if effective else Action.reopen)
    return row.id


EDITABLE = ("problem", "category", "measures", "target", "owner", "leader", "source")


def edit(session: Session, item_id: int, **changes) -> None:
    """Change the descriptive fields (problem, category, measures, target, unit, partners,
    owner, leader, source); values equal to the stored ones are
    :class:`~dangqun_cli.errors.NothingChanged`."""
    item = get_item(session, item_id)
    next_state(item, Action.edit)
    before = audit.content("item", item)
    for name, value in changes.items():
        if value is None:
            continue
        if name == "unit":
            item.unit_id = find_unit_id(session.connection(), value)
        elif name == "partners":
            item.partners = clean_partners(value)
        else:
            setattr(item, name, ITEM.clean(name, value))
    audit.refuse_no_change(session, "item", item, before)
    _done(session, item, Action.edit)


def _log(session, item, kind: NoteKind, on: dt.date, by: str, text: str) -> None:
    item.notes.append(ProgressNote(kind=kind, day=on, by=_by(by), text=text))


def _by(name: str) -> str:
    return ITEM.clean("by", name) or "unknown"


def _done(session: Session, item: RectificationItem, action: Action) -> None:
    session.flush()
    audit.label(session, ("item", item.id), action.value)


def _check_move_day(item: RectificationItem, on: dt.date, today: dt.date) -> None:
    if on > today:
        raise InvalidInput(
            f"日期 {on.isoformat()} 晚于今天",
            ITEM.hint("记录已经发生的事；不写 {on} 即为今天", columns="请检查{closed_at}"),
            field="on",
        )
    days = [n.day for n in item.notes] + [e.day for e in item.extensions]
    days += [r.day for r in item.rechecks]
    last = max(days, default=item.opened_on)
    if on < last:
        raise InvalidInput(
            f"日期 {on.isoformat()} 早于该事项上一次记录的日期 {last.isoformat()}",
            ITEM.hint("按发生顺序记录；请检查 {on}", columns="按发生顺序记录；请检查{closed_at}"),
            field="on",
        )
