"""Opinions and suggestions (意见建议): raised at a meeting or elsewhere, then handled.

An opinion starts 待处理 (pending) and ends 已答复 (answered), 不予采纳 (declined, with a
reason) or 已转整改 (rectifying, once a rectification item takes it up).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy.orm import Session

from dangqun_cli.enums import OpinionState
from dangqun_cli.errors import DangqunError, IllegalMove, InvalidInput
from dangqun_cli.fields import OPINION
from dangqun_cli.models import Opinion
from dangqun_cli.records import get_record
from dangqun_cli.services import audit
from dangqun_cli.services.meetings import get_meeting


class Action(StrEnum):
    reply = "reply"
    decline = "decline"


S = OpinionState
# Which action may happen in which state, and what state follows (the one place: the
# commands and the importer both go by it). 已转整改 is reached only by an item taking the
# opinion up (services/rectification.py).
MOVES: dict[Action, dict[OpinionState, OpinionState]] = {
    Action.reply: {S.pending: S.answered, S.answered: S.answered},
    Action.decline: {S.pending: S.declined},
}
_ACTION_WORDS = {Action.reply: "答复", Action.decline: "不予采纳"}


def move_to(state: OpinionState, target: OpinionState) -> Action | None:
    """The action that takes an opinion from ``state`` to ``target``, or None."""
    return next((a for a, moves in MOVES.items() if moves.get(state) is target), None)


def state_problems(
    state: OpinionState, *, reply: str | None, reason: str | None
) -> list[InvalidInput]:
    """What an opinion needs to stand in ``state`` (an imported one may start in any)."""
    if state is S.answered and not reply:
        return [
            InvalidInput(
                "“已答复”的意见须写明答复", OPINION.hint("填写{reply}，或改为待处理"), field="reply"
            )
        ]
    if state is S.declined and not reason:
        return [
            InvalidInput("“不予采纳”的意见须写明理由", OPINION.hint("填写{reason}"), field="reason")
        ]
    return []


def add_opinion(
    session: Session,
    *,
    text: str,
    meeting_id: int | None = None,
    source: str | None = None,
    by: str | None = None,
    topic: str | None = None,
    on: dt.date | None = None,
    unit: str | None = None,
    today: dt.date,
) -> int:
    """Record an opinion; it is dated by its meeting unless ``on`` says otherwise. ``unit``
    is the unit that raised it (its people), when known."""
    if (meeting_id is None) == (source is None or not source.strip()):
        raise InvalidInput(
            "请说明意见的来源：会议或其他渠道（二选一）",
            OPINION.hint("用 {meeting_id} 会议编号，或 {source} 来源（如 意见箱）"),
            field="source",
        )
    meeting = get_meeting(session, meeting_id) if meeting_id is not None else None
    if on is not None and on > today:
        raise InvalidInput(
            f"提出日期 {on.isoformat()} 晚于今天",
            OPINION.hint("不写 {raised_on} 即为今天", columns="请检查{raised_on}"),
            field="raised_on",
        )
    opinion = Opinion(
        meeting_id=meeting.id if meeting else None,
        source=OPINION.clean("source", source),
        raised_by=OPINION.clean("by", by),
        topic=OPINION.clean("topic", topic),
        text=OPINION.clean("text", text),
        raised_on=on or (meeting.date if meeting else today),
        created_at=dt.datetime.now().replace(microsecond=0),
        unit_id=raising_unit(session, unit),
    )
    session.add(opinion)
    session.flush()
    return opinion.id


def raising_unit(session: Session, name: str | None) -> int | None:
    """The id of the unit an opinion names as raising it (None when it names none)."""
    from dangqun_cli.unit_lookup import find_unit_id

    if name is None:
        return None
    try:
        return find_unit_id(session.connection(), name)
    except DangqunError as exc:
        exc.field = "unit"
        raise


def get_opinion(session: Session, opinion_id: int) -> Opinion:
    return get_record(session, Opinion, opinion_id)


def reply(session: Session, opinion_id: int, text: str, *, on: dt.date) -> None:
    """Answer an opinion (待处理 → 已答复); an answered one may have its reply corrected."""
    opinion = get_opinion(session, opinion_id)
    _require(opinion, Action.reply)
    _not_before_raised(opinion, on)
    opinion.reply = OPINION.clean("reply", text, required=True)
    opinion.state = OpinionState.answered
    opinion.handled_on = on
    session.flush()
    audit.label(session, ("opinion", opinion.id), "reply")


def decline(session: Session, opinion_id: int, reason: str, *, on: dt.date) -> None:
    """Decline an opinion with a reason (待处理 → 不予采纳)."""
    opinion = get_opinion(session, opinion_id)
    _require(opinion, Action.decline)
    _not_before_raised(opinion, on)
    opinion.reason = OPINION.clean("reason", reason, required=True)
    opinion.state = OpinionState.declined
    opinion.handled_on = on
    session.flush()
    audit.label(session, ("opinion", opinion.id), "decline")


def _not_before_raised(opinion: Opinion, on: dt.date) -> None:
    if on < opinion.raised_on:
        raise InvalidInput(
            f"处理日期 {on.isoformat()} 早于意见的提出日期 {opinion.raised_on.isoformat()}",
            OPINION.hint("请检查 {handled_on}"),
            field="handled_on",
        )


def _require(opinion: Opinion, action: Action) -> None:
    if opinion.state in MOVES[action]:
        return
    states = "、".join(s.label for s in MOVES[action])
    word = _ACTION_WORDS[action]
    raise IllegalMove(
        f"意见 {opinion.id} 当前为“{opinion.state.label}”，不能{word}",
        f"只有“{states}”的意见可以{word}",
    )
