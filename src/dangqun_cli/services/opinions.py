"""Opinions and suggestions (意见建议): raised at a meeting or elsewhere, then handled.

An opinion starts 待处理 (pending) and ends 已答复 (answered), 不予采纳 (declined, with a
reason) or 已转整改 (rectifying, once a rectification item takes it up).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy.orm import Session

from dangqun_cli.enums import OpinionState
from dangqun_cli.errors import IllegalMove, InvalidInput
from dangqun_cli.models import Opinion
from dangqun_cli.services import audit
from dangqun_cli.services.common import get_record
from dangqun_cli.services.meetings import get_meeting
from dangqun_cli.text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text

_HINT = "用 dangqun opinion list 查看意见编号"
TOPIC_MAX = 50


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


def add_opinion(
    session: Session,
    *,
    text: str,
    meeting_id: int | None = None,
    source: str | None = None,
    by: str | None = None,
    topic: str | None = None,
    on: dt.date | None = None,
    today: dt.date,
) -> int:
    """Record an opinion; it is dated by its meeting unless ``on`` says otherwise."""
    if (meeting_id is None) == (source is None or not source.strip()):
        raise InvalidInput(
            "请说明意见的来源：会议或其他渠道（二选一）",
            "用 --meeting 会议编号，或 --source 来源（如 意见箱）",
        )
    meeting = get_meeting(session, meeting_id) if meeting_id is not None else None
    if on is not None and on > today:
        raise InvalidInput(f"提出日期 {on.isoformat()} 晚于今天", "不写 --date 即为今天")
    opinion = Opinion(
        meeting_id=meeting.id if meeting else None,
        source=clean_text(source, field="来源", max_len=TITLE_MAX),
        raised_by=clean_text(by, field="提出人", max_len=NAME_MAX),
        topic=clean_text(topic, field="类别", max_len=TOPIC_MAX),
        text=clean_text(text, field="意见内容", max_len=TEXT_MAX, multiline=True, required=True),
        raised_on=on or (meeting.date if meeting else today),
        created_at=dt.datetime.now().replace(microsecond=0),
    )
    session.add(opinion)
    session.flush()
    return opinion.id


def get_opinion(session: Session, opinion_id: int) -> Opinion:
    return get_record(session, Opinion, opinion_id, "意见", _HINT)


def reply(session: Session, opinion_id: int, text: str, *, on: dt.date) -> None:
    """Answer an opinion (待处理 → 已答复); an answered one may have its reply corrected."""
    opinion = get_opinion(session, opinion_id)
    _require(opinion, Action.reply)
    _not_before_raised(opinion, on)
    opinion.reply = clean_text(
        text, field="答复内容", max_len=TEXT_MAX, multiline=True, required=True
    )
    opinion.state = OpinionState.answered
    opinion.handled_on = on
    session.flush()
    audit.label(session, ("opinion", opinion.id), "reply")


def decline(session: Session, opinion_id: int, reason: str, *, on: dt.date) -> None:
    """Decline an opinion with a reason (待处理 → 不予采纳)."""
    opinion = get_opinion(session, opinion_id)
    _require(opinion, Action.decline)
    _not_before_raised(opinion, on)
    opinion.reason = clean_text(
        reason, field="不予采纳的理由", max_len=TEXT_MAX, multiline=True, required=True
    )
    opinion.state = OpinionState.declined
    opinion.handled_on = on
    session.flush()
    audit.label(session, ("opinion", opinion.id), "decline")


def _not_before_raised(opinion: Opinion, on: dt.date) -> None:
    if on < opinion.raised_on:
        raise InvalidInput(
            f"处理日期 {on.isoformat()} 早于意见的提出日期 {opinion.raised_on.isoformat()}",
            "请检查 --date",
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
