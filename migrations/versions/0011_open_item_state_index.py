"""open item state index

``status`` counts and lists the items awaiting verification (待验收, state 'submitted')
among the open ones; with only the plain state index that read visited every item of the
state and looked each up for its deadline (200 ms at 100,000 items). This index holds the
open items only, by state and deadline: the count and the first page read just those rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-11
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new index only: SQLite creates it in place (no batch copy).
    op.create_index(
        "ix_rectification_item_open_state_due",
        "rectification_item",
        ["state", "due"],
        unique=False,
        sqlite_where=sa.text("state != 'closed'"),
        postgresql_where=sa.text("state != 'closed'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_rectification_item_open_state_due",
        table_name="rectification_item",
        sqlite_where=sa.text("state != 'closed'"),
        postgresql_where=sa.text("state != 'closed'"),
    )
