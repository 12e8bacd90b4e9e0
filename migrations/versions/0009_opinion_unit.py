"""opinion unit

An opinion may name the unit that raised it (opinion add --unit), so that a unit's summary
and `opinion list --unit` find what its people raised, not only what was said at its
meetings.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a nullable column with its REFERENCES clause in place: no batch copy
        # of the table (which would also have to carry its AUTOINCREMENT counter).
        op.execute("ALTER TABLE opinion ADD COLUMN unit_id INTEGER REFERENCES unit (id)")
    else:
        op.add_column("opinion", sa.Column("unit_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_opinion_unit_id_unit"), "opinion", "unit", ["unit_id"], ["id"]
        )
    op.create_index(op.f("ix_opinion_unit_id"), "opinion", ["unit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_opinion_unit_id"), table_name="opinion")
    with op.batch_alter_table("opinion", schema=None) as batch_op:
        batch_op.drop_column("unit_id")
