"""New items of an import written in batches: checked rows become plain rows, inserted many
at a time with their progress notes and opinion links, each with its audit entry.

Every new item of an import and of ``rectify add --from-file`` is written here. One ORM
object, flush, savepoint and audit entry per row cost about 5 ms a row (a minute for a
10,000-row ledger); a batch costs a few statements whatever its size. What is written is
what the services would write: every column, the progress note a ledger's 整改进展 gives,
the opinions taken up by ``rectification.take_up``, and an audit entry per item with the
same snapshot (``audit.snapshot_of``), chained in the same transaction. Rows that change an
existing record go one by one through the services (importing.py ``_save_item``).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import sqlalchemy as sa

from dangqun_cli.database.bulk import insert_rows
from dangqun_cli.enums import ItemState
from dangqun_cli.models import ItemOpinion, NoteKind, Opinion, ProgressNote, RectificationItem
from dangqun_cli.services import audit

if TYPE_CHECKING:
    from dangqun_cli.transfer.importing import Context, ItemPlan

IMPORTED_BY = "（台账导入）"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a bulk run. A 10,000-row import makes a few
    hundred thousand short-lived, acyclic objects (cells, dicts, rows); the collector
    would walk them about 500 times, 0.4 s of the run. Whatever cycles the run leaves are
    collected when it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ItemBatch:
    """New items waiting to be written; :meth:`flush` writes them all."""

    def __init__(self, ctx: Context, *, always_new: bool = False) -> None:
        self.ctx = ctx
        self.always_new = always_new  # rectify add --from-file: every line is a new item
        self.plans: list[ItemPlan] = []
        self.ids: set[int] = set()
        self.keys: set[tuple] = set()
        self._existing_ids: set[int] | None = None

    def takes(self, plan: ItemPlan) -> bool:
        """Whether ``plan`` is a new item no earlier row or record already names; if so it
        joins the batch."""
        if self.always_new:
            self.plans.append(plan)
            return True
        if plan.item_id is not None and (
            plan.item_id in self.ids or plan.item_id in self.existing_ids()
        ):
            return False
        if plan.key in self.keys or plan.key in self.ctx.known("items", _KEYS):
            return False
        self.plans.append(plan)
        self.keys.add(plan.key)
        if plan.item_id is not None:
            self.ids.add(plan.item_id)
        return True

    def existing_ids(self) -> set[int]:
        if self._existing_ids is None:
            query = sa.select(RectificationItem.id)
            self._existing_ids = set(self.ctx.session.execute(query).scalars())
        return self._existing_ids

    def flush(self) -> list[int]:
        """Write the waiting items (before a row that may refer to one of them); their ids."""
        if not self.plans:
            return []
        plans, self.plans = self.plans, []
        self.ids.clear()
        self.keys.clear()
        s = self.ctx.session
        units = self._units(plans)
        now = dt.datetime.now().replace(microsecond=0)
        rows = [_item_row(plan, units, now) for plan in plans]
        _insert_numbered(s, RectificationItem, rows)
        by = (s.info.get("actor") or IMPORTED_BY)[:100]
        notes = {}
        for plan, row in zip(plans, rows, strict=True):
            if plan.progress and plan.progress != row["result"]:
                # 整改进展: the item's progress as of the import (before its submission).
                day = min(self.ctx.today, row["submitted_on"] or self.ctx.today)
                note = {"item_id": row["id"], "kind": NoteKind.note, "day": day, "by": by}
                notes[row["id"]] = [{**note, "text": plan.progress}]
        _insert_numbered(s, ProgressNote, [n for ns in notes.values() for n in ns])
        links = {
            row["id"]: [
                {"item_id": row["id"], "opinion_id": o} for o in sorted(set(plan.opinion_ids))
            ]
            for plan, row in zip(plans, rows, strict=True)
            if plan.opinion_ids
        }
        all_links = [link for ls in links.values() for link in ls]
        insert_rows(s.connection(), ItemOpinion.__table__, all_links)
        audit.append(
            s,
            [
                (
                    "item",
                    row["id"],
                    "create",
                    None,
                    audit.snapshot_of(
                        "item",
                        row,
                        {
                            "opinion_links": links.get(row["id"], []),
                            "notes": notes.get(row["id"], []),
                            "extensions": [],
                        },
                    ),
                )
                for row in rows
            ],
        )
        self._take_up(plans, rows)
        known = self.ctx.known("items", _KEYS)
        for row in rows:
            known[(row["problem"], row["unit_id"])] = row["id"]
        ids = [row["id"] for row in rows]
        if self._existing_ids is not None:
            self._existing_ids |= set(ids)
        return ids

    def _units(self, plans: list[ItemPlan]) -> dict[str, int]:
        """Add the units --create-units asked for, once each, through the unit service."""
        from dangqun_cli.services.units import add_unit

        s = self.ctx.session
        for plan in plans:
            name = plan.unit_ref
            if isinstance(name, str) and name not in self.ctx.units:
                self.ctx.units[name] = add_unit(s, name=name)
                self.ctx.new_units.discard(name)
        audit.write_pending(s)
        return self.ctx.units

    def _take_up(self, plans: list[ItemPlan], rows: list[dict]) -> None:
        """The opinions the new items answer become 已转整改, in file order (as the commands
        would do it), each with its audit entry."""
        from dangqun_cli.services.rectification import take_up

        s = self.ctx.session
        for plan, row in zip(plans, rows, strict=True):
            for opinion_id in plan.opinion_ids:
                take_up(s.get(Opinion, opinion_id), row["opened_on"])
        audit.write_pending(s)
        self.ctx.opinions = None  # read again when next needed
        s.expunge_all()


_KEYS = sa.select(RectificationItem.id, RectificationItem.problem, RectificationItem.unit_id)


def _item_row(plan: ItemPlan, units: dict[str, int], now: dt.datetime) -> dict:
    fields = plan.fields
    unit_id = units[plan.unit_ref] if isinstance(plan.unit_ref, str) else plan.unit_ref
    row = dict.fromkeys(audit.column_keys(RectificationItem))
    row.update({k: v for k, v in fields.items() if k in row})
    row.update(
        id=plan.item_id,
        unit_id=unit_id,
        original_due=plan.original_due or fields["due"],
        created_at=now,
        state=ItemState(fields["state"]),
    )
    return row


def _insert_numbered(session, model: type, rows: list[dict]) -> None:
    """Insert ``rows`` in one statement each for those that keep the file's number and for
    the others, numbered here after the highest number used, as the database would (one
    executemany, not a round trip per row); then the counters move past them."""
    from dangqun_cli.database.sequences import highest_id, sync_sequences

    if not rows:
        return
    conn = session.connection()
    table = model.__table__
    given = [r for r in rows if r.get("id") is not None]
    insert_rows(conn, table, given)
    fresh = [r for r in rows if r.get("id") is None]
    if fresh:
        start = highest_id(conn, table.name) + 1
        for offset, row in enumerate(fresh):
            row["id"] = start + offset
        insert_rows(conn, table, fresh)
    sync_sequences(conn)
