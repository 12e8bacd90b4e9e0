"""recheck

回头看: a closed item is looked at again some months after its 销号 (``recheck.days``, 90 by
default). Each re-check is a row of its own, a child of the item (the item's audit entry
holds them, as it holds its notes and extensions): the day, who looked, what was found and
whether the fix held; one that did not hold carries the reason and reopened the item.
A new table; nothing else changes.

The index serves ``status`` (which closed items still wait for a re-check that held: the
item's re-checks by outcome and day) and the summary (re-checks of a period, by day).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recheck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("effective", sa.Boolean(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["rectification_item.id"],
            name=op.f("fk_recheck_item_id_rectification_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recheck")),
    )
    op.create_index(
        "ix_recheck_item_effective_day", "recheck", ["item_id", "effective", "day"], unique=False
    )
    op.create_index(op.f("ix_recheck_day"), "recheck", ["day"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_recheck_day"), table_name="recheck")
    op.drop_index("ix_recheck_item_effective_day", table_name="recheck")
    op.drop_table("recheck")
