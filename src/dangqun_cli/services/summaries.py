"""Saved work summaries (工作总结): a draft with its facts and the secretary's paragraphs,
finalised (定稿) once; a final summary is never changed or replaced, only added to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dangqun_cli.dates import Period, now
from dangqun_cli.enums import SummaryState
from dangqun_cli.errors import IllegalMove
from dangqun_cli.models import WorkSummary
from dangqun_cli.records import get_record
from dangqun_cli.services import audit
from dangqun_cli.text import MINUTES_MAX, TITLE_MAX, clean_text
from dangqun_cli.unit_lookup import find_unit_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def save(
    session: Session,
    facts: dict,
    *,
    period: Period,
    unit: str | None,
    title: str,
    force: bool = False,
) -> tuple[int, bool]:
    """Store the facts as a draft: refresh the period's draft, or start one.

    Returns (id, created). A period with a final summary needs ``force``; the final one
    is kept and a new draft is started beside it.
    """
    unit_id = find_unit_id(session.connection(), unit) if unit else None
    existing = (
        session.query(WorkSummary)
        .filter_by(period_key=period.key, unit_id=unit_id)
        .order_by(WorkSummary.id)
        .all()
    )
    finals = [s for s in existing if s.state is SummaryState.final]
    drafts = [s for s in existing if s.state is SummaryState.draft]
    if finals and not force:
        raise IllegalMove(
            f"{period.label}的工作总结已定稿（第 {finals[-1].id} 号），不能重新生成",
            "确需重新生成请加 --force：将另存一份草稿，原定稿保留不变",
        )
    text = json.dumps(facts, ensure_ascii=False)  # key order is the document's order
    if drafts:
        draft = drafts[-1]
        draft.facts = text
        session.flush()
        audit.label(session, ("summary", draft.id), "regenerate")
        return draft.id, False
    summary = WorkSummary(
        period_key=period.key,
        period_start=period.start,
        period_end=period.last,
        unit_id=unit_id,
        title=clean_text(title, field="标题", max_len=TITLE_MAX, required=True),
        facts=text,
        state=SummaryState.draft,
        created_at=now(),  # the clock of finalized_at: shown side by side
    )
    session.add(summary)
    session.flush()
    return summary.id, True


def get_summary(session: Session, summary_id: int) -> WorkSummary:
    return get_record(session, WorkSummary, summary_id)


def _require_draft(summary: WorkSummary, action: str) -> None:
    if summary.state is SummaryState.final:
        raise IllegalMove(
            f"工作总结 {summary.id} 已定稿，不能{action}",
            "定稿不再修改；如需新版本，用 summary generate … --save --force 另起草稿",
        )


def edit(
    session: Session, summary_id: int, *, narrative: str | None = None, title: str | None = None
) -> None:
    """Change the narrative or the title of a draft (with neither: only check it is a draft).
    Values equal to the stored ones are :class:`~dangqun_cli.errors.NothingChanged`."""
    summary = get_summary(session, summary_id)
    _require_draft(summary, "修改")
    before = audit.content("summary", summary)
    if narrative is not None:
        summary.narrative = clean_text(
            narrative, field="总结正文", max_len=MINUTES_MAX, multiline=True
        )
    if title is not None:
        summary.title = clean_text(title, field="标题", max_len=TITLE_MAX, required=True)
    if narrative is not None or title is not None:
        audit.refuse_no_change(session, "summary", summary, before)
    session.flush()


def finalize(session: Session, summary_id: int) -> None:
    summary = get_summary(session, summary_id)
    _require_draft(summary, "再次定稿")
    summary.state = SummaryState.final
    # The chain's head before this change: printed at the end of the paper copy, it lets
    # anyone check later (log verify --anchor) that the history up to this day stands.
    summary.anchor_entry, summary.anchor_hash = audit.head(session) or (None, None)
    # The moment of finalising is "now" (DANGQUN_TODAY reproduces a report as of a day).
    summary.finalized_at = now()
    session.flush()
    audit.label(session, ("summary", summary.id), "finalize")
