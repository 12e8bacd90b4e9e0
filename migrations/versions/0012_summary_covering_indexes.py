"""summary covering indexes

``summary generate`` counts, per unit, the items in a period's scope: those still open and
those closed since the period began. The indexes it reads them by held only the state, the
deadline or the closing date, so each of tens of thousands of rows was looked up in the
table for its dates and unit (at 100,000 items, 30,000 of them open: 130 ms for one pass).
The same indexes now also hold the opening and closing dates and the unit, and the figures
are read from the index alone. Same names, wider columns.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("state != 'closed'")
TABLE = "rectification_item"
# name → (columns before, columns after, open items only)
CHANGED = {
    "ix_rectification_item_pending_due": (
        ["due"],
        ["due", "opened_on", "closed_on", "unit_id"],
        True,
    ),
    "ix_rectification_item_open_state_due": (
        ["state", "due"],
        ["state", "due", "opened_on", "closed_on", "unit_id"],
        True,
    ),
    "ix_rectification_item_closed_on": (
        ["closed_on"],
        ["closed_on", "state", "due", "opened_on", "unit_id"],
        False,
    ),
}


def _replace(columns_at: int) -> None:
    # Indexes only: SQLite drops and creates them in place (no batch copy of the table).
    for name, (*columns, partial) in CHANGED.items():
        where = {"sqlite_where": OPEN, "postgresql_where": OPEN} if partial else {}
        op.drop_index(name, table_name=TABLE, **where)
        op.create_index(name, TABLE, columns[columns_at], unique=False, **where)


def upgrade() -> None:
    _replace(1)


def downgrade() -> None:
    _replace(0)
